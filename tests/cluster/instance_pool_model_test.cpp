// File: tests/cluster/instance_pool_model_test.cpp
//
// InstancePool on its own: an Engine, a task table, a script of arrivals and cancellations, and
// a listener that records when each task comes back. Service times are constants, so every
// expected completion time below is worked out by hand in the comment beside it.
#include <gtest/gtest.h>

#include <vector>

#include "pool_setup.hpp"
#include "sim/cluster/instance_pool.hpp"

namespace servesim::cluster {
namespace {

struct Finished final : PoolListener {
  TaskTable* tasks = nullptr;
  core::Engine* engine = nullptr;
  std::vector<std::pair<TaskSlot, core::Time>> finished;
  void on_task_finished(TaskSlot task) override {
    finished.emplace_back(task, engine->now());
    tasks->release(task);
  }
  void on_task_refused(TaskSlot task) override { tasks->release(task); }
};

// Latency 10 ms for a batch of 1 and 16 ms for a batch of 2 (constant).
ModelConfig constant_model() {
  ModelConfig model;
  model.name = "m";
  model.latency_by_batch[1] = dist::DistributionSpec::constant(10);
  model.latency_by_batch[2] = dist::DistributionSpec::constant(16);
  return model;
}

class Script {
 public:
  explicit Script(int instances, QueueKind queue = QueueKind::kShared, BatchingConfig batching = {},
                  const char* balancer = "round_robin") {
    PoolConfig config;
    config.name = "p";
    config.model = "m";
    config.instances = instances;
    config.queue = queue;
    config.batching = batching;
    pool_ = std::make_unique<InstancePool>(
        engine_,
        quiet_pool_setup(config, ServiceModel(constant_model(), batching.max_batch), balancer),
        tasks_);
    listener_.tasks = &tasks_;
    listener_.engine = &engine_;
    pool_->set_listener(listener_);
  }

  // A task reaches the pool at `ms`; with `least_outstanding` it asks for the least-loaded
  // instance (Placement::kLeastOutstanding).
  TaskSlot arrive_at(double ms, bool least_outstanding = false) {
    const TaskSlot slot = tasks_.acquire();
    tasks_[slot].least_outstanding = least_outstanding;
    engine_.schedule<&Script::on_arrive>(core::Time::from_ms(ms), this, slot);
    return slot;
  }
  void cancel_at(double ms, TaskSlot slot) {
    engine_.schedule<&Script::on_cancel>(core::Time::from_ms(ms), this, slot);
  }
  void on_arrive(std::uint64_t slot) { pool_->submit(static_cast<TaskSlot>(slot)); }
  void on_cancel(std::uint64_t slot) { pool_->cancel(static_cast<TaskSlot>(slot)); }

  void run() { engine_.run(); }
  double finished_ms(TaskSlot slot) const {
    for (const auto& [task, when] : listener_.finished) {
      if (task == slot) return when.ms();
    }
    return -1;
  }
  InstancePool& pool() { return *pool_; }
  core::Engine& engine() { return engine_; }

