// File: sim/policy/redundancy/replicate.cpp
#include "sim/policy/redundancy/replicate.hpp"

namespace servesim::policy {

Replicate::Replicate(const RedundancyConfig& config)
    : extra_copies_(config.r),
      low_priority_(config.copy_priority == "low"),
      selection_(config) {}

void Replicate::on_request(RedundancyContext& ctx, RequestSlot request) {
  ctx.send_copy(request, CopyRole::kPrimary);
  if (!selection_.chosen()) return;
  for (int copy = 0; copy < extra_copies_; ++copy) ctx.send_copy(request, CopyRole::kReplica);
}

void Replicate::on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole role,
                             core::Time) {
  ctx.answer(request, role == CopyRole::kPrimary ? ServedAs::kPrimary : ServedAs::kReplica);
}

}  // namespace servesim::policy
