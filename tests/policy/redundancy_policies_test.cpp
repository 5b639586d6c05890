// File: tests/policy/redundancy_policies_test.cpp
//
// Each redundancy policy on its own, driven through FakeRedundancyContext: the test plays the
// frontend and the pools (which copy comes back when), and checks the copies the policy sends
// and the answers it serves against what its contract says, worked out by hand. The rows of the
// registry are checked for consistency with what each kind does.
#include <gtest/gtest.h>

#include "fake_redundancy_context.hpp"
#include "sim/core/error.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {
namespace {

using testing::FakeRedundancyContext;

RedundancyConfig kind(const std::string& name) {
  RedundancyConfig config;
  config.kind = name;
  return config;
}

TEST(NoRedundancyPolicy, OnePrimaryCopyAnsweredAsPrimary) {
  for (const char* name : {"none", "equal_resources"}) {
    const auto policy = make_redundancy_policy(kind(name));
    FakeRedundancyContext ctx(*policy);
    ctx.arrive(0);
    ASSERT_EQ(ctx.copies.size(), 1u) << name;
    EXPECT_EQ(ctx.copies[0].role, CopyRole::kPrimary);
    EXPECT_EQ(ctx.copies[0].pool, 0);
    EXPECT_EQ(ctx.copies[0].placement, Placement::kBalancer);
    ctx.set_now_ms(7);
    ctx.finish_copy(0, 0);
    ASSERT_EQ(ctx.answers.size(), 1u);
    EXPECT_EQ(ctx.answers[0].served, ServedAs::kPrimary);
    EXPECT_EQ(ctx.answers[0].at, core::Time::from_ms(7));
    // The frontend may take its direct path for it (redundancy_policy.hpp).
    EXPECT_TRUE(policy->single_primary_copy());
  }
}

TEST(NoRedundancyPolicy, RefusedCopyIsDropped) {
  const auto policy = make_redundancy_policy(kind("none"));
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.drop_copy(0, 0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kDropped);
}

TEST(ReplicatePolicy, RExtraCopiesFirstAnswerWinsOthersCancelled) {
  RedundancyConfig config = kind("replicate");
  config.r = 2;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ASSERT_EQ(ctx.copies.size(), 3u);  // 1 + r
  EXPECT_EQ(ctx.copies[0].role, CopyRole::kPrimary);
  EXPECT_EQ(ctx.copies[1].role, CopyRole::kReplica);
  EXPECT_EQ(ctx.copies[2].role, CopyRole::kReplica);
  ctx.set_now_ms(3);
  ctx.finish_copy(0, 2);  // the second replica is back first
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kReplica);
  EXPECT_TRUE(ctx.copies[0].cancelled);
  EXPECT_TRUE(ctx.copies[1].cancelled);
  EXPECT_FALSE(ctx.copies[2].cancelled);
}

TEST(ReplicatePolicy, DroppedOnlyWhenEveryCopyIsRefused) {
  RedundancyConfig config = kind("replicate");
  config.r = 1;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.drop_copy(0, 0);
  EXPECT_TRUE(ctx.answers.empty());  // the replica may still answer
  ctx.drop_copy(0, 1);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kDropped);
}

TEST(HedgePolicy, FixedDelaySendsTheSecondCopyWhenTheTimerFires) {
  RedundancyConfig config = kind("hedge");
  config.delay = 5;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.set_now_ms(10);
  ctx.arrive(0);
  ASSERT_EQ(ctx.copies.size(), 1u);
  EXPECT_EQ(ctx.timer_of(0), core::Time::from_ms(15));  // arrival + delay
  EXPECT_EQ(policy->hedge_threshold_ms(), 5.0);
  ctx.set_now_ms(15);
  ctx.fire_timer(0);
  ASSERT_EQ(ctx.copies.size(), 2u);
  EXPECT_EQ(ctx.copies[1].role, CopyRole::kReplica);
  ctx.set_now_ms(17);
  ctx.finish_copy(0, 1);  // the hedge wins
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kReplica);
  EXPECT_TRUE(ctx.copies[0].cancelled);
}

TEST(HedgePolicy, AnAnswerBeforeTheDelayCancelsTheTimer) {
  RedundancyConfig config = kind("hedge");
  config.delay = 5;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.set_now_ms(4);
  ctx.finish_copy(0, 0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kPrimary);
  EXPECT_FALSE(ctx.timer_of(0).has_value());
  EXPECT_EQ(ctx.copies.size(), 1u);
}

TEST(HedgePolicy, PercentileWithoutEnoughSamplesAndNoDelaySendsNoHedge) {
  RedundancyConfig config = kind("hedge");
  config.percentile = 95;
  config.min_samples = 3;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  EXPECT_FALSE(ctx.timer_of(0).has_value());
  EXPECT_FALSE(policy->hedge_threshold_ms().has_value());
}

