// File: sim/stats/log_linear_buckets.hpp
//
// The bucket geometry shared by every latency histogram in servesim: values below 2^SubBits ns
// get a bucket each (exact); above, each power of two is split into 2^SubBits equal buckets, so
// a bucket's midpoint is within 2^-(SubBits+1) of any value in it. LatencyHistogram (the run's,
// SubBits 10), CoarseBuckets (timeseries.csv's intervals, 3) and the hedge's WindowedQuantile (7)
// differ only in SubBits.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace servesim::stats {

template <int SubBits>
struct LogLinearBuckets {
  static constexpr int kSubBits = SubBits;
  static constexpr std::size_t kBucketCount = (63 - kSubBits + 1) * (std::size_t{1} << kSubBits);
  static constexpr double kMaxRelativeError = 1.0 / (1 << (kSubBits + 1));

  // REQUIRES: value_ns >= 0 (callers clamp). Branch-free: OR-ing in bit kSubBits makes
  // bit_width at least kSubBits + 1, so the shift is 0 for small values.
  static std::size_t index(std::int64_t value_ns) {
    const auto value = static_cast<std::uint64_t>(value_ns);
    const int shift = std::bit_width(value | (std::uint64_t{1} << kSubBits)) - (kSubBits + 1);
    return (static_cast<std::size_t>(shift) << kSubBits) + static_cast<std::size_t>(value >> shift);
  }
  static int shift(std::size_t index) {
    return std::max(0, static_cast<int>(index >> kSubBits) - 1);
  }
  static std::int64_t lower_ns(std::size_t index) {
    const int s = shift(index);
    return static_cast<std::int64_t>((index - (static_cast<std::size_t>(s) << kSubBits)) << s);
  }
  // Inclusive upper edge: lower + (width - 1), since the top bucket's next lower is 2^63.
  static std::int64_t upper_ns(std::size_t index) {
    return lower_ns(index) + ((std::int64_t{1} << shift(index)) - 1);
  }
  // Midpoint of [lower, upper]; exact for unit buckets.
  static double midpoint_ns(std::size_t index) {
    const double width = static_cast<double>(std::int64_t{1} << shift(index));
    return static_cast<double>(lower_ns(index)) + (width - 1) / 2;
  }
};

}  // namespace servesim::stats
