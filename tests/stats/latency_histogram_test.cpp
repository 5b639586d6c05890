// File: tests/stats/latency_histogram_test.cpp
//
// LatencyHistogram against exact answers: order statistics of a sorted copy, a long double sum,
// exhaustive small values, and theory (exponential quantiles) with a stated false-failure rate.
#include "sim/stats/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/rng.hpp"

namespace servesim::stats {
namespace {

// Values log-uniform over [1 us, 100 s] in ns: eight decades, the span of serving latencies
// from a cached hit to a cold start behind a queue.
std::vector<std::int64_t> log_uniform_ns(std::size_t n, std::uint64_t seed) {
  core::RngStream rng(seed, 0, "tests/stats/log_uniform");
  const double log_low = std::log(1e3);
  const double log_high = std::log(1e11);
  std::vector<std::int64_t> values(n);
  for (auto& value : values) {
    value = std::llround(std::exp(log_low + rng.uniform_open01() * (log_high - log_low)));
  }
  return values;
}

// The order statistic quantile_ns(p) reports, computed independently from a sorted copy.
std::int64_t exact_quantile(const std::vector<std::int64_t>& sorted, double p) {
  const auto n = static_cast<double>(sorted.size());
  const double rank = std::clamp(std::ceil(p * n), 1.0, n);
  return sorted[static_cast<std::size_t>(rank) - 1];
}

const std::vector<double> kLevels = {0.5, 0.9,  0.99, 0.999, 0.9999,   0.00001, 1.0,
                                     0.0, 0.25, 0.75, 0.95,  0.123456, 0.999999};

TEST(LatencyHistogram, EmptyHistogramReportsZeros) {
  const LatencyHistogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.min_ns(), 0);
  EXPECT_EQ(histogram.max_ns(), 0);
  EXPECT_EQ(histogram.mean_ns(), 0.0);
  EXPECT_EQ(histogram.quantile_ns(0.5), 0.0);
  EXPECT_EQ(histogram.cdf(100), 0.0);
}

TEST(LatencyHistogram, BucketGeometryCoversEveryValueWithoutGaps) {
  // Consecutive buckets tile [0, INT64_MAX]: each lower edge is the previous upper edge + 1.
  EXPECT_EQ(LatencyHistogram::bucket_lower_ns(0), 0);
  for (std::size_t index = 1; index < LatencyHistogram::kBucketCount; ++index) {
    ASSERT_EQ(LatencyHistogram::bucket_lower_ns(index),
              LatencyHistogram::bucket_upper_ns(index - 1) + 1)
        << "index " << index;
  }
  EXPECT_EQ(LatencyHistogram::bucket_upper_ns(LatencyHistogram::kBucketCount - 1),
            std::numeric_limits<std::int64_t>::max());
  // And bucket_index agrees with the edges around every power of two.
  for (int bit = 0; bit < 63; ++bit) {
    const std::int64_t power = std::int64_t{1} << bit;
    for (const std::int64_t value : {power - 1, power, power + 1}) {
      const std::size_t index = LatencyHistogram::bucket_index(value);
      ASSERT_LT(index, LatencyHistogram::kBucketCount);
      EXPECT_LE(LatencyHistogram::bucket_lower_ns(index), value);
      EXPECT_GE(LatencyHistogram::bucket_upper_ns(index), value);
    }
  }
}

TEST(LatencyHistogram, BucketWidthRespectsRelativeErrorBound) {
  // The bound's premise: half a bucket's width over its lower edge is at most 2^-(kSubBits+1).
  for (std::size_t index = 1; index < LatencyHistogram::kBucketCount; ++index) {
    const auto lower = static_cast<double>(LatencyHistogram::bucket_lower_ns(index));
    const auto upper = static_cast<double>(LatencyHistogram::bucket_upper_ns(index));
    ASSERT_LE((upper - lower) / 2 / lower, LatencyHistogram::kMaxRelativeError) << index;
  }
}

TEST(LatencyHistogram, QuantileRelativeErrorWithinBound) {
  constexpr std::size_t kCount = 1'000'000;
  const std::vector<std::int64_t> values = log_uniform_ns(kCount, 11);
  LatencyHistogram histogram;
  for (const std::int64_t value : values) histogram.record(value);
  std::vector<std::int64_t> sorted = values;
  std::sort(sorted.begin(), sorted.end());

  ASSERT_EQ(histogram.count(), kCount);
  for (const double p : kLevels) {
    const auto exact = static_cast<double>(exact_quantile(sorted, p));
    const double reported = histogram.quantile_ns(p);
    // 1 ns of slack covers rounding the midpoint of the narrowest non-unit buckets.
    EXPECT_LE(std::abs(reported - exact), LatencyHistogram::kMaxRelativeError * exact + 1.0)
        << "p = " << p << ", exact " << exact << ", reported " << reported;
  }
  EXPECT_EQ(histogram.quantile_ns(0.0), static_cast<double>(sorted.front()));
  EXPECT_EQ(histogram.quantile_ns(1.0), static_cast<double>(sorted.back()));
}

TEST(LatencyHistogram, QuantileErrorBoundHoldsAtEveryRankAcrossAllScales) {
  // Every rank of a sample spread over the whole int64 range, not only the common levels.
  core::RngStream rng(5, 0, "tests/stats/all_scales");
  std::vector<std::int64_t> values(20'000);
  for (auto& value : values) {
    // A random bit length from 1 to 63: every power-of-two range up to INT64_MAX is visited.
    const auto shift = static_cast<int>(1 + rng.uniform_index(63));
    value = static_cast<std::int64_t>(rng.next_u64() >> shift);
  }
  LatencyHistogram histogram;
  for (const std::int64_t value : values) histogram.record(value);
  std::sort(values.begin(), values.end());
  const auto n = static_cast<double>(values.size());
  for (std::size_t rank = 1; rank <= values.size(); ++rank) {
    // The middle of the rank's interval, so ceil(p * n) == rank without rounding doubts.
    const double p = (static_cast<double>(rank) - 0.5) / n;
    const auto exact = static_cast<double>(values[rank - 1]);
    ASSERT_LE(std::abs(histogram.quantile_ns(p) - exact),
              LatencyHistogram::kMaxRelativeError * exact + 1.0)
        << "rank " << rank;
  }
}

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram histogram;
  for (std::int64_t value = 0; value < 1024; ++value) histogram.record(value);
  EXPECT_EQ(histogram.count(), 1024u);
  EXPECT_EQ(histogram.min_ns(), 0);
  EXPECT_EQ(histogram.max_ns(), 1023);
  EXPECT_DOUBLE_EQ(histogram.mean_ns(), 511.5);
  for (std::uint64_t rank = 1; rank <= 1024; ++rank) {
    const double p = (static_cast<double>(rank) - 0.5) / 1024.0;
    ASSERT_EQ(histogram.quantile_ns(p), static_cast<double>(rank - 1)) << "rank " << rank;
  }
  // cdf is exact here too: (v + 1) of the 1024 values are <= v.
  for (std::int64_t value = 0; value < 1024; ++value) {
    ASSERT_DOUBLE_EQ(histogram.cdf(value), static_cast<double>(value + 1) / 1024.0);
  }
  EXPECT_EQ(histogram.cdf(-1), 0.0);
  EXPECT_EQ(histogram.cdf(5000), 1.0);
}

TEST(LatencyHistogram, SingleValueIsReportedExactlyAtEveryLevel) {
  // min == max clamps every bucket midpoint to the value itself.
  LatencyHistogram histogram;
  for (int i = 0; i < 3; ++i) histogram.record(123'456'789);
  for (const double p : kLevels) EXPECT_EQ(histogram.quantile_ns(p), 123'456'789.0);
}

TEST(LatencyHistogram, MeanMinMaxAreExact) {
  const std::vector<std::int64_t> values = log_uniform_ns(1'000'000, 12);
  LatencyHistogram histogram;
  long double sum = 0;  // 1e6 values below 1e11 sum below 2^64: exact in x87 long double
  for (const std::int64_t value : values) {
    histogram.record(value);
    sum += static_cast<long double>(value);
  }
  const auto expected_mean = static_cast<double>(sum / static_cast<long double>(values.size()));
  EXPECT_NEAR(histogram.mean_ns(), expected_mean, 1e-15 * expected_mean);
  EXPECT_EQ(histogram.min_ns(), *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(histogram.max_ns(), *std::max_element(values.begin(), values.end()));
}

TEST(LatencyHistogram, HandlesExtremeValuesWithoutOverflow) {
  // Four INT64_MAX values overflow a 64-bit sum; the 128-bit sum keeps the mean exact.
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  LatencyHistogram histogram;
  for (int i = 0; i < 4; ++i) histogram.record(kMax);
  histogram.record(0);
  EXPECT_EQ(histogram.max_ns(), kMax);
  EXPECT_EQ(histogram.min_ns(), 0);
  EXPECT_DOUBLE_EQ(histogram.mean_ns(), static_cast<double>(kMax) * 4 / 5);
  EXPECT_EQ(histogram.quantile_ns(1.0), static_cast<double>(kMax));
  EXPECT_EQ(histogram.quantile_ns(0.0), 0.0);
  const double p60 = histogram.quantile_ns(0.6);  // rank 3 of 5: INT64_MAX, via its bucket
  EXPECT_LE(std::abs(p60 - static_cast<double>(kMax)),
            LatencyHistogram::kMaxRelativeError * static_cast<double>(kMax));
}

TEST(LatencyHistogram, QuantileIsMonotoneInLevel) {
  const std::vector<std::int64_t> values = log_uniform_ns(100'000, 13);
  LatencyHistogram histogram;
  for (const std::int64_t value : values) histogram.record(value);
  double previous = histogram.quantile_ns(0.0);
  for (int step = 1; step <= 10'000; ++step) {
    const double current = histogram.quantile_ns(step / 10'000.0);
    ASSERT_GE(current, previous) << "step " << step;
    previous = current;
  }
}

TEST(LatencyHistogram, CdfIsBucketCountUpToTheValuesBucket) {
  const std::vector<std::int64_t> values = log_uniform_ns(100'000, 14);
  LatencyHistogram histogram;
  for (const std::int64_t value : values) histogram.record(value);
  std::vector<std::int64_t> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(sorted.size());
  for (const std::int64_t probe : {std::int64_t{5'000}, std::int64_t{1'000'000},
                                   std::int64_t{123'456'789}, std::int64_t{9'000'000'000}}) {
    // Definition: observations <= the upper edge of probe's bucket.
    const std::int64_t upper =
        LatencyHistogram::bucket_upper_ns(LatencyHistogram::bucket_index(probe));
    const auto expected =
        static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), upper) - sorted.begin());
    EXPECT_DOUBLE_EQ(histogram.cdf(probe), expected / n) << "probe " << probe;
  }
  EXPECT_EQ(histogram.cdf(sorted.front() - 1), 0.0);
  EXPECT_EQ(histogram.cdf(sorted.back()), 1.0);
}

TEST(LatencyHistogram, MergeEqualsRecordingEverythingInOne) {
  const std::vector<std::int64_t> first = log_uniform_ns(300'000, 21);
  const std::vector<std::int64_t> second = log_uniform_ns(200'000, 22);
  LatencyHistogram a;
  LatencyHistogram b;
  LatencyHistogram all;
  for (const std::int64_t value : first) {
    a.record(value);
    all.record(value);
  }
  for (const std::int64_t value : second) {
    b.record(value);
    all.record(value);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.mean_ns(), all.mean_ns());
  EXPECT_EQ(a.min_ns(), all.min_ns());
  EXPECT_EQ(a.max_ns(), all.max_ns());
  for (int step = 0; step <= 1000; ++step) {
    const double p = step / 1000.0;
    ASSERT_EQ(a.quantile_ns(p), all.quantile_ns(p)) << "p = " << p;
  }
  for (const double p : kLevels) EXPECT_EQ(a.quantile_ns(p), all.quantile_ns(p));
  // Merging an empty histogram, either way round, changes nothing.
  LatencyHistogram empty;
  empty.merge(all);
  EXPECT_EQ(empty.quantile_ns(0.99), all.quantile_ns(0.99));
  EXPECT_EQ(empty.min_ns(), all.min_ns());
  all.merge(LatencyHistogram());
  EXPECT_EQ(all.count(), a.count());
}

TEST(LatencyHistogram, ForEachBucketVisitsNonEmptyBucketsInOrder) {
  LatencyHistogram histogram;
  histogram.record(7);
  histogram.record(7);
  histogram.record(1'000'000);
  std::vector<std::int64_t> lowers;
  std::uint64_t total = 0;
  histogram.for_each_bucket([&](std::int64_t lower, std::int64_t upper, std::uint64_t count) {
    EXPECT_LE(lower, upper);
    lowers.push_back(lower);
    total += count;
  });
  ASSERT_EQ(lowers.size(), 2u);
  EXPECT_EQ(lowers[0], 7);
  EXPECT_LE(lowers[1], 1'000'000);
  EXPECT_EQ(total, 3u);
}

TEST(LatencyHistogram, NegativeValueIsASimulatorBug) {
#ifdef NDEBUG
  // Release builds skip the check on the hot path but must not write outside the buckets.
  LatencyHistogram histogram;
  histogram.record(-5);
  EXPECT_EQ(histogram.min_ns(), 0);
  EXPECT_EQ(histogram.quantile_ns(0.5), 0.0);
#else
  EXPECT_EXIT(LatencyHistogram().record(-5), testing::ExitedWithCode(1),
              "latencies are non-negative");
#endif
}

TEST(LatencyHistogram, QuantileLevelOutsideUnitIntervalIsASimulatorBug) {
  // Levels come from validated configs, so a bad one here is our bug: exit 1, not ConfigError.
  LatencyHistogram histogram;
  histogram.record(1);
  EXPECT_EXIT(histogram.quantile_ns(1.5), testing::ExitedWithCode(1), "quantile level");
  EXPECT_EXIT(histogram.quantile_ns(std::nan("")), testing::ExitedWithCode(1), "quantile level");
}

TEST(LatencyHistogram, MemoryIsIndependentOfObservationCount) {
  LatencyHistogram histogram;
  const std::size_t before = histogram.memory_bytes();
  // About 440 KB, as the header promises.
  EXPECT_LT(before, 512u * 1024u);
  core::RngStream rng(31, 0, "tests/stats/memory");
  for (int i = 0; i < 10'000'000; ++i) {
    histogram.record(static_cast<std::int64_t>(rng.next_u64() >> 1));
  }
  EXPECT_EQ(histogram.count(), 10'000'000u);
  EXPECT_EQ(histogram.memory_bytes(), before);
}

TEST(LatencyHistogram, ExponentialQuantilesMatchTheory) {
  // Sample quantiles of Exp(mean 1 ms) against -mean * ln(1 - p). The sample p-quantile is
  // asymptotically normal with sd sqrt(p (1 - p) / n) / f(q), f the density; a tolerance of
  // 5 sd plus the histogram's own bound fails spuriously with probability about 6e-7 per level.
  constexpr std::size_t kCount = 1'000'000;
  constexpr double kMeanNs = 1e6;
  core::RngStream rng(41, 0, "tests/stats/exponential");
  LatencyHistogram histogram;
  for (std::size_t i = 0; i < kCount; ++i) {
    histogram.record(std::llround(-kMeanNs * std::log(rng.uniform_open01())));
  }
  for (const double p : {0.1, 0.5, 0.9, 0.99}) {
    const double quantile = -kMeanNs * std::log1p(-p);
    const double density = (1 - p) / kMeanNs;
    const double sd = std::sqrt(p * (1 - p) / static_cast<double>(kCount)) / density;
    EXPECT_NEAR(histogram.quantile_ns(p), quantile,
                5 * sd + LatencyHistogram::kMaxRelativeError * quantile + 1)
        << "p = " << p;
  }
  // Mean of Exp: standard error mean / sqrt(n); 5 se.
  EXPECT_NEAR(histogram.mean_ns(), kMeanNs, 5 * kMeanNs / std::sqrt(static_cast<double>(kCount)));
}

}  // namespace
}  // namespace servesim::stats
