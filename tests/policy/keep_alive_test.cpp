// File: tests/policy/keep_alive_test.cpp
//
// The keep-alive registry and its policies on plain idle times: fixed TTL, and the hybrid
// histogram's representativeness rule, head/tail windows and fallback (docs/serverless.md).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/core/error.hpp"
#include "sim/policy/keep_alive/keep_alive_policies.hpp"

namespace servesim::policy {
namespace {

core::Time minutes(double m) { return core::Time::from_s(m * 60); }

KeepAliveConfig hybrid() {
  KeepAliveConfig config;
  config.policy = "hybrid_histogram";
  return config;
}

TEST(KeepAliveRegistry, ListsEveryPolicyOnceWithADescription) {
  std::vector<std::string> names;
  for (const auto& entry : keep_alive_registry()) {
    names.emplace_back(entry.name);
    EXPECT_NE(std::string(entry.description), "");
  }
  EXPECT_EQ(names, (std::vector<std::string>{"fixed", "hybrid_histogram"}));
  for (const auto& name : names) {
    KeepAliveConfig config;
    config.policy = name;
    EXPECT_NE(make_keep_alive_policy(config), nullptr) << name;
  }
}

TEST(KeepAliveRegistry, UnknownNameListsTheValidOnes) {
  KeepAliveConfig config;
  config.policy = "lru";
  try {
    make_keep_alive_policy(config);
    FAIL() << "expected a ConfigError";
  } catch (const core::ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "unknown keep_alive policy 'lru' (valid: fixed, hybrid_histogram)");
  }
}

TEST(FixedKeepAlive, AlwaysKeepsForTtlAndNeverPrewarms) {
  KeepAliveConfig config;
  config.ttl_s = 420;
  auto policy = make_keep_alive_policy(config);
  EXPECT_EQ(policy->decide().prewarm, core::Time::zero());
  EXPECT_EQ(policy->decide().keep_alive, core::Time::from_s(420));
  for (int i = 0; i < 10; ++i) policy->on_idle_time(minutes(30));
  EXPECT_EQ(policy->decide().prewarm, core::Time::zero());
  EXPECT_EQ(policy->decide().keep_alive, core::Time::from_s(420));
}

TEST(HybridHistogram, FallsBackToRangeWithoutObservations) {
  HybridHistogramKeepAlive policy(hybrid());
  EXPECT_FALSE(policy.representative());
  EXPECT_EQ(policy.decide().prewarm, core::Time::zero());
  EXPECT_EQ(policy.decide().keep_alive, core::Time::from_s(14400));  // 4 h
}

TEST(HybridHistogram, PeriodicIdleTimesPrewarmAtTheHeadAndKeepToTheTail) {
  HybridHistogramKeepAlive policy(hybrid());
  // Idle 30.5 min, always: all in bin 30 ([30, 31) min). CV of the bin counts = sqrt(B) >= 2.
  for (int i = 0; i < 20; ++i) policy.on_idle_time(minutes(30.5));
  EXPECT_TRUE(policy.representative());
  EXPECT_NEAR(policy.bin_count_cv(), std::sqrt(240.0), 1e-9);
  const KeepAliveDecision decision = policy.decide();
  // prewarm = 30 min * 0.9 = 27 min; keep alive until 31 min * 1.1 = 34.1 min after idling.
  EXPECT_NEAR(decision.prewarm.s(), 27 * 60, 1e-6);
  EXPECT_NEAR((decision.prewarm + decision.keep_alive).s(), 34.1 * 60, 1e-6);
}

TEST(HybridHistogram, HeadAndTailArePercentilesOfTheHistogram) {
  HybridHistogramKeepAlive policy(hybrid());
  // 100 idle times: 4 in bin 2, 95 in bin 10, 1 in bin 50. The 5th percentile (5 of 100) is
  // reached in bin 10, the 99th (99) also in bin 10; bin 50 is above the tail.
  for (int i = 0; i < 4; ++i) policy.on_idle_time(minutes(2.5));
  for (int i = 0; i < 95; ++i) policy.on_idle_time(minutes(10.2));
  policy.on_idle_time(minutes(50.1));
  KeepAliveDecision decision = policy.decide();
  EXPECT_NEAR(decision.prewarm.s(), 10 * 60 * 0.9, 1e-6);
  EXPECT_NEAR((decision.prewarm + decision.keep_alive).s(), 11 * 60 * 1.1, 1e-6);
  // Two more early idle times: 6 of 102 now reach 5% (5.1) in bin 2.
  policy.on_idle_time(minutes(2.1));
  policy.on_idle_time(minutes(2.9));
  decision = policy.decide();
  EXPECT_NEAR(decision.prewarm.s(), 2 * 60 * 0.9, 1e-6);
}

TEST(HybridHistogram, BusyArrivalsGiveIdleTimeZeroAndNoPrewarm) {
  HybridHistogramKeepAlive policy(hybrid());
  for (int i = 0; i < 50; ++i) policy.on_idle_time(core::Time::zero());
  const KeepAliveDecision decision = policy.decide();
  EXPECT_EQ(decision.prewarm, core::Time::zero());
  EXPECT_NEAR(decision.keep_alive.s(), 60 * 1.1, 1e-6);
}

TEST(HybridHistogram, FlatHistogramIsNotRepresentative) {
  HybridHistogramKeepAlive policy(hybrid());
  // One idle time in each of the 240 bins: CV 0 < 2.
  for (int bin = 0; bin < 240; ++bin) policy.on_idle_time(minutes(bin + 0.5));
  EXPECT_NEAR(policy.bin_count_cv(), 0, 1e-12);
  EXPECT_FALSE(policy.representative());
  EXPECT_EQ(policy.decide().keep_alive, core::Time::from_s(14400));
}

TEST(HybridHistogram, TooManyOutOfBoundsIdleTimesFallBack) {
  HybridHistogramKeepAlive policy(hybrid());
  for (int i = 0; i < 5; ++i) policy.on_idle_time(minutes(10));
  for (int i = 0; i < 4; ++i) policy.on_idle_time(minutes(300));  // > 4 h
  EXPECT_TRUE(policy.representative());                           // 4 of 9 out of bounds < 0.5
  policy.on_idle_time(minutes(241));
  EXPECT_EQ(policy.out_of_bounds(), 5u);
  EXPECT_FALSE(policy.representative());  // 5 of 10 >= 0.5
  EXPECT_EQ(policy.decide().prewarm, core::Time::zero());
  EXPECT_EQ(policy.decide().keep_alive, core::Time::from_s(14400));
}

TEST(HybridHistogram, MinSamplesDelaysTheHistogram) {
  KeepAliveConfig config = hybrid();
  config.min_samples = 3;
  HybridHistogramKeepAlive policy(config);
  policy.on_idle_time(minutes(30.5));
  policy.on_idle_time(minutes(30.5));
  EXPECT_FALSE(policy.representative());
  policy.on_idle_time(minutes(30.5));
  EXPECT_TRUE(policy.representative());
  EXPECT_NEAR(policy.decide().prewarm.s(), 27 * 60, 1e-6);
}

TEST(HybridHistogram, CustomBinsAndPercentiles) {
  KeepAliveConfig config = hybrid();
  config.bin_s = 10;
  config.range_s = 100;  // 10 bins
  config.head_percentile = 0;
  config.tail_percentile = 100;
  config.margin = 0;
  HybridHistogramKeepAlive policy(config);
  policy.on_idle_time(core::Time::from_s(35));
  policy.on_idle_time(core::Time::from_s(35));
  policy.on_idle_time(core::Time::from_s(35));
  policy.on_idle_time(core::Time::from_s(72));
  // Counts: bin 3: 3, bin 7: 1 of 10 bins; mean 0.4, sd^2 = (8 * 0.16 + 2.6^2 + 0.6^2) / 9.
  const double mean = 0.4;
  const double sd = std::sqrt((8 * 0.16 + 2.6 * 2.6 + 0.6 * 0.6) / 9);
  EXPECT_NEAR(policy.bin_count_cv(), sd / mean, 1e-12);
  const KeepAliveDecision decision = policy.decide();
  EXPECT_EQ(decision.prewarm, core::Time::zero());         // 0th percentile: bin 0
  EXPECT_EQ(decision.keep_alive, core::Time::from_s(80));  // upper edge of bin 7
}

}  // namespace
}  // namespace servesim::policy
