// File: sim/stats/latency_histogram.hpp
//
// A fixed-size log-linear histogram of non-negative durations in integer nanoseconds, HDR style:
// values below 2^kSubBits ns are exact; above, each power-of-two range [2^e, 2^(e+1)) is split into
// 2^kSubBits equal buckets, and a quantile is reported as its bucket's midpoint, so the relative
// error of any quantile is at most 2^-(kSubBits+1) (0.049% for kSubBits = 10). Memory is constant
// (about 440 KB) whatever the number of observations; mean, min and max are exact.
// Histograms merge exactly, so replications and threads combine without loss.
//
// Thread-safety: none; merge per-thread histograms in a fixed order.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"  // core::Uint128

namespace servesim::stats {

class LatencyHistogram {
 public:
  static constexpr int kSubBits = 10;

  LatencyHistogram();

  void record(std::int64_t value_ns);  // REQUIRES: value_ns >= 0
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  double mean_ns() const;  // exact (sum kept in 128 bits); 0 when empty
  std::int64_t min_ns() const { return min_; }
  std::int64_t max_ns() const { return max_; }
  // Smallest recorded value v such that at least a fraction p of observations are <= v,
  // as its bucket's midpoint (clamped to [min, max]). REQUIRES: 0 <= p <= 1, count() > 0.
  double quantile_ns(double p) const;
  // Fraction of observations <= value_ns (bucket resolution).
  double cdf(std::int64_t value_ns) const;

  static constexpr double kMaxRelativeError = 1.0 / (1 << (kSubBits + 1));

 private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  core::Uint128 sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace servesim::stats
