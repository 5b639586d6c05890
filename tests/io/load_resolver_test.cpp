// File: tests/io/load_resolver_test.cpp
//
// workload.load against rates computed by hand from the formula in io/load_resolver.hpp.
#include "sim/io/load_resolver.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/io/io_test_support.hpp"

namespace servesim::io {
namespace {

using testing::IoTest;
using LoadResolver = IoTest;

constexpr double kZ99 = 2.3263478740408408;  // standard normal 0.99 quantile

TEST_F(LoadResolver, PoissonRateFromTheMeanServiceWithStragglers) {
  // 12 instances, lognormal service (median 1.7, p99 1.978 ms), 5% stragglers slowed by a
  // lognormal (median 3, p99 20): rate = rho n / (E[S] (1 + 0.05 (E[slowdown] - 1))).
  const auto config = load(
      "models:\n  m: {latency: {dist: lognormal, median: 1.7, p99: 1.978}}\n"
      "pools:\n  - {name: p, model: m, instances: 12}\n"
      "workload: {load: 0.9}\n"
      "interference:\n  stragglers: {fraction: 0.05, slowdown: {dist: lognormal, median: 3, "
      "p99: 20}}\n");
  const double sigma = std::log(1.978 / 1.7) / kZ99;
  const double service_ms = 1.7 * std::exp(sigma * sigma / 2);
  const double sigma_slow = std::log(20.0 / 3) / kZ99;
  const double slowdown = 1 + 0.05 * (3 * std::exp(sigma_slow * sigma_slow / 2) - 1);
  const double rate = 0.9 * 12 / (service_ms * slowdown) * 1000;
  EXPECT_NEAR(config.workload.arrival.rate, rate, rate * 1e-9);
  EXPECT_NEAR(config.workload.load_rate_per_s, rate, rate * 1e-9);
}

TEST_F(LoadResolver, BatchingEpisodesAndBackground) {
  // max_batch 4 of constant 8 ms (2 ms per query); 2 of 4 instances in episodes half the time
  // at 3x: 1 + 0.5 0.5 2 = 1.5; instance 0 at 2x half of each period: 1 + (1.5 - 1) / 4.
  const auto config = load(
      "models:\n  m: {latency_by_batch: {1: 2, 4: 8}}\n"
      "pools:\n  - {name: p, model: m, instances: 4, batching: {max_batch: 4, timeout: 1}}\n"
      "workload: {load: 0.5, arrival: {kind: gamma, cv: 2}}\n"
      "interference:\n"
      "  episodes: {instance_fraction: 0.5, on: 100, off: 100, slowdown: 3}\n"
      "  background:\n"
      "    - {pool: p, instances: [0], schedule: [{at: 0, factor: 2}, {at: 50, factor: 1}], "
      "period: 100}\n");
  const double slowdown = 1.5 * 1.125;
  const double rate = 0.5 * 4 * 4 / (8 * slowdown) * 1000;
  EXPECT_NEAR(config.workload.arrival.rate, rate, rate * 1e-9);
  EXPECT_EQ(config.workload.arrival.cv, 2);
}

TEST_F(LoadResolver, MmppRatesAreScaledToTheMeanRate) {
  // Stationary: pi = (2/3, 1/3) for switch rates 1 (0 -> 1) and 2 (1 -> 0); mean of (0, 30) is
  // 10/s. Exp(10 ms) on 1 instance at load 0.5 wants 50/s: rates x 5.
  const auto config = load(
      "models:\n  m: {latency: {dist: exponential, mean: 10}}\n"
      "pools:\n  - {name: p, model: m}\n"
      "workload: {load: 0.5, arrival: {kind: mmpp, rates: [0, 30], switch_rates: [[0, 1], "
      "[2, 0]]}}\n");
  ASSERT_EQ(config.workload.arrival.rates.size(), 2u);
  EXPECT_NEAR(config.workload.arrival.rates[1], 150, 1e-9);
}

TEST_F(LoadResolver, TraceGetsTheSpeedupForTheLoad) {
  // 4 arrivals over a 2 s span? The span is the trace's own (trace_loader); the test reads it.
  write("t.csv", "time_s\n0\n1\n2\n3\n");
  const auto config = load(
      "models:\n  m: {latency: {dist: constant, value: 10}}\n"
      "pools:\n  - {name: p, model: m, instances: 2}\n"
      "workload: {load: 0.8, arrival: {kind: trace, file: t.csv}}\n");
  const auto& trace = *config.workload.arrival.trace;
  const double trace_rate = 4 / trace.span_s;
  EXPECT_NEAR(config.workload.arrival.speedup, 0.8 * 2 / 10.0 * 1000 / trace_rate, 1e-9);
}

TEST_F(LoadResolver, LoadAndRateTogetherAreRefused) {
  const std::string error = error_of(std::string(testing::kMinimal) +
                                     "workload: {load: 0.5, arrival: {rate: 10}}\n");
  EXPECT_NE(error.find("give either workload.load or workload.arrival.rate, not both"),
            std::string::npos)
      << error;
}

TEST_F(LoadResolver, CheckPrintsTheLoadAndItsRateAndRoundTrips) {
  expect_round_trip(std::string(testing::kMinimal) + "workload: {load: 0.5}\n");
  expect_round_trip(std::string(testing::kMinimal) + "hardware: {instances: 16}\n");
}

}  // namespace
}  // namespace servesim::io
