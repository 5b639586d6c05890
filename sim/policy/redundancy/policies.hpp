// File: sim/policy/redundancy/policies.hpp
//
// The baseline redundancy schemes. equal_resources behaves as `none` here: its extra instances
// are added to the pool when the simulation is built (run/), which is all it does.
#pragma once

#include "sim/policy/redundancy/redundancy_policy.hpp"
#include "sim/stats/latency_histogram.hpp"

namespace servesim::policy {

// One copy; its answer is served.
class NoRedundancy final : public RedundancyPolicy {
 public:
  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  bool single_primary_copy() const override { return true; }
};

// 1 + r copies at once, to distinct instances; the first answer wins, the rest are cancelled.
class Replicate final : public RedundancyPolicy {
 public:
  explicit Replicate(int extra_copies) : extra_copies_(extra_copies) {}
  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;

 private:
  const int extra_copies_;
};

// Dean & Barroso's hedged request (CACM 2013): a second copy once the first has been out for a
// fixed delay, or for the running p-th percentile of first-copy latency; first answer wins.
class Hedge final : public RedundancyPolicy {
 public:
  explicit Hedge(const RedundancyConfig& config);
  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  void on_timer(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) override;

 private:
  core::Time current_delay() const { return delay_; }

  const double percentile_;  // 0 = fixed delay
  const std::uint64_t min_samples_;
  // The threshold is recomputed every kRefreshEvery first-copy answers: a quantile scan of the
  // histogram costs tens of microseconds, too much per request.
  static constexpr std::uint64_t kRefreshEvery = 1000;
  core::Time delay_;
  stats::LatencyHistogram first_copy_latency_;
};

}  // namespace servesim::policy
