// File: tests/cluster/arrival_process_test.cpp
#include "sim/cluster/arrival_process.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

namespace servesim::cluster {
namespace {

std::vector<double> gaps_s(ArrivalProcess& process, int n) {
  std::vector<double> gaps;
  double last = 0;
  for (int i = 0; i < n; ++i) {
    const double t = process.next().s();
    gaps.push_back(t - last);
    last = t;
  }
  return gaps;
}

void mean_and_cv(const std::vector<double>& xs, double& mean, double& cv) {
  double sum = 0, sum2 = 0;
  for (double x : xs) {
    sum += x;
    sum2 += x * x;
  }
  mean = sum / static_cast<double>(xs.size());
  cv = std::sqrt(sum2 / static_cast<double>(xs.size()) - mean * mean) / mean;
}

TEST(ArrivalProcess, PoissonGapsAreExponential) {
  ArrivalConfig config;
  config.rate = 250;
  ArrivalProcess process(config, core::RngStream(1, 0, "a"));
  double mean = 0, cv = 0;
  mean_and_cv(gaps_s(process, 500000), mean, cv);
  // sd of the mean gap: 0.004 / sqrt(5e5) = 5.7e-6 s; 5 sd. CV of an exponential is 1.
  EXPECT_NEAR(mean, 0.004, 5 * 5.7e-6);
  EXPECT_NEAR(cv, 1.0, 0.01);
}

TEST(ArrivalProcess, GammaGapsHaveRequestedCv) {
  ArrivalConfig config;
  config.kind = ArrivalKind::kGamma;
  config.rate = 100;
  config.cv = 3;
  ArrivalProcess process(config, core::RngStream(2, 0, "a"));
  double mean = 0, cv = 0;
  mean_and_cv(gaps_s(process, 400000), mean, cv);
  // sd of the mean gap = 0.01 * 3 / sqrt(4e5) = 4.7e-5 s; 5 sd. The sample CV of a gamma with
  // cv 3 converges slowly (heavy fourth moment); 5% is about 4 sd here.
  EXPECT_NEAR(mean, 0.01, 5 * 4.7e-5);
  EXPECT_NEAR(cv, 3.0, 0.15);
}

TEST(ArrivalProcess, MmppMeanRateIsStationaryMixture) {
  // Two states, rates 100/s and 1000/s; switching 1->2 at 2/s and 2->1 at 8/s. Stationary
  // probabilities pi = (8, 2) / 10, so the long-run rate is 0.8*100 + 0.2*1000 = 280/s.
  ArrivalConfig config;
  config.kind = ArrivalKind::kMmpp;
  config.rates = {100, 1000};
  config.switch_rates = {{0, 2}, {8, 0}};
  ArrivalProcess process(config, core::RngStream(3, 0, "a"));
  const int n = 2000000;
  double last = 0;
  for (int i = 0; i < n; ++i) last = process.next().s();
  // The count over ~7100 s has a relative sd of about 1% (burst correlation ~ 0.1 s states,
  // index of dispersion ~ 40); 4% is 4 sd.
  EXPECT_NEAR(n / last, 280.0, 0.04 * 280);
}

TEST(ArrivalProcess, TraceReplaysTimestampsWithSpeedupAndRepeat) {
  auto trace = std::make_shared<ArrivalTrace>();
  trace->times_s = {0.0, 1.0, 3.0};
  trace->span_s = 4.0;
  ArrivalConfig config;
  config.kind = ArrivalKind::kTrace;
  config.speedup = 2;
  config.trace = trace;
  ArrivalProcess process(config, core::RngStream(4, 0, "a"));
  const double expected[] = {0.0, 0.5, 1.5, 2.0, 2.5, 3.5};
  for (double want : expected) EXPECT_DOUBLE_EQ(process.next().s(), want);
}

TEST(ArrivalProcess, TraceWithoutRepeatRunsOut) {
  auto trace = std::make_shared<ArrivalTrace>();
  trace->times_s = {0.0, 2.0};
  trace->span_s = 3.0;
  ArrivalConfig config;
  config.kind = ArrivalKind::kTrace;
  config.repeat = false;
  config.trace = trace;
  ArrivalProcess process(config, core::RngStream(4, 0, "a"));
  EXPECT_NE(process.next(), ArrivalProcess::kExhausted);
  EXPECT_NE(process.next(), ArrivalProcess::kExhausted);
  EXPECT_EQ(process.next(), ArrivalProcess::kExhausted);
}

TEST(ArrivalProcess, CountsAreSpreadWithinTheirIntervals) {
  auto trace = std::make_shared<ArrivalTrace>();
  trace->counts = {3, 0, 2};
  trace->interval_s = 60;
  trace->span_s = 180;
  ArrivalConfig config;
  config.kind = ArrivalKind::kTrace;
  config.repeat = false;
  config.trace = trace;
  ArrivalProcess process(config, core::RngStream(5, 0, "a"));
  std::vector<double> times;
  for (core::Time t = process.next(); t != ArrivalProcess::kExhausted; t = process.next()) {
    times.push_back(t.s());
  }
  ASSERT_EQ(times.size(), 5u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_GE(times[i], 0.0);
    EXPECT_LT(times[i], 60.0);
  }
  for (int i = 3; i < 5; ++i) {
    EXPECT_GE(times[i], 120.0);
    EXPECT_LT(times[i], 180.0);
  }
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
}

}  // namespace
}  // namespace servesim::cluster
