// File: tests/run/stability_test.cpp
//
// The stability verdict on synthetic monitor samples: a steady rise is flagged, exchangeable
// noise almost never (the Mann-Kendall threshold's exact false-alarm chance is 0.00047), and a
// pool at >= 99% utilisation always.
#include "sim/run/stability.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/rng.hpp"

namespace servesim::run {
namespace {

std::vector<MonitorSample> series(int count, auto level) {
  std::vector<MonitorSample> out;
  for (int idx = 0; idx < count; ++idx) {
    MonitorSample sample;
    sample.at_ns = static_cast<std::int64_t>(idx) * 1000000;
    sample.in_system = static_cast<std::uint64_t>(std::max(0.0, level(idx)));
    out.push_back(sample);
  }
  return out;
}

TEST(Stability, GrowingQueueIsFlagged) {
  // An M/M/1 at rho = 1.05 gains 0.05 requests per service time: a ramp with noise.
  core::RngStream rng(1, 0, "test/stability");
  const auto samples =
      series(400, [&](int idx) { return 0.5 * idx + 20 * rng.uniform_open01(); });
  const Stability verdict = judge_stability(samples, {0.5}, {"p"});
  EXPECT_FALSE(verdict.stable);
  EXPECT_NE(verdict.reason.find("grew"), std::string::npos) << verdict.reason;
}

TEST(Stability, SaturatedPoolIsFlagged) {
  const auto flat = series(400, [](int) { return 3.0; });
  const Stability verdict = judge_stability(flat, {0.5, 0.995}, {"a", "b"});
  EXPECT_FALSE(verdict.stable);
  EXPECT_NE(verdict.reason.find("pool 'b' utilisation 0.9950"), std::string::npos)
      << verdict.reason;
  EXPECT_TRUE(judge_stability(flat, {0.5, 0.98}, {"a", "b"}).stable);
}

TEST(Stability, NoiseIsRarelyFlagged) {
  // 2000 series of independent noise around 10 requests: each is flagged with probability at
  // most 0.00047, so about 0.9 flags are expected; more than 6 has probability below 1e-4.
  core::RngStream rng(2, 0, "test/stability");
  int flagged = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const auto samples =
        series(300, [&](int) { return 10 - 5 * std::log(rng.uniform_open01()) - 5; });
    flagged += judge_stability(samples, {0.9}, {"p"}).stable ? 0 : 1;
  }
  EXPECT_LE(flagged, 6);
}

TEST(Stability, TooFewSamplesAreNotJudgedByTrend) {
  const auto samples = series(10, [](int idx) { return 100.0 * idx; });
  EXPECT_TRUE(judge_stability(samples, {0.5}, {"p"}).stable);
}

}  // namespace
}  // namespace servesim::run

#include "sim/run/sweep.hpp"

namespace servesim::run {
namespace {

TEST(Stability, SweepCsvHasAStableColumnWhoseMeanIsTheWorstReplication) {
  io::Summary summary;
  summary.add("stability.stable", io::SummaryValue(std::in_place_type<bool>, false));
  summary.add("stability.reason", std::string("overloaded"));
  const Figures figures = summary_figures(summary);
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_EQ(figures[0].first, "stable");
  EXPECT_EQ(cell_text(figures[0].second), "0");

  const io::SummaryValue yes(std::in_place_type<bool>, true);
  const io::SummaryValue no(std::in_place_type<bool>, false);
  const PointRows point{{"5"}, {{{"stable", yes}}, {{"stable", no}}, {{"stable", yes}}}};
  const std::string csv = sweep_csv_text({"rate"}, {point});
  EXPECT_EQ(csv, "rate,replication,stable\n5,0,1\n5,1,0\n5,2,1\n5,mean,0\n5,ci95,\n");
}

}  // namespace
}  // namespace servesim::run
