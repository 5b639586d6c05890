// File: tests/cluster/function_pool_test.cpp
//
// FunctionPool on its own: an Engine, a task table and a listener that records what comes back.
// Service and cold-start times are constants, so every expected time and bill is exact.
#include "sim/cluster/function_pool.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

namespace servesim::cluster {
namespace {

struct Recorder final : PoolListener {
  TaskTable* tasks = nullptr;
  core::Engine* engine = nullptr;
  std::vector<std::pair<TaskSlot, core::Time>> finished;
  std::vector<std::pair<TaskSlot, core::Time>> refused;
  std::function<void(TaskSlot)> on_refused;  // runs before the slot is released
  void on_task_finished(TaskSlot task) override {
    finished.emplace_back(task, engine->now());
    tasks->release(task);
  }
  void on_task_refused(TaskSlot task) override {
    refused.emplace_back(task, engine->now());
    if (on_refused) on_refused(task);
    tasks->release(task);
  }
};

ModelConfig constant_model(double ms) {
  ModelConfig model;
  model.name = "m";
  model.latency_by_batch[1] = dist::DistributionSpec::constant(ms);
  model.latency_by_batch[8] = dist::DistributionSpec::constant(ms * 4);
  return model;
}

FunctionConfig function(double cold_ms, double ttl_s) {
  FunctionConfig config;
  config.memory_mb = 1769;
  config.cold_start = dist::DistributionSpec::constant(cold_ms);
  config.keep_alive.ttl_s = ttl_s;
  return config;
}

// Drives one or more pools: submits tasks at given times.
class Harness {
 public:
  explicit Harness(int account_limit = 0) : account_(account_limit) {
    recorder_.tasks = &tasks_;
    recorder_.engine = &engine_;
  }

  FunctionPool& add_pool(const FunctionConfig& config, double service_ms = 10,
                         BatchingConfig batching = {}, ServerlessPricing pricing = {}) {
    PoolConfig pool;
    pool.name = "f" + std::to_string(pools_.size());
    pool.model = "m";
    pool.batching = batching;
    pools_.push_back(std::make_unique<FunctionPool>(
        engine_,
        FunctionPoolSetup{.config = pool,
                          .service = ServiceModel(constant_model(service_ms), batching.max_batch),
                          .function = config,
                          .pricing = pricing,
                          .stragglers = {},
                          .seed = 1,
                          .replication = 0},
        &account_, tasks_));
    pools_.back()->set_listener(recorder_);
    return *pools_.back();
  }

  // A task arrives at pool `pool` at `when` (seconds). Returns its slot.
  TaskSlot submit_at(double when_s, std::size_t pool = 0) {
    const TaskSlot slot = tasks_.acquire();
    tasks_[slot].pool = static_cast<std::uint8_t>(pool);
    engine_.schedule<&Harness::on_submit>(core::Time::from_s(when_s), this, slot);
    return slot;
  }
  void cancel_at(double when_s, TaskSlot slot) {
    engine_.schedule<&Harness::on_cancel>(core::Time::from_s(when_s), this, slot);
  }
  void on_submit(std::uint64_t slot) {
    const auto task = static_cast<TaskSlot>(slot);
    pools_[tasks_[task].pool]->submit(task);
  }
  void on_cancel(std::uint64_t slot) {
    const auto task = static_cast<TaskSlot>(slot);
    pools_[tasks_[task].pool]->cancel(task);
  }

  core::Engine& engine() { return engine_; }
  Recorder& recorder() { return recorder_; }
  ConcurrencyCounter& account() { return account_; }
  // Completion time of `slot` in ms, or -1.
  double finished_ms(TaskSlot slot) const {
    for (const auto& [task, when] : recorder_.finished) {
      if (task == slot) return when.ms();
    }
    return -1;
  }