 private:
  core::Engine engine_;
  TaskTable tasks_;
  Finished listener_;
  std::unique_ptr<InstancePool> pool_;
};

// Two instances, one shared FIFO, arrivals at 0, 1 and 2 ms: the first two start at once on
// the two idle instances (done at 10 and 11); the third waits for the first instance to free
// up at 10 and is done at 20.
TEST(InstancePoolModel, SharedQueueTwoInstancesThreeArrivals) {
  Script script(2);
  const TaskSlot a = script.arrive_at(0);
  const TaskSlot b = script.arrive_at(1);
  const TaskSlot c = script.arrive_at(2);
  script.run();
  EXPECT_DOUBLE_EQ(script.finished_ms(a), 10);
  EXPECT_DOUBLE_EQ(script.finished_ms(b), 11);
  EXPECT_DOUBLE_EQ(script.finished_ms(c), 20);
  EXPECT_EQ(script.pool().stats().tasks_served, 3u);
  EXPECT_EQ(script.pool().stats().batches, 3u);
  EXPECT_EQ(script.pool().busy_ns(script.engine().now()), 30'000'000);  // 3 x 10 ms
}

// Batching, one instance, max_batch 2, timeout 5 ms: the arrival at 0 waits for a partner;
// the one at 2 fills the batch, which runs 2..18 (16 ms for two). The arrival at 3 waits for
// the instance; at 18 it has waited 15 ms >= 5, so it runs alone, 18..28.
TEST(InstancePoolModel, BatchFillsThenTimeoutSendsALoneQuery) {
  Script script(1, QueueKind::kShared, BatchingConfig{.max_batch = 2, .timeout = 5});
  const TaskSlot a = script.arrive_at(0);
  const TaskSlot b = script.arrive_at(2);
  const TaskSlot c = script.arrive_at(3);
  script.run();
  EXPECT_DOUBLE_EQ(script.finished_ms(a), 18);
  EXPECT_DOUBLE_EQ(script.finished_ms(b), 18);
  EXPECT_DOUBLE_EQ(script.finished_ms(c), 28);
  EXPECT_EQ(script.pool().stats().batches, 2u);
  EXPECT_EQ(script.pool().stats().batched_queries, 3u);
}

// A lone query under a timeout: it waits the full 5 ms, then runs 5..15.
TEST(InstancePoolModel, LoneQueryWaitsTheBatchTimeout) {
  Script script(1, QueueKind::kShared, BatchingConfig{.max_batch = 2, .timeout = 5});
  const TaskSlot a = script.arrive_at(0);
  script.run();
  EXPECT_DOUBLE_EQ(script.finished_ms(a), 15);
}

// Per-instance queues, round robin over two instances: a, b, c, d at 0 go to 0, 1, 0, 1.
// d is cancelled at 1 (instance 1 now has one query outstanding, instance 0 two). e at 2 asks
// for the least-loaded instance: instance 1, where it runs after b, 10..20. Round robin would
// have sent it to instance 0, behind a and c: 20..30.
TEST(InstancePoolModel, LeastOutstandingPlacementBeatsTheBalancer) {
  Script script(2, QueueKind::kPerInstance);
  const TaskSlot a = script.arrive_at(0);
  const TaskSlot b = script.arrive_at(0);
  const TaskSlot c = script.arrive_at(0);
  const TaskSlot d = script.arrive_at(0);
  script.cancel_at(1, d);
  const TaskSlot e = script.arrive_at(2, /*least_outstanding=*/true);
  script.run();
  EXPECT_DOUBLE_EQ(script.finished_ms(a), 10);
  EXPECT_DOUBLE_EQ(script.finished_ms(b), 10);
  EXPECT_DOUBLE_EQ(script.finished_ms(c), 20);
  EXPECT_DOUBLE_EQ(script.finished_ms(e), 20);
  EXPECT_EQ(script.pool().stats().tasks_cancelled_queued, 1u);
}

// The same placement through the least_outstanding balancer's own ranking (a MinTree rather
// than a scan). Every task now goes to the least loaded: a -> 0, b -> 1, c -> 0 (tie, lowest
// index), d -> 1; d cancelled at 1; e at 2 -> instance 1 (1 outstanding vs 2): done at 20.
TEST(InstancePoolModel, LeastOutstandingPlacementUsesTheBalancersRanking) {
  Script script(2, QueueKind::kPerInstance, {}, "least_outstanding");
  script.arrive_at(0);
  script.arrive_at(0);
  const TaskSlot c = script.arrive_at(0);
  const TaskSlot d = script.arrive_at(0);
  script.cancel_at(1, d);
  const TaskSlot e = script.arrive_at(2, /*least_outstanding=*/true);
  script.run();
  EXPECT_DOUBLE_EQ(script.finished_ms(c), 20);
  EXPECT_DOUBLE_EQ(script.finished_ms(e), 20);
}

TEST(InstancePoolModel, WithoutThePlacementRoundRobinDecides) {
  Script script(2, QueueKind::kPerInstance);
  script.arrive_at(0);
  script.arrive_at(0);
  script.arrive_at(0);
  const TaskSlot d = script.arrive_at(0);
  script.cancel_at(1, d);
  const TaskSlot e = script.arrive_at(2);
  script.run();
  EXPECT_DOUBLE_EQ(script.finished_ms(e), 30);
}

}  // namespace
}  // namespace servesim::cluster
