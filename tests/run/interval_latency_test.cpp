// File: tests/run/interval_latency_test.cpp
//
// Per-interval latency percentiles of timeseries.csv (stats/interval_histogram.hpp): a hand-checked
// small case, exact merging, and on an M/M/1 run the intervals pooled agree with the run's own
// percentiles within the coarse bucket error. All checks are deterministic bounds (no sampling
// tolerance): the pooled intervals hold the same requests as the run's histogram except those
// answered after the last sample (the drain), whose effect on ranks is bounded exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "sim/io/scenario_loader.hpp"
#include "sim/run/simulation.hpp"
#include "sim/run/timeseries_csv.hpp"
#include "sim/stats/interval_histogram.hpp"

namespace servesim::run {
namespace {

using stats::CoarseBuckets;
using stats::IntervalHistogram;
using stats::SparseHistogram;

TEST(IntervalHistogram, HandCheckedQuantiles) {
  IntervalHistogram live;
  // 1..100 ms in 1 ms steps: p50 = 50 ms, p99 = 99 ms, p99.9 = 100 ms (ranks 50, 99, 100).
  for (int ms = 1; ms <= 100; ++ms) live.record(std::int64_t{ms} * 1'000'000);
  const SparseHistogram taken = live.take();
  ASSERT_EQ(taken.count(), 100u);
  for (const auto& [p, want_ms] : {std::pair{0.5, 50.0}, {0.99, 99.0}, {0.999, 100.0}}) {
    const double got_ms = taken.quantile_ns(p) * 1e-6;
    EXPECT_LE(std::abs(got_ms - want_ms), want_ms * CoarseBuckets::kMaxRelativeError)
        << "p = " << p << ": " << got_ms << " ms";
  }
  // Below 16 ns buckets are exact.
  live.record(7);
  EXPECT_EQ(live.take().quantile_ns(0.5), 7.0);
  // take() resets.
  EXPECT_EQ(live.take().count(), 0u);
  EXPECT_EQ(SparseHistogram().quantile_ns(0.5), 0.0);
}

TEST(IntervalHistogram, EveryValueWithinTheStatedRelativeError) {
  for (std::int64_t value = 1; value < (std::int64_t{1} << 40); value = value * 3 / 2 + 1) {
    const double mid = CoarseBuckets::midpoint_ns(CoarseBuckets::index(value));
    EXPECT_LE(std::abs(mid - static_cast<double>(value)),
              static_cast<double>(value) * CoarseBuckets::kMaxRelativeError)
        << value;
  }
}

TEST(IntervalHistogram, MergeEqualsRecordingEverything) {
  IntervalHistogram first, second, both;
  for (int i = 1; i < 300; ++i) {
    const std::int64_t value = std::int64_t{i} * i * 977;
    (i % 3 == 0 ? first : second).record(value);
    both.record(value);
  }
  SparseHistogram merged = first.take();
  merged.merge(second.take());
  const SparseHistogram all = both.take();
  ASSERT_EQ(merged.count(), all.count());
  ASSERT_EQ(merged.buckets().size(), all.buckets().size());
  for (std::size_t b = 0; b < all.buckets().size(); ++b) {
    EXPECT_EQ(merged.buckets()[b].index, all.buckets()[b].index);
    EXPECT_EQ(merged.buckets()[b].count, all.buckets()[b].count);
  }
}

// M/M/1 at rho = 0.7 (mean service 1 ms, 700 arrivals/s), 20,000 requests, one interval per 0.25 s
// (about 114 intervals). The adaptive default is checked too: its doubling merges intervals.
void expect_pooled_matches_run(const std::string& timeseries_s) {
  const std::string text = "run: {requests: 20000, warmup: 1000, timeseries_s: " + timeseries_s +
                           "}\n"
                           "workload: {arrival: {kind: poisson, rate: 700}}\n"
                           "models: {m: {latency: {dist: exponential, mean: 1}}}\n"
                           "pools: [{name: p, model: m}]\n";
  const scenario::ScenarioConfig config = io::load_scenario_text(text, "t.yaml", {});
  const ReplicationResult result = run_replication(config, 0);
  SparseHistogram pooled;
  for (const MonitorSample& sample : result.timeseries) pooled.merge(sample.latency);
  const std::uint64_t total = result.latency.count();
  ASSERT_LE(pooled.count(), total);
  // The drain after the last sample: requests still in the system then, a handful at rho = 0.7.
  const std::uint64_t missing = total - pooled.count();
  EXPECT_LT(missing, total / 100);
  const double shift = static_cast<double>(missing + 1) / static_cast<double>(total);
  const double fine = stats::LatencyHistogram::kMaxRelativeError;
  for (const double p : {0.5, 0.99, 0.999}) {
    // Leaving out `missing` of `total` observations moves a rank by at most `missing`, i.e. the
    // quantile lies between the run's quantiles at p -/+ shift; then both bucket errors.
    const double low = result.latency.quantile_ns(std::max(0.0, p - shift)) * (1 - fine);
    const double high = result.latency.quantile_ns(std::min(1.0, p + shift)) * (1 + fine);
    const double got = pooled.quantile_ns(p);
    EXPECT_GE(got, low * (1 - CoarseBuckets::kMaxRelativeError)) << "p = " << p;
    EXPECT_LE(got, high * (1 + CoarseBuckets::kMaxRelativeError)) << "p = " << p;
  }
}

TEST(IntervalLatency, MM1PooledIntervalsMatchTheRunFixedInterval) {
  expect_pooled_matches_run("0.25");
}

TEST(IntervalLatency, MM1PooledIntervalsMatchTheRunAdaptiveInterval) {
  expect_pooled_matches_run("0");
}

TEST(IntervalLatency, CsvHasPercentileColumns) {
  const std::string text =
      "run: {requests: 2000, warmup: 0, timeseries_s: 0.5}\n"
      "workload: {arrival: {kind: poisson, rate: 500}}\n"
      "models: {m: {latency: {dist: constant, value: 1}}}\n"
      "pools: [{name: p, model: m}]\n";
  const scenario::ScenarioConfig config = io::load_scenario_text(text, "t.yaml", {});
  std::istringstream csv(timeseries_csv(run_replication(config, 0)));
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row);
  std::vector<std::string> names, cells;
  for (std::istringstream in(header); std::getline(in, names.emplace_back(), ',');) {
  }
  names.pop_back();
  for (std::istringstream in(row); std::getline(in, cells.emplace_back(), ',');) {
  }
  cells.pop_back();
  const auto column = [&](const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    EXPECT_NE(it, names.end()) << name;
    return static_cast<std::size_t>(it - names.begin());
  };
  // A constant 1 ms service at 50% load: every percentile is 1 ms plus queueing, within 6.25%.
  const double p50 = std::stod(cells.at(column("latency_p50_ms")));
  EXPECT_GE(p50, 1.0 * (1 - CoarseBuckets::kMaxRelativeError));
  EXPECT_GE(std::stod(cells.at(column("latency_p999_ms"))), p50);
  EXPECT_NEAR(std::stod(cells.at(column("busy.p"))), std::stod(cells.at(column("utilization.p"))),
              1e-9);
}

}  // namespace
}  // namespace servesim::run