 private:
  core::Engine engine_;
  TaskTable tasks_;
  Recorder recorder_;
  ConcurrencyCounter account_;
  std::vector<std::unique_ptr<FunctionPool>> pools_;
};

TEST(FunctionPool, ColdStartThenWarmReuseWithinTtl) {
  Harness harness;
  FunctionPool& pool = harness.add_pool(function(200, 60));
  const TaskSlot first = harness.submit_at(0);
  const TaskSlot second = harness.submit_at(30);    // warm: idle 30 s < 60 s
  const TaskSlot third = harness.submit_at(100.5);  // idle 70.5 s > 60 s: the sandbox died
  harness.engine().run();
  EXPECT_DOUBLE_EQ(harness.finished_ms(first), 210);
  EXPECT_DOUBLE_EQ(harness.finished_ms(second), 30010);
  EXPECT_DOUBLE_EQ(harness.finished_ms(third), 100710);
  EXPECT_EQ(pool.stats().cold_starts, 2u);
  EXPECT_EQ(pool.invocations(), 3u);
  EXPECT_EQ(pool.stats().tasks_served, 3u);
  EXPECT_EQ(pool.instances(), 1);
  EXPECT_EQ(pool.sandboxes_alive(), 0);  // the last one expired at 100.71 + 60 s
  // Alive 0 .. 90.01 s and 100.5 .. 160.71 s.
  EXPECT_NEAR(pool.sandbox_seconds(harness.engine().now()), 90.01 + 60.21, 1e-9);
}

TEST(FunctionPool, OverlappingInvocationsStartMoreSandboxesAndReuseTheMostRecent) {
  Harness harness;
  FunctionPool& pool = harness.add_pool(function(100, 600), 50);
  harness.submit_at(0);                         // sandbox A: ready 0.1, done 0.15
  harness.submit_at(0.01);                      // A busy: sandbox B, ready 0.11, done 0.16
  const TaskSlot third = harness.submit_at(1);  // warm on B (most recently used)
  harness.engine().run(core::Time::from_s(2));
  EXPECT_EQ(pool.stats().cold_starts, 2u);
  EXPECT_EQ(pool.instances(), 2);
  EXPECT_EQ(pool.sandboxes_alive(), 2);
  EXPECT_DOUBLE_EQ(harness.finished_ms(third), 1050);
}

TEST(FunctionPool, ModelLoadAddsToTheColdStart) {
  Harness harness;
  FunctionConfig config = function(200, 60);
  config.model_load = dist::DistributionSpec::constant(1300);
  harness.add_pool(config);
  const TaskSlot task = harness.submit_at(0);
  harness.engine().run();
  EXPECT_DOUBLE_EQ(harness.finished_ms(task), 1510);
}

TEST(FunctionPool, MemoryBelowOneVcpuStretchesExecution) {
  Harness harness;
  FunctionConfig small = function(0, 60);
  small.memory_mb = 442;  // 1769 / 442 = 4.0023 times slower
  FunctionConfig large = function(0, 60);
  large.memory_mb = 10240;  // above one vCPU: no speed-up for a 1-vCPU profile
  FunctionConfig two_vcpu_profile = function(0, 60);
  two_vcpu_profile.memory_mb = 1769;
  two_vcpu_profile.profile_vcpus = 2;  // measured on 2 vCPUs: 2x slower on 1
  harness.add_pool(small);
  harness.add_pool(large);
  harness.add_pool(two_vcpu_profile);
  const TaskSlot a = harness.submit_at(0, 0);
  const TaskSlot b = harness.submit_at(0, 1);
  const TaskSlot c = harness.submit_at(0, 2);
  harness.engine().run();
  EXPECT_NEAR(harness.finished_ms(a), 10 * 1769.0 / 442, 1e-6);
  EXPECT_DOUBLE_EQ(harness.finished_ms(b), 10);
  EXPECT_DOUBLE_EQ(harness.finished_ms(c), 20);
}

TEST(FunctionPool, ConcurrencyLimitDropsTheExcess) {
  Harness harness;
  FunctionConfig config = function(0, 60);
  config.concurrency_limit = 2;
  FunctionPool& pool = harness.add_pool(config, 100);
  harness.submit_at(0);
  harness.submit_at(0.01);
  const TaskSlot third = harness.submit_at(0.02);  // two in flight: throttled, dropped
  const TaskSlot fourth = harness.submit_at(0.2);  // both done: warm
  harness.engine().run();
  ASSERT_EQ(harness.recorder().refused.size(), 1u);
  EXPECT_EQ(harness.recorder().refused[0].first, third);
  EXPECT_DOUBLE_EQ(harness.recorder().refused[0].second.ms(), 20);
  EXPECT_EQ(pool.stats().throttled, 1u);
  EXPECT_EQ(pool.stats().tasks_refused, 1u);
  EXPECT_EQ(pool.invocations(), 3u);  // throttled tries are not invocations (nor billed)
  EXPECT_DOUBLE_EQ(harness.finished_ms(fourth), 300);
}

TEST(FunctionPool, RetriesWithExponentialBackoffThenRefuses) {
  Harness harness;
  FunctionConfig config = function(0, 60);
  config.concurrency_limit = 1;
  config.on_throttle = ThrottleAction::kRetry;
  config.retry = {.base_ms = 40, .max_attempts = 3, .multiplier = 2};
  FunctionPool& pool = harness.add_pool(config, 100);
  harness.submit_at(0);                            // runs 0 .. 100 ms
  const TaskSlot waits = harness.submit_at(0.01);  // tries at 10, 50, 130 ms: runs at 130
  harness.engine().run();
  EXPECT_DOUBLE_EQ(harness.finished_ms(waits), 230);
  EXPECT_EQ(pool.stats().throttled, 2u);

  Harness second;
  FunctionPool& busy = second.add_pool(config, 1000);
  second.submit_at(0);                               // runs 0 .. 1000 ms
  const TaskSlot gives_up = second.submit_at(0.01);  // tries at 10, 50, 130 ms: refused at 130
  second.engine().run();
  ASSERT_EQ(second.recorder().refused.size(), 1u);
  EXPECT_EQ(second.recorder().refused[0].first, gives_up);
  EXPECT_DOUBLE_EQ(second.recorder().refused[0].second.ms(), 130);
  EXPECT_EQ(busy.stats().throttled, 3u);
  EXPECT_EQ(busy.stats().tasks_refused, 1u);
}

TEST(FunctionPool, CancelledWhileWaitingForRetryIsReleasedNotRefused) {
  Harness harness;
  FunctionConfig config = function(0, 60);
  config.concurrency_limit = 1;
  config.on_throttle = ThrottleAction::kRetry;
  config.retry = {.base_ms = 40, .max_attempts = 5, .multiplier = 2};
  FunctionPool& pool = harness.add_pool(config, 1000);
  harness.submit_at(0);
  const TaskSlot waiting = harness.submit_at(0.01);
  harness.cancel_at(0.03, waiting);
  harness.engine().run();
  EXPECT_TRUE(harness.recorder().refused.empty());
  EXPECT_EQ(pool.stats().tasks_cancelled_queued, 1u);
  EXPECT_EQ(pool.stats().throttled, 1u);  // the retry at 50 ms found nothing left to run
  EXPECT_EQ(pool.invocations(), 1u);
}

// A refusal may make the frontend cancel a sibling in the same refused invocation (a request's
// two copies batched together): the sibling is no longer in the buffer, so the buffer's count
// must not change, or later tasks would stop waiting for their batch.
TEST(FunctionPool, CancellingATaskOfARefusedInvocationKeepsTheBufferCount) {
  Harness harness;
  FunctionConfig config = function(0, 60);
  config.concurrency_limit = 1;
  harness.add_pool(config, 1000, BatchingConfig{2, 50});
  harness.submit_at(0);  // alone: goes at 50 ms, runs 1 s
  const TaskSlot first = harness.submit_at(0.1);
  const TaskSlot sibling = harness.submit_at(0.1);  // a batch of two: throttled, dropped
  harness.recorder().on_refused = [&](TaskSlot task) {
    if (task == first) harness.on_cancel(sibling);
  };
  // Two more: the second completes a batch of two at once (with a corrupted count they would
  // wait for the timeout instead).
  const TaskSlot later = harness.submit_at(2);
  harness.submit_at(2.01);
  harness.engine().run();
  ASSERT_EQ(harness.recorder().refused.size(), 1u);
  EXPECT_NEAR(harness.finished_ms(later), 2010 + 1000 + 3000.0 / 7, 1e-6);
}

TEST(FunctionPool, AccountLimitIsSharedByFunctions) {
  Harness harness(/*account_limit=*/1);
  FunctionPool& first = harness.add_pool(function(0, 60), 100);
  FunctionPool& second = harness.add_pool(function(0, 60), 100);
  harness.submit_at(0, 0);
  harness.submit_at(0.05, 1);  // the account's one unit is held by the first function
  harness.submit_at(0.2, 1);   // free again
  harness.engine().run();
  EXPECT_EQ(first.stats().throttled, 0u);
  EXPECT_EQ(second.stats().throttled, 1u);
  EXPECT_EQ(second.stats().tasks_served, 1u);
  EXPECT_EQ(harness.account().in_use(), 0);
  EXPECT_EQ(harness.account().peak(), 1);
}

TEST(FunctionPool, ProvisionedSandboxesAreNeverCold) {
  Harness harness;
  FunctionConfig config = function(500, 1);
  config.provisioned = 2;
  FunctionPool& pool = harness.add_pool(config, 100);
  harness.submit_at(0);
  harness.submit_at(0.01);
  harness.submit_at(100);                            // long after any TTL: still warm
  const TaskSlot third = harness.submit_at(100.05);  // the other provisioned sandbox
  const TaskSlot cold = harness.submit_at(100.06);   // both busy: on-demand cold start
  harness.engine().run();
  EXPECT_DOUBLE_EQ(harness.finished_ms(third), 100150);
  EXPECT_DOUBLE_EQ(harness.finished_ms(cold), 100660);
  EXPECT_EQ(pool.stats().cold_starts, 1u);
  EXPECT_EQ(pool.sandboxes_alive(), 2);  // the on-demand one expired, provisioned stay
}

TEST(FunctionPool, BatchesWaitingTasksIntoOneInvocation) {
  Harness harness;
  FunctionPool& pool = harness.add_pool(function(0, 60), 10, BatchingConfig{8, 50});
  std::vector<TaskSlot> slots;
  for (int i = 0; i < 3; ++i) slots.push_back(harness.submit_at(0.001 * i));
  harness.engine().run();
  EXPECT_EQ(pool.invocations(), 1u);
  // Timeout 50 ms from the first; batch of 3 interpolated between 10 ms (1) and 40 ms (8).
  for (TaskSlot slot : slots) EXPECT_NEAR(harness.finished_ms(slot), 50 + 10 + 30.0 * 2 / 7, 1e-6);
}

TEST(FunctionPool, CancelledRunningTaskIsDiscardedButBilled) {
  Harness harness;
  FunctionPool& pool = harness.add_pool(function(200, 60), 10);
  const TaskSlot task = harness.submit_at(0);
  harness.cancel_at(0.1, task);  // during the cold start
  harness.engine().run();
  EXPECT_TRUE(harness.recorder().finished.empty());
  EXPECT_EQ(pool.stats().tasks_discarded, 1u);
  EXPECT_EQ(pool.billed_ms(harness.engine().now()), 10u);
}

TEST(FunctionPool, BillsRoundedUpMillisecondsAndRequests) {
  Harness harness;
  FunctionConfig config = function(150.5, 60);
  config.memory_mb = 2048;  // above one vCPU: no stretch
  ServerlessPricing pricing;
  pricing.usd_per_gb_s = 0.0000166667;
  pricing.usd_per_million_requests = 0.2;
  FunctionPool& pool = harness.add_pool(config, 12.0001, {}, pricing);
  harness.submit_at(0);
  harness.submit_at(1);
  harness.engine().run();
  EXPECT_EQ(pool.billed_ms(harness.engine().now()), 26u);  // 13 + 13: init not billed
  const double expected = 26.0 / 1000.0 * (2048.0 / 1024.0) * 0.0000166667 + 2 * 0.2 / 1e6;
  EXPECT_NEAR(pool.cost_usd(harness.engine().now()), expected, 1e-18);

  Harness with_init;
  config.bill_init = true;
  FunctionPool& billed = with_init.add_pool(config, 12.0001, {}, pricing);
  with_init.submit_at(0);
  with_init.submit_at(1);
  with_init.engine().run();
  EXPECT_EQ(billed.billed_ms(with_init.engine().now()), 163u + 13u);  // ceil(162.5001) + 13
}

TEST(FunctionPool, ProvisionedSandboxesCostFromTimeZero) {
  Harness harness;
  FunctionConfig config = function(0, 60);
  config.memory_mb = 2048;
  config.provisioned = 3;
  ServerlessPricing pricing;
  pricing.usd_per_gb_s = 0;
  pricing.usd_per_million_requests = 0;
  pricing.usd_per_provisioned_gb_s = 0.000004;
  FunctionPool& pool = harness.add_pool(config, 10, {}, pricing);
  harness.submit_at(0);
  harness.engine().run();
  EXPECT_NEAR(pool.cost_usd(core::Time::from_s(100)), 3 * 2.0 * 100 * 0.000004, 1e-15);
}

// Shahrad et al.'s pre-warming on a periodic function: after one idle time is seen, the sandbox
// is unloaded after each invocation and reloaded shortly before the next one.
TEST(FunctionPool, HybridHistogramPrewarmsAPeriodicFunction) {
  auto run = [](const std::string& policy) {
    Harness harness;
    FunctionConfig config = function(300, 600);
    config.keep_alive.policy = policy;
    FunctionPool& pool = harness.add_pool(config, 50);
    const int count = 40;
    for (int i = 0; i < count; ++i) harness.submit_at(1800.0 * i);  // every 30 min
    harness.engine().run();
    return std::pair{pool.stats().cold_starts, pool.sandbox_seconds(harness.engine().now())};
  };
  const auto [fixed_cold, fixed_alive] = run("fixed");
  const auto [hybrid_cold, hybrid_alive] = run("hybrid_histogram");
  EXPECT_EQ(fixed_cold, 40u);  // 10 min TTL < 30 min gaps: every invocation is cold
  // Hybrid: the first is cold; the second finds the fallback's 4 h keep-alive; from then on the
  // histogram (all idle times in bin 29: 29.99 min) pre-warms at 29 * 0.9 = 26.1 min and keeps
  // the sandbox until 30 * 1.1 = 33 min after each invocation.
  EXPECT_EQ(hybrid_cold, 1u);
  // Memory-time: the first sandbox lives until the second invocation ends (1800.05 s); then
  // each pre-warmed one from 26.1 min after an invocation ended to the end of the next
  // (234 s, 38 times); the last one its whole window, 33 - 26.1 min. The fixed TTL keeps
  // 10 min per period.
  const double expected_alive = 1800.05 + 38 * (1800 - 26.1 * 60) + (33 - 26.1) * 60;
  EXPECT_NEAR(hybrid_alive, expected_alive, 1e-6);
  EXPECT_LT(hybrid_alive, 0.5 * fixed_alive);
}

}  // namespace
}  // namespace servesim::cluster
