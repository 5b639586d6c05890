// File: sim/policy/redundancy/hedge.hpp
//
// Dean & Barroso's hedged request ("The Tail at Scale", CACM 2013): a second copy once the first
// has been out for a delay, the first answer wins. The delay is either fixed (`delay`) or, as
// the paper practises it, the `percentile`-th percentile of recent first-copy latency.
//
// Percentile mode (docs/redundancy.md, "Hedging"):
//  - The percentile is over the last `window` first-copy latencies (WindowedQuantile), updated
//    with every observation, so a threshold learned under one load forgets it under another.
//  - Until `min_samples` first copies have been observed, requests are hedged after `delay` if
//    it is > 0, and not at all otherwise: hedging everything while nothing is known builds the
//    queue that then poisons the threshold.
//  - Censoring: when a hedge answers first, its first copy's latency is unknown but is at least
//    the hedge's answer latency (the first copy was sent at arrival and had not answered). That
//    lower bound is recorded in its place. A threshold near the p-th percentile is then estimated
//    without bias as long as it lies below the censoring points: every censored first copy
//    still counts as "slower than the threshold", which is all the p-th percentile needs.
//    Dropping censored copies instead (the earlier behaviour) keeps only the copies that won,
//    biasing the percentile down (docs/redundancy.md measures both).
//  - `fraction` < 1 hedges only that share of requests (copy_selection.hpp); the others still
//    feed the window.
#pragma once

#include <optional>
#include <vector>

#include "sim/policy/redundancy/copy_selection.hpp"
#include "sim/policy/redundancy/hedge_window.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {

class Hedge final : public RedundancyPolicy {
 public:
  explicit Hedge(const RedundancyConfig& config);
  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  void on_timer(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) override;
  bool low_priority_copies() const override { return low_priority_; }
  std::optional<double> hedge_threshold_ms() const override;

 private:
  // The delay a new request's hedge waits, or nullopt for no hedge.
  std::optional<core::Time> current_delay() const;

  const double percentile_;  // 0 = fixed delay
  const std::uint64_t min_samples_;
  const bool low_priority_;
  const core::Time fixed_delay_;
  core::Time learned_delay_;  // valid once window_.seen() >= min_samples_
  WindowedQuantile window_;
  CopySelection selection_;
  // hedge_pending_[slot]: the request in that slot has a hedge timer that has not fired, so a
  // refused first copy waits for it. Indexed by request slot, which the frontend reuses: the
  // size follows the most requests live at once, not the run's length.
  std::vector<bool> hedge_pending_;
};

}  // namespace servesim::policy
