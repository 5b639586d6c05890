// File: sim/stats/latency_histogram.hpp
//
// A fixed-size log-linear histogram of non-negative durations in integer nanoseconds, HDR style:
// values below 2^kSubBits ns are exact; above, each power-of-two range [2^e, 2^(e+1)) is split into
// 2^kSubBits equal buckets, and a quantile is reported as its bucket's midpoint, so the relative
// error of any quantile is at most 2^-(kSubBits+1) (0.049% for kSubBits = 10). Memory is constant
// (about 440 KB) whatever the number of observations; mean, min and max are exact.
// Histograms merge exactly, so replications and threads combine without loss.
//
// Bucket layout. With S = 2^kSubBits and shift = max(0, bit_width(v) - kSubBits - 1), value v
// goes to bucket (shift << kSubBits) + (v >> shift). For v < 2S this is v itself (unit buckets);
// above, bucket i covers [m << shift, ((m + 1) << shift) - 1] with m = i - (shift << kSubBits) in
// [S, 2S), i.e. width 2^shift at a lower edge of at least S * 2^shift, which is where the
// relative-error bound comes from. INT64_MAX (bit 62) sets the count: (63 - kSubBits + 1) * S.
//
// Thread-safety: none; merge per-thread histograms in a fixed order.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"  // core::Uint128
#include "sim/stats/log_linear_buckets.hpp"

namespace servesim::stats {

class LatencyHistogram {
 public:
  using Buckets = LogLinearBuckets<10>;
  static constexpr int kSubBits = Buckets::kSubBits;
  static constexpr std::size_t kBucketCount = Buckets::kBucketCount;

  LatencyHistogram();

  // On the simulator's hot path (one call per completed request), hence inline: a bit_width,
  // a shift, one counter increment, and branch-free min/max.
  void record(std::int64_t value_ns);  // REQUIRES: value_ns >= 0
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  double mean_ns() const;  // exact (sum kept in 128 bits); 0 when empty
  std::int64_t min_ns() const { return count_ == 0 ? 0 : min_; }  // 0 when empty
  std::int64_t max_ns() const { return max_; }                    // 0 when empty
  // Smallest recorded value v such that at least a fraction p of observations are <= v,
  // as its bucket's midpoint (clamped to [min, max]). The rank is ceil(p * count()) clamped to
  // [1, count()]; ranks 1 and count() return min and max exactly, values below 2^kSubBits are
  // exact, and otherwise the relative error is at most kMaxRelativeError.
  // REQUIRES: 0 <= p <= 1. Returns 0 when empty.
  double quantile_ns(double p) const;
  // Fraction of observations <= value_ns, at bucket resolution: the observations in buckets up
  // to and including value_ns's own bucket, over count(). It can count observations in
  // (value_ns, upper edge of its bucket]; it is exact below 2^kSubBits, and is exactly 0 below
  // min and 1 at or above max. Returns 0 when empty.
  double cdf(std::int64_t value_ns) const;

  // Calls f(lower_ns, upper_ns, count) for each non-empty bucket in increasing order; bounds are
  // inclusive, so a unit bucket has lower_ns == upper_ns. For writers of cdf.csv and plots.
  template <class F>
  void for_each_bucket(F f) const;

  // Heap and object bytes held; independent of the number of observations.
  std::size_t memory_bytes() const {
    return sizeof(*this) + buckets_.capacity() * sizeof(std::uint64_t);
  }

  // Bucket geometry (log_linear_buckets.hpp), exposed for tests and writers.
  // REQUIRES: value_ns >= 0, index < kBucketCount.
  static std::size_t bucket_index(std::int64_t value_ns) { return Buckets::index(value_ns); }
  static std::int64_t bucket_lower_ns(std::size_t index) { return Buckets::lower_ns(index); }
  static std::int64_t bucket_upper_ns(std::size_t index) { return Buckets::upper_ns(index); }

  static constexpr double kMaxRelativeError = Buckets::kMaxRelativeError;

 private:
  // Midpoint of a bucket, clamped to [min_, max_]; exact for unit buckets.
  double representative(std::size_t index) const;

  // Invariant: buckets_.size() == kBucketCount; sum of buckets_ == count_.
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  core::Uint128 sum_ = 0;
  // min_ starts at INT64_MAX so record() needs no first-observation branch; min_ns() hides it.
  std::int64_t min_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_ = 0;
};

inline void LatencyHistogram::record(std::int64_t value_ns) {
  SERVESIM_DEBUG_ASSERT(value_ns >= 0, "latencies are non-negative");
  // A negative value is a simulator bug (caught above in debug builds); in release it is
  // recorded as 0 rather than indexing past the buckets.
  value_ns = std::max<std::int64_t>(value_ns, 0);
  ++buckets_[bucket_index(value_ns)];
  ++count_;
  sum_ += static_cast<std::uint64_t>(value_ns);
  min_ = std::min(min_, value_ns);
  max_ = std::max(max_, value_ns);
}

template <class F>
void LatencyHistogram::for_each_bucket(F f) const {
  if (count_ == 0) return;
  const std::size_t last = bucket_index(max_);
  for (std::size_t index = bucket_index(min_); index <= last; ++index) {
    if (buckets_[index] != 0) f(bucket_lower_ns(index), bucket_upper_ns(index), buckets_[index]);
  }
}

}  // namespace servesim::stats
