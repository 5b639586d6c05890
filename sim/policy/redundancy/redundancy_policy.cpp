// File: sim/policy/redundancy/redundancy_policy.cpp
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {

const char* served_as_name(ServedAs served) {
  switch (served) {
    case ServedAs::kPrimary: return "primary";
    case ServedAs::kReconstructed: return "reconstructed";
    case ServedAs::kReplica: return "replica";
    case ServedAs::kBackup: return "backup";
    case ServedAs::kPartial: return "partial";
    case ServedAs::kDefault: return "default";
    case ServedAs::kDropped: return "dropped";
  }
  return "?";
}

// Default: a request whose every copy was refused is dropped.
void RedundancyPolicy::on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int) {
  if (ctx.outstanding_copies(request) == 0) ctx.answer(request, ServedAs::kDropped);
}

void RedundancyPolicy::on_timer(RedundancyContext&, RequestSlot) {}
void RedundancyPolicy::on_task_done(RedundancyContext&, std::uint64_t) {}
void RedundancyPolicy::on_task_refused(RedundancyContext&, std::uint64_t) {}
void RedundancyPolicy::on_policy_timer(RedundancyContext&, std::uint64_t) {}

}  // namespace servesim::policy
