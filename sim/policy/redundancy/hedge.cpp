// File: sim/policy/redundancy/hedge.cpp
#include "sim/policy/redundancy/hedge.hpp"

#include <algorithm>

namespace servesim::policy {

Hedge::Hedge(const RedundancyConfig& config)
    : percentile_(config.percentile),
      min_samples_(static_cast<std::uint64_t>(config.min_samples)),
      low_priority_(config.copy_priority == "low"),
      fixed_delay_(core::Time::from_ms(config.delay)),
      // A fixed-delay hedge never reads the window: keep it to one slot.
      window_(config.percentile > 0 ? static_cast<std::size_t>(std::max(config.window, 1)) : 1),
      selection_(config) {}

std::optional<core::Time> Hedge::current_delay() const {
  if (percentile_ <= 0) return fixed_delay_;
  if (window_.seen() >= min_samples_) return learned_delay_;
  if (fixed_delay_ > core::Time::zero()) return fixed_delay_;
  return std::nullopt;
}

std::optional<double> Hedge::hedge_threshold_ms() const {
  const auto delay = current_delay();
  if (!delay) return std::nullopt;
  return delay->ms();
}

void Hedge::on_request(RedundancyContext& ctx, RequestSlot request) {
  const std::optional<core::Time> delay = selection_.chosen() ? current_delay() : std::nullopt;
  if (request >= hedge_pending_.size()) hedge_pending_.resize(request + std::size_t{1});
  // Set before the first copy goes out: a pool may refuse it at once (on_copy_dropped).
  hedge_pending_[request] = delay.has_value();
  ctx.send_copy(request, CopyRole::kPrimary);
  if (delay) ctx.start_timer(request, *delay);
}

void Hedge::on_timer(RedundancyContext& ctx, RequestSlot request) {
  hedge_pending_[request] = false;
  ctx.send_copy(request, CopyRole::kReplica);
}

void Hedge::on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole role,
                         core::Time copy_latency) {
  if (percentile_ > 0) {
    // A hedge that answers first censors its first copy at copy_latency (see hedge.hpp).
    window_.record(copy_latency.ns());
    if (window_.seen() >= min_samples_) {
      learned_delay_ = core::Time::from_ns(
          static_cast<std::int64_t>(window_.quantile_ns(percentile_ / 100.0)));
    }
  }
  ctx.answer(request, role == CopyRole::kPrimary ? ServedAs::kPrimary : ServedAs::kReplica);
}

void Hedge::on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) {
  // A refused first copy still gets its hedge when the timer fires; drop only when nothing is
  // left to wait for (or no hedge will come).
  if (ctx.outstanding_copies(request) != 0) return;
  if (copy > 0 || !hedge_pending_[request]) ctx.answer(request, ServedAs::kDropped);
}

}  // namespace servesim::policy
