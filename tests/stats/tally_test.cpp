// File: tests/stats/tally_test.cpp
//
// Tally against two-pass reference computations, and ci95_half_width against published
// Student's t quantiles.
#include "sim/stats/tally.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/core/rng.hpp"

namespace servesim::stats {
namespace {

// Latency-like values with a large mean and small spread: where a one-pass sum of squares
// loses most of its digits and Welford must not.
std::vector<double> shifted_uniform(std::size_t n, std::uint64_t seed) {
  core::RngStream rng(seed, 0, "tests/stats/tally");
  std::vector<double> values(n);
  for (auto& value : values) value = 1e9 + 1e3 * rng.uniform_open01();
  return values;
}

struct TwoPass {
  double mean = 0;
  double variance = 0;
};

TwoPass two_pass(const std::vector<double>& values) {
  long double sum = 0;
  for (const double value : values) sum += value;
  const long double mean = sum / static_cast<long double>(values.size());
  long double squares = 0;
  for (const double value : values) squares += (value - mean) * (value - mean);
  return {static_cast<double>(mean),
          static_cast<double>(squares / static_cast<long double>(values.size() - 1))};
}

TEST(Tally, EmptyAndSingleObservation) {
  Tally tally;
  EXPECT_EQ(tally.count(), 0u);
  EXPECT_EQ(tally.mean(), 0.0);
  EXPECT_EQ(tally.variance(), 0.0);
  tally.record(-3.5);
  EXPECT_EQ(tally.count(), 1u);
  EXPECT_EQ(tally.mean(), -3.5);
  EXPECT_EQ(tally.variance(), 0.0);
  EXPECT_EQ(tally.min(), -3.5);
  EXPECT_EQ(tally.max(), -3.5);
}

TEST(Tally, SmallExampleMatchesHandComputation) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squared deviations 32, sample variance 32/7.
  Tally tally;
  for (const double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) tally.record(x);
  EXPECT_DOUBLE_EQ(tally.mean(), 5.0);
  EXPECT_DOUBLE_EQ(tally.variance(), 32.0 / 7.0);
  EXPECT_DOUBLE_EQ(tally.stddev(), std::sqrt(32.0 / 7.0));
  EXPECT_EQ(tally.min(), 2.0);
  EXPECT_EQ(tally.max(), 9.0);
}

TEST(Tally, MeanAndVarianceMatchTwoPass) {
  const std::vector<double> values = shifted_uniform(1'000'000, 1);
  Tally tally;
  for (const double value : values) tally.record(value);
  const TwoPass reference = two_pass(values);
  // Each update rounds the mean to its ulp (1.2e-7 at 1e9), a random walk of about
  // sqrt(n) * ulp / 2 = 6e-5 ns over 1e6 updates: allow 1e-13 relative.
  EXPECT_NEAR(tally.mean(), reference.mean, 1e-13 * reference.mean);
  // Variance of U(0, 1000) is 1e6/12; Welford keeps about 1e-9 relative here where the naive
  // formula would keep none (1e18 squares against an 8e4 variance).
  EXPECT_NEAR(tally.variance(), reference.variance, 1e-9 * reference.variance);
}

TEST(Tally, MergeEqualsSinglePass) {
  const std::vector<double> values = shifted_uniform(100'000, 2);
  Tally all;
  for (const double value : values) all.record(value);
  // Three unequal parts, merged in order.
  Tally parts[3];
  for (std::size_t i = 0; i < values.size(); ++i) {
    parts[i < 10'000 ? 0 : (i < 70'000 ? 1 : 2)].record(values[i]);
  }
  Tally merged;
  for (const Tally& part : parts) merged.merge(part);
  merged.merge(Tally());
  EXPECT_EQ(merged.count(), all.count());
  // Both sides carry Welford's per-update rounding of the mean (see above).
  EXPECT_NEAR(merged.mean(), all.mean(), 1e-13 * all.mean());
  EXPECT_NEAR(merged.variance(), all.variance(), 1e-9 * all.variance());
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
}

TEST(Tally, Ci95HalfWidthUsesStudentT) {
  // t_{0.975, 9} = 2.2621571627982055, found with mpmath at 30 digits by root-finding the
  // regularised incomplete beta and checked by integrating the density (it gives 0.975 to 19
  // digits; the often-quoted 2.2621571627409915 gives 0.97499999999766). t_{0.975, 1} is
  // tan(0.475 pi) = 12.706204736174705 (Cauchy).
  constexpr double kT9 = 2.2621571627982055;
  constexpr double kT1 = 12.706204736174705;
  EXPECT_NEAR(ci95_half_width(1.0, 10), kT9 / std::sqrt(10.0), 1e-12);
  EXPECT_NEAR(ci95_half_width(1.0, 2), kT1 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(ci95_half_width(3.0, 10), 3.0 * kT9 / std::sqrt(10.0), 1e-12);
  // Large samples approach the normal quantile 1.959963984540054.
  EXPECT_NEAR(ci95_half_width(1.0, 1'000'000) * 1e3, 1.959963984540054, 1e-5);
  EXPECT_EQ(ci95_half_width(1.0, 1), 0.0);
  EXPECT_EQ(ci95_half_width(1.0, 0), 0.0);
}

}  // namespace
}  // namespace servesim::stats
