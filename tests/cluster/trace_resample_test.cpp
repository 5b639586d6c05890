// File: tests/cluster/trace_resample_test.cpp
//
// Trace replay with `resample: {block_s: B}` (block bootstrap, stream workload/resample):
// replications replay different arrangements of the trace with about its mean rate; without it the
// arrivals are the same in every replication. Whole runs: tests/run/trace_resample_run_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "sim/cluster/arrival_process.hpp"

namespace servesim::cluster {
namespace {

// A counts trace of 8 one-minute intervals with distinct counts, so every output interval
// reveals which source interval it copies.
std::shared_ptr<ArrivalTrace> counts_trace() {
  auto trace = std::make_shared<ArrivalTrace>();
  trace->counts = {1, 2, 3, 4, 5, 6, 7, 8};
  trace->interval_s = 60;
  trace->span_s = 480;
  return trace;
}

// Arrivals per output interval over one pass (repeat: false).
std::vector<int> per_interval(const ArrivalConfig& config, std::uint64_t replication) {
  ArrivalProcess process(config, core::RngStream(9, replication, "workload/arrivals"),
                         core::RngStream(9, replication, "workload/resample"));
  std::vector<int> counts(8, 0);
  for (core::Time t = process.next(); t != ArrivalProcess::kExhausted; t = process.next()) {
    const auto slot = static_cast<std::size_t>(t.s() / 60);
    EXPECT_LT(slot, counts.size());
    if (slot < counts.size()) ++counts[slot];
  }
  return counts;
}

TEST(TraceResample, CountBlocksAreCopiesOfTraceIntervals) {
  ArrivalConfig config;
  config.kind = ArrivalKind::kTrace;
  config.repeat = false;
  config.trace = counts_trace();
  const std::vector<int> as_recorded = per_interval(config, 0);
  EXPECT_EQ(as_recorded, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
  // Without resample every replication replays the same counts.
  EXPECT_EQ(per_interval(config, 1), as_recorded);

  config.resample_block_s = 120;  // blocks of two intervals: pairs (c, c + 1)
  const std::vector<int> first = per_interval(config, 0);
  const std::vector<int> second = per_interval(config, 1);
  for (const auto& counts : {first, second}) {
    for (std::size_t block = 0; block < 4; ++block) {
      EXPECT_GE(counts[2 * block], 1);
      EXPECT_LE(counts[2 * block], 7);
      EXPECT_EQ(counts[2 * block + 1], counts[2 * block] + 1) << "block " << block;
    }
  }
  // Two replications draw 4 block starts from 7 each: the same arrangement has chance
  // 1 / 7^4 = 0.04% for a given seed; this seed is fixed, so the check is deterministic.
  EXPECT_NE(first, second);
  // Same replication, same stream: the same arrangement.
  EXPECT_EQ(per_interval(config, 0), first);
}

TEST(TraceResample, TimestampBlocksKeepTheMeanRate) {
  // 1,000 arrivals at 10 per second over 100 s; blocks of 7 s (a block need not divide the span).
  auto trace = std::make_shared<ArrivalTrace>();
  for (int i = 0; i < 1000; ++i) trace->times_s.push_back(0.1 * i);
  trace->span_s = 100;
  ArrivalConfig config;
  config.kind = ArrivalKind::kTrace;
  config.trace = trace;
  config.resample_block_s = 7;
  ArrivalProcess process(config, core::RngStream(3, 0, "workload/arrivals"),
                         core::RngStream(3, 0, "workload/resample"));
  double previous = 0;
  const int n = 20'000;
  for (int i = 0; i < n; ++i) {
    const double t = process.next().s();
    ASSERT_GE(t, previous);
    previous = t;
  }
  // A 7 s block of a 10/s grid holds 70 arrivals (69 to 71 with rounding at its edges), so the
  // rate is 10/s within 1/70 = 1.5% whatever the block starts; 3% leaves room for the last block.
  EXPECT_NEAR(n / previous, 10.0, 0.3);
}

}  // namespace
}  // namespace servesim::cluster
