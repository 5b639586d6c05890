// File: bench/stats_bench.cpp
//
// Cost of the recorders on the simulator's hot path (LatencyHistogram::record, Tally::record,
// TimeWeighted::update) and of the once-per-report queries (quantile_ns, merge). Values are
// drawn up front so the timed loop measures recording, not the RNG.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/stats/latency_histogram.hpp"
#include "sim/stats/tally.hpp"
#include "sim/stats/time_weighted.hpp"

namespace servesim::stats {
namespace {

// Log-uniform over [1 us, 100 s]: touches ~27k of the 55k buckets, so bucket updates miss L1
// as they would for a real latency mix. A power-of-two count lets the loop index with a mask.
constexpr std::size_t kValueCount = 1 << 16;

std::vector<std::int64_t> log_uniform_ns(std::size_t n) {
  core::RngStream rng(1, 0, "bench/stats/log_uniform");
  const double log_low = std::log(1e3);
  const double log_high = std::log(1e11);
  std::vector<std::int64_t> values(n);
  for (auto& value : values) {
    value = std::llround(std::exp(log_low + rng.uniform_open01() * (log_high - log_low)));
  }
  return values;
}

// Latencies of one service: log-uniform within a factor 1.4 either side of 10 ms, about 700
// buckets, so bucket updates mostly hit L1.
std::vector<std::int64_t> narrow_ns(std::size_t n) {
  core::RngStream rng(2, 0, "bench/stats/narrow");
  const double spread = std::log(1.4);
  std::vector<std::int64_t> values(n);
  for (auto& value : values) {
    value = std::llround(1e7 * std::exp(spread * (2 * rng.uniform_open01() - 1)));
  }
  return values;
}

void record_loop(benchmark::State& state, const std::vector<std::int64_t>& values) {
  LatencyHistogram histogram;
  std::size_t next = 0;
  for (auto _ : state) {
    histogram.record(values[next]);
    next = (next + 1) & (kValueCount - 1);
  }
  benchmark::DoNotOptimize(histogram.count());
  state.SetItemsProcessed(state.iterations());
}

void BM_HistogramRecordWide(benchmark::State& state) {
  record_loop(state, log_uniform_ns(kValueCount));
}
BENCHMARK(BM_HistogramRecordWide);

void BM_HistogramRecordNarrow(benchmark::State& state) {
  record_loop(state, narrow_ns(kValueCount));
}
BENCHMARK(BM_HistogramRecordNarrow);

// Quantile after 10^6 observations, at a level given in parts per 10^4.
void BM_HistogramQuantile(benchmark::State& state) {
  const std::vector<std::int64_t> values = log_uniform_ns(kValueCount);
  LatencyHistogram histogram;
  for (int i = 0; i < 1'000'000; ++i) histogram.record(values[i & (kValueCount - 1)]);
  const double p = static_cast<double>(state.range(0)) / 10'000.0;
  for (auto _ : state) benchmark::DoNotOptimize(histogram.quantile_ns(p));
}
BENCHMARK(BM_HistogramQuantile)->Arg(5000)->Arg(9900)->Arg(9999)->Arg(100);

void BM_HistogramMerge(benchmark::State& state) {
  const std::vector<std::int64_t> values = log_uniform_ns(kValueCount);
  LatencyHistogram source;
  for (const std::int64_t value : values) source.record(value);
  LatencyHistogram target;
  for (auto _ : state) {
    target.merge(source);
    benchmark::DoNotOptimize(target.count());
  }
}
BENCHMARK(BM_HistogramMerge);

void BM_TallyRecord(benchmark::State& state) {
  const std::vector<std::int64_t> values = narrow_ns(kValueCount);
  Tally tally;
  std::size_t next = 0;
  for (auto _ : state) {
    tally.record(static_cast<double>(values[next]));
    next = (next + 1) & (kValueCount - 1);
  }
  benchmark::DoNotOptimize(tally.mean());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TallyRecord);

void BM_TimeWeightedUpdate(benchmark::State& state) {
  TimeWeighted queue_length;
  std::int64_t now_ns = 0;
  double value = 0;
  for (auto _ : state) {
    now_ns += 1000;
    value = value > 10 ? 0 : value + 1;
    queue_length.update(now_ns, value);
  }
  benchmark::DoNotOptimize(queue_length.average(now_ns));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimeWeightedUpdate);

}  // namespace
}  // namespace servesim::stats

BENCHMARK_MAIN();
