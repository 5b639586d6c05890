// File: tests/policy/replicate_fastest_test.cpp
//
// replicate_fastest on its own (FakeRedundancyContext): the primary goes where the balancer
// sends it and one replica to the least-loaded instance, at once; the first answer wins.
#include <gtest/gtest.h>

#include "fake_redundancy_context.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {
namespace {

using testing::FakeRedundancyContext;

std::unique_ptr<RedundancyPolicy> make() {
  RedundancyConfig config;
  config.kind = "replicate_fastest";
  return make_redundancy_policy(config);
}

TEST(ReplicateFastest, PrimaryByBalancerReplicaToTheLeastLoaded) {
  const auto policy = make();
  FakeRedundancyContext ctx(*policy);
  ctx.set_now_ms(2);
  ctx.arrive(0);
  ASSERT_EQ(ctx.copies.size(), 2u);
  EXPECT_EQ(ctx.copies[0].role, CopyRole::kPrimary);
  EXPECT_EQ(ctx.copies[0].placement, Placement::kBalancer);
  EXPECT_EQ(ctx.copies[1].role, CopyRole::kReplica);
  EXPECT_EQ(ctx.copies[1].placement, Placement::kLeastOutstanding);
  for (const auto& copy : ctx.copies) {
    EXPECT_EQ(copy.pool, 0);
    EXPECT_EQ(copy.sent, core::Time::from_ms(2));  // both at once, no timer
  }
  EXPECT_FALSE(ctx.timer_of(0).has_value());
}

TEST(ReplicateFastest, FirstAnswerWinsTheOtherIsCancelled) {
  const auto policy = make();
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.arrive(1);
  ctx.set_now_ms(3);
  ctx.finish_copy(0, 1);  // request 0: the replica first
  ctx.set_now_ms(4);
  ctx.finish_copy(1, 0);  // request 1: the primary first
  ASSERT_EQ(ctx.answers.size(), 2u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kReplica);
  EXPECT_EQ(ctx.answers[1].served, ServedAs::kPrimary);
  EXPECT_TRUE(ctx.copies_of(0)[0].cancelled);
  EXPECT_TRUE(ctx.copies_of(1)[1].cancelled);
  EXPECT_EQ(ctx.outstanding_copies(0) + ctx.outstanding_copies(1), 0);
}

TEST(ReplicateFastest, DroppedOnlyWhenBothCopiesAreRefused) {
  const auto policy = make();
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.drop_copy(0, 1);
  EXPECT_TRUE(ctx.answers.empty());
  ctx.drop_copy(0, 0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kDropped);
}

}  // namespace
}  // namespace servesim::policy
