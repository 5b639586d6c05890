// File: sim/policy/redundancy/hedge_window.hpp
//
// The p-th percentile of the last `window` observations, kept up to date in O(log B) per
// observation and per query, B = kBucketCount: a ring buffer remembers which bucket each of the
// last `window` values fell in (so the oldest can be taken out), and a Fenwick tree over those
// buckets counts the window's values (so a rank is found by binary descent). No sort per
// request, and memory is fixed: 4 bytes per window slot plus 4 bytes per bucket (about 29 KB).
//
// Buckets are stats::LogLinearBuckets<7>: values below 128 ns are exact; above, each power of two
// is split into 128 buckets, and a quantile is its bucket's midpoint, so the relative error is at
// most 2^-8 = 0.39%.
//
// Thread-safety: none (one per policy, one policy per replication).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/stats/log_linear_buckets.hpp"

namespace servesim::policy {

class WindowedQuantile {
 public:
  using Buckets = stats::LogLinearBuckets<7>;
  static constexpr std::size_t kBucketCount = Buckets::kBucketCount;
  static constexpr double kMaxRelativeError = Buckets::kMaxRelativeError;

  // REQUIRES: window >= 1.
  explicit WindowedQuantile(std::size_t window);

  // Adds value_ns (clamped to >= 0); once `window` values are held, the oldest one leaves.
  void record(std::int64_t value_ns);
  // Values in the window now: min(seen, window).
  std::size_t size() const { return size_; }
  // Values ever recorded.
  std::uint64_t seen() const { return seen_; }
  // Smallest bucket midpoint v such that at least a fraction p of the window is <= v's bucket:
  // rank ceil(p size()) clamped to [1, size()]. REQUIRES: size() > 0, 0 <= p <= 1.
  double quantile_ns(double p) const;

 private:
  void add(std::size_t bucket, std::int32_t delta);

  const std::size_t window_;
  std::vector<std::uint32_t> ring_;  // bucket of each value in the window, oldest at head_
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::uint64_t seen_ = 0;
  std::vector<std::uint32_t> tree_;  // Fenwick tree over buckets, 1-based (tree_[0] unused)
  std::size_t top_bit_ = 1;          // largest power of two <= kBucketCount
};

}  // namespace servesim::policy
