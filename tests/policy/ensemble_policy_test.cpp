// File: tests/policy/ensemble_policy_test.cpp
//
// EnsemblePolicy on its own, driven through FakeRedundancyContext: which member pools get a
// copy and when, which answer the request gets, and the state transitions billed (parallel
// n + 2, serial n + 1, ensemble_policy.hpp), all worked out by hand.
#include "sim/policy/ensemble/ensemble_policy.hpp"

#include <gtest/gtest.h>

#include "fake_redundancy_context.hpp"

namespace servesim::policy {
namespace {

using testing::FakeRedundancyContext;

EnsembleConfig two_members() {
  EnsembleConfig config;
  config.members = {"a", "b"};
  config.usd_per_transition = 0.25;
  return config;
}

TEST(EnsemblePolicyModel, ParallelAnswersOnceEveryMemberIsBack) {
  EnsemblePolicy policy(two_members(), {0, 1}, 1, 0);
  FakeRedundancyContext ctx(policy);
  ctx.arrive(0);
  ASSERT_EQ(ctx.copies.size(), 2u);  // no fan-out latency: both at once
  EXPECT_EQ(ctx.copies[0].pool, 0);
  EXPECT_EQ(ctx.copies[1].pool, 1);
  ctx.set_now_ms(4);
  ctx.finish_copy(0, 0);
  EXPECT_TRUE(ctx.answers.empty());
  ctx.set_now_ms(7);
  ctx.finish_copy(0, 1);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kPrimary);
  EXPECT_EQ(ctx.answers[0].at, core::Time::from_ms(7));
  // The Parallel state, one per branch, the aggregation: 4 transitions at $0.25.
  EXPECT_DOUBLE_EQ(policy.extra_cost_usd(), 1.0);
}

TEST(EnsemblePolicyModel, DeadlineAnswersWithTheSubsetInAndItsAccuracy) {
  EnsembleConfig config = two_members();
  config.deadline = 10;
  config.subset_accuracy = {{"a", 0.7}, {"b", 0.6}, {"a+b", 0.8}};
  EnsemblePolicy policy(config, {0, 1}, 1, 0);
  FakeRedundancyContext ctx(policy);
  ctx.arrive(0);
  EXPECT_EQ(ctx.timer_of(0), core::Time::from_ms(10));
  ctx.set_now_ms(4);
  ctx.finish_copy(0, 1);  // member b
  ctx.set_now_ms(10);
  ctx.fire_timer(0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kPartial);
  EXPECT_EQ(ctx.answers[0].accuracy, 0.6);
  EXPECT_TRUE(ctx.copies[0].cancelled);  // member a, still out, is cancelled
}

TEST(EnsemblePolicyModel, DeadlineWithNothingInDrops) {
  EnsembleConfig config = two_members();
  config.deadline = 10;
  EnsemblePolicy policy(config, {0, 1}, 1, 0);
  FakeRedundancyContext ctx(policy);
  ctx.arrive(0);
  ctx.set_now_ms(10);
  ctx.fire_timer(0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kDropped);
}

// Serial with a 1 ms transition before each member and before the aggregation: member a is
// sent at 1, back at 5; member b sent at 6, back at 9; the answer at 10. Transitions: n + 1 = 3.
TEST(EnsemblePolicyModel, SerialRunsTheMembersOneAfterAnother) {
  EnsembleConfig config = two_members();
  config.execution = EnsembleExecution::kSerial;
  config.transition = dist::DistributionSpec::constant(1);
  EnsemblePolicy policy(config, {0, 1}, 1, 0);
  FakeRedundancyContext ctx(policy);
  ctx.arrive(0);
  EXPECT_TRUE(ctx.copies.empty());
  ASSERT_EQ(ctx.policy_timers.size(), 1u);
  EXPECT_EQ(ctx.policy_timers[0].fires_at, core::Time::from_ms(1));
  ctx.set_now_ms(1);
  ctx.fire_policy_timer(0);
  ASSERT_EQ(ctx.copies.size(), 1u);
  EXPECT_EQ(ctx.copies[0].pool, 0);
  ctx.set_now_ms(5);
  ctx.finish_copy(0, 0);
  ASSERT_EQ(ctx.policy_timers.size(), 2u);
  EXPECT_EQ(ctx.policy_timers[1].fires_at, core::Time::from_ms(6));
  ctx.set_now_ms(6);
  ctx.fire_policy_timer(1);
  ASSERT_EQ(ctx.copies.size(), 2u);
  EXPECT_EQ(ctx.copies[1].pool, 1);
  ctx.set_now_ms(9);
  ctx.finish_copy(0, 1);
  ASSERT_EQ(ctx.policy_timers.size(), 3u);
  EXPECT_EQ(ctx.policy_timers[2].fires_at, core::Time::from_ms(10));
  ctx.set_now_ms(10);
  ctx.fire_policy_timer(2);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kPrimary);
  EXPECT_DOUBLE_EQ(policy.extra_cost_usd(), 0.75);
}

}  // namespace
}  // namespace servesim::policy
