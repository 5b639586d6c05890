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

void Replicate::on_request(RedundancyContext& ctx, RequestSlot request) {
  ctx.send_copy(request, CopyRole::kPrimary);
  for (int copy = 0; copy < extra_copies_; ++copy) ctx.send_copy(request, CopyRole::kReplica);
}

void Replicate::on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole role,
                             core::Time) {
  ctx.answer(request, role == CopyRole::kPrimary ? ServedAs::kPrimary : ServedAs::kReplica);
}

Hedge::Hedge(const RedundancyConfig& config)
    : percentile_(config.percentile),
      min_samples_(static_cast<std::uint64_t>(config.min_samples)),
      delay_(core::Time::from_ms(config.delay)) {}

void Hedge::on_request(RedundancyContext& ctx, RequestSlot request) {
  ctx.send_copy(request, CopyRole::kPrimary);
  ctx.start_timer(request, current_delay());
}

void Hedge::on_timer(RedundancyContext& ctx, RequestSlot request) {
  ctx.send_copy(request, CopyRole::kReplica);
}

void Hedge::on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole role,
                         core::Time copy_latency) {
  if (percentile_ > 0 && role == CopyRole::kPrimary) {
    first_copy_latency_.record(copy_latency.ns());
    const std::uint64_t seen = first_copy_latency_.count();
    if (seen >= min_samples_ && seen % kRefreshEvery == 0) {
      delay_ = core::Time::from_ns(
          static_cast<std::int64_t>(first_copy_latency_.quantile_ns(percentile_ / 100.0)));
    }
  }
  ctx.answer(request, role == CopyRole::kPrimary ? ServedAs::kPrimary : ServedAs::kReplica);
}

void Hedge::on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) {
  // A refused first copy still gets its hedge when the timer fires; drop only when nothing is
  // left to wait for.
  if (ctx.outstanding_copies(request) == 0 && copy > 0) ctx.answer(request, ServedAs::kDropped);
}

}  // namespace servesim::policy
