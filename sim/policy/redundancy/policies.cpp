// File: sim/policy/redundancy/policies.cpp
#include "sim/policy/redundancy/policies.hpp"

namespace servesim::policy {

void NoRedundancy::on_request(RedundancyContext& ctx, RequestSlot request) {
  ctx.send_copy(request, CopyRole::kPrimary);
}

void NoRedundancy::on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole,
                                core::Time) {
  ctx.answer(request, ServedAs::kPrimary);
}

}  // namespace servesim::policy
