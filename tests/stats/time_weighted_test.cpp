// File: tests/stats/time_weighted_test.cpp
//
// TimeWeighted against integrals of step functions worked by hand.
#include "sim/stats/time_weighted.hpp"

#include <gtest/gtest.h>

namespace servesim::stats {
namespace {

TEST(TimeWeighted, AverageOfStepFunction) {
  // 2 on [0, 10), 4 on [10, 30): area 20 + 80 over 30.
  TimeWeighted weighted;
  weighted.update(0, 2);
  weighted.update(10, 4);
  EXPECT_DOUBLE_EQ(weighted.average(30), (20.0 + 80.0) / 30.0);
  EXPECT_EQ(weighted.current(), 4.0);
  EXPECT_EQ(weighted.max(), 4.0);
  // The open segment keeps growing: at 40 the area is 20 + 120.
  EXPECT_DOUBLE_EQ(weighted.average(40), 140.0 / 40.0);
  // An update at the query time does not change the average up to it.
  weighted.update(40, 100);
  EXPECT_DOUBLE_EQ(weighted.average(40), 140.0 / 40.0);
}

TEST(TimeWeighted, ValueIsZeroBeforeFirstUpdate) {
  // Nothing on [0, 10), then 6 on [10, 20): area 60 over 20.
  TimeWeighted weighted;
  weighted.update(10, 6);
  EXPECT_DOUBLE_EQ(weighted.average(20), 3.0);
}

TEST(TimeWeighted, ZeroElapsedReturnsCurrentValue) {
  TimeWeighted weighted;
  EXPECT_EQ(weighted.average(0), 0.0);
  weighted.update(0, 5);
  EXPECT_EQ(weighted.average(0), 5.0);
}

TEST(TimeWeighted, ResetDropsWarmUpAndKeepsCurrentValue) {
  TimeWeighted weighted;
  weighted.update(0, 100);  // warm-up transient
  weighted.update(50, 3);
  weighted.reset(100);
  EXPECT_EQ(weighted.current(), 3.0);
  EXPECT_EQ(weighted.max(), 3.0);         // the warm-up peak no longer counts
  EXPECT_EQ(weighted.average(100), 3.0);  // empty window: the value in force
  // 3 on [100, 120), 1 on [120, 200): area 60 + 80 over 100.
  weighted.update(120, 1);
  EXPECT_DOUBLE_EQ(weighted.average(200), 140.0 / 100.0);
  EXPECT_EQ(weighted.max(), 3.0);
}

TEST(TimeWeighted, LongRunsKeepPrecision) {
  // A queue alternating 0 and 1 every 1 ns for a day would need 8.6e13 updates; instead,
  // alternate every 1 s for ~11.6 days: 1e6 updates, half-occupied, elapsed 1e15 ns.
  TimeWeighted weighted;
  constexpr std::int64_t kStepNs = 1'000'000'000;
  for (std::int64_t step = 0; step < 1'000'000; ++step) {
    weighted.update(step * kStepNs, static_cast<double>(step % 2));
  }
  EXPECT_DOUBLE_EQ(weighted.average(1'000'000 * kStepNs), 0.5);
}

}  // namespace
}  // namespace servesim::stats
