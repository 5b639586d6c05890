// File: sim/policy/redundancy/backup.cpp
#include "sim/policy/redundancy/backup.hpp"

namespace servesim::policy {

ApproximateBackup::ApproximateBackup(const RedundancyConfig& config)
    : backup_pool_(config.pool_index),
      fixed_threshold_(config.timeout > 0),
      min_samples_(static_cast<std::uint64_t>(config.min_samples)),
      threshold_(config.timeout > 0 ? core::Time::from_ms(config.timeout) : core::Time::max()) {}

void ApproximateBackup::on_request(RedundancyContext& ctx, RequestSlot request) {
  if (backup_ready_.size() <= request) backup_ready_.resize(static_cast<std::size_t>(request) + 1);
  backup_ready_[request] = 0;
  ctx.send_copy(request, CopyRole::kPrimary, 0);
  ctx.send_copy(request, CopyRole::kBackup, backup_pool_);
}

void ApproximateBackup::record_original(core::Time latency) {
  if (fixed_threshold_) return;
  original_latency_.record(latency.ns());
  const std::uint64_t seen = original_latency_.count();
  if (seen >= min_samples_ && seen % kRefreshEvery == 0) {
    threshold_ = core::Time::from_ns(static_cast<std::int64_t>(original_latency_.quantile_ns(0.5)));
  }
}

void ApproximateBackup::serve_backup(RedundancyContext& ctx, RequestSlot request) {
  ctx.detach_copies(request, static_cast<std::uint64_t>(ctx.arrived_at(request).ns()));
  ctx.answer(request, ServedAs::kBackup);
}

void ApproximateBackup::on_task_done(RedundancyContext& ctx, std::uint64_t arrived_ns) {
  record_original(ctx.now() - core::Time::from_ns(static_cast<std::int64_t>(arrived_ns)));
}

void ApproximateBackup::on_copy_done(RedundancyContext& ctx, RequestSlot request, int,
                                     CopyRole role, core::Time copy_latency) {
  if (role == CopyRole::kPrimary) {
    record_original(copy_latency);
    ctx.answer(request, ServedAs::kPrimary);
    return;
  }
  // The backup is back: serve it now if the threshold has passed, else hold it until then
  // unless the original comes first.
  // With the original refused (queue_capacity) nothing else can answer: serve the backup now.
  const core::Time waited = ctx.now() - ctx.arrived_at(request);
  if (waited >= threshold() || ctx.outstanding_copies(request) == 0) {
    serve_backup(ctx, request);
  } else if (threshold() != core::Time::max()) {
    backup_ready_[request] = 1;
    ctx.start_timer(request, threshold() - waited);
  }
}

void ApproximateBackup::on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int) {
  if (ctx.outstanding_copies(request) > 0) return;
  ctx.answer(request, backup_ready_[request] ? ServedAs::kBackup : ServedAs::kDropped);
}

void ApproximateBackup::on_timer(RedundancyContext& ctx, RequestSlot request) {
  if (backup_ready_[request]) serve_backup(ctx, request);
}

}  // namespace servesim::policy
