// File: sim/stats/interval_histogram.hpp
//
// A coarse log-linear latency histogram for one time-series interval (timeseries.csv's
// latency_p50_ms, latency_p99_ms, latency_p999_ms). Same layout as LatencyHistogram
// (latency_histogram.hpp) with kSubBits = 3 instead of 10: values below 16 ns are exact, each
// power-of-two range above is split into 8 equal buckets, and a quantile is reported as its
// bucket's midpoint, so its relative error is at most 2^-4 = 6.25% (kMaxRelativeError).
//
// Two forms, because a run holds up to RunMonitor::kMaxFixedSamples intervals:
// - IntervalHistogram: dense (488 counters, 3.9 KB), recorded into on every answered request
//   (an increment, as cheap as the run's main histogram) and reset at each interval's end;
// - SparseHistogram: the non-empty buckets only, what each monitor sample keeps (a few tens of
//   buckets for a typical interval). Sparse histograms merge exactly, so the monitor can join
//   two intervals when it doubles its spacing.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/stats/log_linear_buckets.hpp"

namespace servesim::stats {

using CoarseBuckets = LogLinearBuckets<3>;

class SparseHistogram {
 public:
  struct Bucket {
    std::uint32_t index = 0;
    std::uint32_t count = 0;
  };

  std::uint64_t count() const { return count_; }
  const std::vector<Bucket>& buckets() const { return buckets_; }  // increasing index
  // The bucket midpoint of the observation of rank ceil(p * count()) clamped to [1, count()];
  // 0 when empty. REQUIRES: 0 <= p <= 1.
  double quantile_ns(double p) const;
  // Adds `other`'s counts (exact).
  void merge(const SparseHistogram& other);

 private:
  friend class IntervalHistogram;
  std::vector<Bucket> buckets_;
  std::uint64_t count_ = 0;
};

class IntervalHistogram {
 public:
  // Inline: one call per answered request, so only the increment: take() scans all
  // kBucketCount counters instead of record() tracking the lowest and highest (M/M/10: 4 Ir per
  // request against 488 reads per interval).
  void record(std::int64_t value_ns) {
    ++counts_[CoarseBuckets::index(std::max<std::int64_t>(value_ns, 0))];
  }
  // The counts since the last take() (or construction) in sparse form; resets to empty.
  SparseHistogram take();

 private:
  std::array<std::uint32_t, CoarseBuckets::kBucketCount> counts_{};
};

}  // namespace servesim::stats
