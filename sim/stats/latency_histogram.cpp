// File: sim/stats/latency_histogram.cpp
//
// Out-of-line parts of LatencyHistogram: merge, mean, quantiles and the CDF. record() is inline
// in the header because it runs once per request; everything here runs once per report.
#include "sim/stats/latency_histogram.hpp"

#include <cmath>

namespace servesim::stats {

LatencyHistogram::LatencyHistogram() : buckets_(kBucketCount, 0) {}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  // Only the other's occupied range can hold counts; this keeps merging many small
  // per-replication histograms cheap.
  const std::size_t first = bucket_index(other.min_);
  const std::size_t last = bucket_index(other.max_);
  for (std::size_t index = first; index <= last; ++index) buckets_[index] += other.buckets_[index];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double LatencyHistogram::mean_ns() const {
  if (count_ == 0) return 0;
  // Integer quotient plus remainder fraction: the quotient fits in 64 bits (it is at most
  // INT64_MAX) and converts with one rounding, where converting the 128-bit sum first would add
  // a second, larger one.
  const auto quotient = static_cast<std::uint64_t>(sum_ / count_);
  const auto remainder = static_cast<std::uint64_t>(sum_ % count_);
  return static_cast<double>(quotient) +
         static_cast<double>(remainder) / static_cast<double>(count_);
}

double LatencyHistogram::representative(std::size_t index) const {
  const std::int64_t lower = bucket_lower_ns(index);
  const std::int64_t upper = bucket_upper_ns(index);
  // (upper - lower) / 2 is at most (width - 1) / 2 from any integer in the bucket, and the
  // bucket's lower edge is at least 2^kSubBits widths, giving the 2^-(kSubBits+1) bound.
  const double midpoint = static_cast<double>(lower) + static_cast<double>(upper - lower) / 2;
  return std::clamp(midpoint, static_cast<double>(min_), static_cast<double>(max_));
}

double LatencyHistogram::quantile_ns(double p) const {
  SERVESIM_ASSERT(p >= 0 && p <= 1, "quantile level must lie in [0, 1]");
  if (count_ == 0) return 0;
  const double scaled = std::ceil(p * static_cast<double>(count_));
  const std::uint64_t rank = std::min(static_cast<std::uint64_t>(std::max(scaled, 1.0)), count_);
  // The extreme order statistics are kept exactly; report them without bucket error.
  if (rank == 1) return static_cast<double>(min_);
  if (rank == count_) return static_cast<double>(max_);

  const std::size_t first = bucket_index(min_);
  const std::size_t last = bucket_index(max_);
  // Walk from whichever end is nearer the rank: tail quantiles (p99, p99.9) are the common ask
  // and touch few buckets from the top.
  if (rank <= count_ / 2) {
    std::uint64_t below = 0;
    for (std::size_t index = first; index <= last; ++index) {
      below += buckets_[index];
      if (below >= rank) return representative(index);
    }
  } else {
    // Rank counted from the top: the largest observation has top_rank 1.
    const std::uint64_t top_rank = count_ - rank + 1;
    std::uint64_t above = 0;
    for (std::size_t index = last + 1; index-- > first;) {
      above += buckets_[index];
      if (above >= top_rank) return representative(index);
    }
  }
  SERVESIM_ASSERT(false, "histogram bucket counts do not add up to count()");
  return 0;
}

double LatencyHistogram::cdf(std::int64_t value_ns) const {
  if (count_ == 0 || value_ns < min_) return 0;
  if (value_ns >= max_) return 1;
  const std::size_t last = bucket_index(value_ns);
  std::uint64_t at_or_below = 0;
  for (std::size_t index = bucket_index(min_); index <= last; ++index) {
    at_or_below += buckets_[index];
  }
  return static_cast<double>(at_or_below) / static_cast<double>(count_);
}

}  // namespace servesim::stats