TEST(BackupPolicy, BackupHeldUntilTheTimeoutThenServed) {
  RedundancyConfig config = kind("backup");
  config.timeout = 10;
  config.pool_index = 1;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ASSERT_EQ(ctx.copies.size(), 2u);
  EXPECT_EQ(ctx.copies[0].role, CopyRole::kPrimary);
  EXPECT_EQ(ctx.copies[0].pool, 0);
  EXPECT_EQ(ctx.copies[1].role, CopyRole::kBackup);
  EXPECT_EQ(ctx.copies[1].pool, 1);
  ctx.set_now_ms(4);
  ctx.finish_copy(0, 1);  // the backup is back after 4 ms: held 10 - 4 = 6 ms more
  EXPECT_TRUE(ctx.answers.empty());
  EXPECT_EQ(ctx.timer_of(0), core::Time::from_ms(10));
  ctx.set_now_ms(10);
  ctx.fire_timer(0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kBackup);
  // The original keeps running as a policy task, so its latency still feeds the median.
  ASSERT_EQ(ctx.detached.size(), 1u);
  EXPECT_EQ(ctx.detached[0].first, 0u);
}

TEST(BackupPolicy, OriginalBeforeTheTimeoutIsServedAsPrimary) {
  RedundancyConfig config = kind("backup");
  config.timeout = 10;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.set_now_ms(4);
  ctx.finish_copy(0, 1);
  ctx.set_now_ms(8);
  ctx.finish_copy(0, 0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kPrimary);
  EXPECT_EQ(ctx.answers[0].at, core::Time::from_ms(8));
}

TEST(BackupPolicy, BackupAfterTheTimeoutIsServedAtOnce) {
  RedundancyConfig config = kind("backup");
  config.timeout = 10;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.set_now_ms(12);
  ctx.finish_copy(0, 1);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kBackup);
}

// k = 2, r = 1, no encoder or decoder latency: the second arrival closes the group and sends
// one parity query to pool 1. Request 0's answer and the parity's are 2 = k of the group's 3
// outputs, so request 1 is reconstructed at once.
TEST(ParityPolicy, AnyKOfKPlusROutputsReconstructTheRest) {
  RedundancyConfig config = kind("parity");
  config.k = 2;
  config.r = 1;
  config.pool_index = 1;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  EXPECT_TRUE(ctx.tasks.empty());  // the group is not full yet
  ctx.set_now_ms(1);
  ctx.arrive(1);
  ASSERT_EQ(ctx.copies.size(), 2u);
  ASSERT_EQ(ctx.tasks.size(), 1u);
  EXPECT_EQ(ctx.tasks[0].pool, 1);
  ctx.set_now_ms(5);
  ctx.finish_copy(0, 0);
  ASSERT_EQ(ctx.answers.size(), 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kPrimary);
  ctx.set_now_ms(6);
  ctx.finish_task(0);
  ASSERT_EQ(ctx.answers.size(), 2u);
  EXPECT_EQ(ctx.answers[1].request, 1u);
  EXPECT_EQ(ctx.answers[1].served, ServedAs::kReconstructed);
  EXPECT_EQ(ctx.answers[1].at, core::Time::from_ms(6));
  EXPECT_TRUE(ctx.copies[1].cancelled);
}

// The parity alone is 1 of k = 2 outputs: nothing can be decoded until an original is back,
// and then the other member is reconstructed at the same time.
TEST(ParityPolicy, TheParityAloneReconstructsNothing) {
  RedundancyConfig config = kind("parity");
  config.k = 2;
  config.r = 1;
  const auto policy = make_redundancy_policy(config);
  FakeRedundancyContext ctx(*policy);
  ctx.arrive(0);
  ctx.arrive(1);
  ctx.set_now_ms(2);
  ctx.finish_task(0);
  EXPECT_TRUE(ctx.answers.empty());
  ctx.set_now_ms(9);
  ctx.finish_copy(1, 0);
  ASSERT_EQ(ctx.answers.size(), 2u);
  EXPECT_EQ(ctx.answers[0].request, 1u);
  EXPECT_EQ(ctx.answers[0].served, ServedAs::kPrimary);
  EXPECT_EQ(ctx.answers[1].request, 0u);
  EXPECT_EQ(ctx.answers[1].served, ServedAs::kReconstructed);
  EXPECT_EQ(ctx.answers[1].at, core::Time::from_ms(9));
}

// What each row declares matches what its kind does (the wiring trusts these).
TEST(RedundancyRegistry, NeedsAgreeWithTheKinds) {
  for (const RedundancyEntry& row : redundancy_registry()) {
    const RedundancyNeeds& needs = row.needs;
    SCOPED_TRACE(row.name);
    // An extra pool comes with its size per k deployed, and only with one.
    EXPECT_EQ(needs.extra_pool == ExtraPool::kNone, needs.extra_units == ExtraUnits::kNone);
    EXPECT_TRUE(!needs.extra_pool_serves_backup || needs.extra_pool != ExtraPool::kNone);
    EXPECT_LE(needs.max_r, 1000);  // within io's kMaxCodeParameter
    EXPECT_EQ(&redundancy_entry(row.name), &row);
    EXPECT_NE(make_redundancy_policy(kind(row.name)), nullptr);
  }
  EXPECT_EQ(redundancy_entry("replicate").needs.max_r, kMaxCopiesPerRequest - 1);
  EXPECT_THROW(redundancy_entry("replicat"), core::ConfigError);
}

}  // namespace
}  // namespace servesim::policy
