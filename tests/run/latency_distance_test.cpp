// File: tests/run/latency_distance_test.cpp
//
// The request-log distances of calibration against values computed by hand: a log compared
// with itself, and with itself scaled by a known factor (Wasserstein-1 on log latency is then
// exactly |ln factor|) or shifted past every sample (KS is then 1).
#include "sim/run/latency_distance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace servesim::run {
namespace {

// 1000 latencies spread over 0.5 .. 50 ms (log-uniform), sorted.
std::vector<double> log_uniform_ms() {
  std::vector<double> ms;
  for (int i = 0; i < 1000; ++i) ms.push_back(0.5 * std::pow(100.0, (i + 0.5) / 1000));
  return ms;
}

stats::LatencyHistogram histogram_of(const std::vector<double>& ms, double factor) {
  stats::LatencyHistogram histogram;
  for (const double value : ms) {
    histogram.record(static_cast<std::int64_t>(std::llround(value * factor * 1e6)));
  }
  return histogram;
}

TEST(LatencyDistance, WassersteinLogOfALogWithItselfIsTheHistogramError) {
  const auto ms = log_uniform_ms();
  // Only the histogram's bucket rounding remains: at most 0.049% relative, so ln error < 5e-4.
  EXPECT_LT(wasserstein_log(histogram_of(ms, 1.0), ms), 5e-4);
}

TEST(LatencyDistance, WassersteinLogOfAScaledLogIsTheLogOfTheFactor) {
  const auto ms = log_uniform_ms();
  // Every quantile is 1.2x: |ln 1.2| = 0.18232, up to the bucket rounding (5e-4).
  EXPECT_NEAR(wasserstein_log(histogram_of(ms, 1.2), ms), std::log(1.2), 5e-4);
  EXPECT_NEAR(wasserstein_log(histogram_of(ms, 1 / 1.2), ms), std::log(1.2), 5e-4);
}

TEST(LatencyDistance, KolmogorovSmirnovOfItselfIsSmallAndOfADisjointLogIsOne) {
  const auto ms = log_uniform_ms();
  // Equal samples: F_sim and F_log agree at every sample, but the histogram may count a sample
  // in its neighbour's bucket: at most one sample in 1000 per step.
  EXPECT_LE(kolmogorov_smirnov(histogram_of(ms, 1.0), ms), 2.0 / 1000);
  // Every simulated latency above every logged one (x 1000): F_sim = 0 where F_log reaches 1.
  EXPECT_DOUBLE_EQ(kolmogorov_smirnov(histogram_of(ms, 1000.0), ms), 1.0);
}

}  // namespace
}  // namespace servesim::run
