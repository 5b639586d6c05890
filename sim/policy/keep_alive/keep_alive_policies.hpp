// File: sim/policy/keep_alive/keep_alive_policies.hpp
//
// The keep-alive policies of the registry: a fixed idle time-to-live (AWS Lambda, Azure
// Functions as measured) and the hybrid histogram policy of Shahrad et al. (ATC'20).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/policy/keep_alive/keep_alive_policy.hpp"

namespace servesim::policy {

// Keeps an idle sandbox for ttl_s, never pre-warms.
class FixedKeepAlive final : public KeepAlivePolicy {
 public:
  explicit FixedKeepAlive(const KeepAliveConfig& config)
      : decision_{core::Time::zero(), core::Time::from_s(config.ttl_s)} {}
  void on_idle_time(core::Time) override {}
  KeepAliveDecision decide() override { return decision_; }

 private:
  const KeepAliveDecision decision_;
};

// Shahrad et al., "Serverless in the Wild", ATC'20, §4.2, without its ARIMA branch.
//
// The function's idle times go into a histogram of B = round(range_s / bin_s) bins of bin_s
// (default 240 bins of 1 minute, 4 h); an idle time >= range_s is counted as out of bounds (OOB).
// With N in-bound idle times, the histogram is *representative* iff all of:
//   (1) OOB / (OOB + N) < oob_threshold,
//   (2) N >= min_samples,
//   (3) the coefficient of variation of the B bin counts, sd / mean with
//       sd^2 = sum_i (c_i - N/B)^2 / (B - 1), is >= cv_threshold (a flat histogram says nothing).
// Representative: with h the first bin whose cumulative count reaches head_percentile % of N and
// t the first reaching tail_percentile %,
//   prewarm    = h * bin_s * (1 - margin)              (lower edge of the head bin, earlier)
//   keep-alive = (t + 1) * bin_s * (1 + margin) - prewarm   (until the upper edge of the tail bin,
//                                                           later, counted from the sandbox idling)
// Otherwise the fallback: prewarm 0, keep-alive range_s (the paper's standard keep-alive when the
// pattern is not representative, empirical.md §3.10). The paper forecasts idle times with ARIMA
// when too many are out of bounds; that branch is omitted here and case (1) takes the fallback.
class HybridHistogramKeepAlive final : public KeepAlivePolicy {
 public:
  explicit HybridHistogramKeepAlive(const KeepAliveConfig& config);
  void on_idle_time(core::Time idle) override;
  KeepAliveDecision decide() override;

  // For tests and documentation.
  bool representative() const;
  double bin_count_cv() const;
  std::uint64_t in_bound() const { return in_bound_; }
  std::uint64_t out_of_bounds() const { return out_of_bounds_; }

 private:
  std::size_t percentile_bin(double percentile) const;

  const KeepAliveConfig config_;
  const std::int64_t bin_ns_;
  const std::int64_t range_ns_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t in_bound_ = 0;
  std::uint64_t out_of_bounds_ = 0;
  std::uint64_t sum_squares_ = 0;  // sum of counts_[i]^2, kept exactly for the CV
  bool dirty_ = true;
  KeepAliveDecision cached_;
};

}  // namespace servesim::policy
