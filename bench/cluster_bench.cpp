// File: bench/cluster_bench.cpp
//
// Batch formation, the pools' hot path when max_batch > 1:
// - BM_TakeWholeTasks: take_whole_tasks alone, draining a queue of one-query tasks (some
//   cancelled, as hedging and parity leave them) in batches of up to max_batch queries. Each
//   task's whole life is timed: acquired, queued, taken or skipped, released.
// - BM_PoolBatching: an InstancePool with a shared queue forming batches under a closed loop
//   (every finished task is replaced at once, so a full batch always waits). With max_batch > 1
//   and a batching timeout the pool takes its general path (idle list, timer check); with
//   max_batch 1 or no timeout, the direct hand-overs of docs/performance.md (change 18). Its
//   rate counts tasks served per second of CPU time.
#include <benchmark/benchmark.h>

#include <vector>

#include "sim/cluster/batch_forming.hpp"
#include "sim/cluster/instance_pool.hpp"

namespace servesim::cluster {
namespace {

void BM_TakeWholeTasks(benchmark::State& state) {
  const auto max_batch = static_cast<std::uint32_t>(state.range(0));
  const double cancelled_fraction = static_cast<double>(state.range(1)) / 100.0;
  constexpr int kQueued = 4096;
  TaskTable tasks;
  core::RingQueue<TaskSlot> queue;
  core::RngStream rng(1, 0, "bench/take_whole_tasks");
  std::vector<TaskSlot> batch;
  batch.reserve(max_batch);
  std::uint64_t handled = 0;
  for (auto _ : state) {
    for (int i = 0; i < kQueued; ++i) {
      const TaskSlot slot = tasks.acquire();
      tasks[slot].cancelled = rng.uniform_open01() < cancelled_fraction;
      queue.push_back(slot);
    }
    while (!queue.empty()) {
      batch.clear();
      take_whole_tasks(queue, tasks, max_batch,
                       [&](TaskSlot slot, Task&) { batch.push_back(slot); });
      for (TaskSlot slot : batch) tasks.release(slot);
      benchmark::DoNotOptimize(batch.data());
    }
    handled += kQueued;
  }
  state.counters["tasks_per_s"] =
      benchmark::Counter(static_cast<double>(handled), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TakeWholeTasks)
    ->ArgsProduct({{1, 8, 32}, {0, 10}})
    ->ArgNames({"max_batch", "cancelled_pct"});

// Replaces every finished task by a new one, so `outstanding` tasks are always in the pool.
struct ClosedLoop final : PoolListener {
  TaskTable* tasks = nullptr;
  Pool* pool = nullptr;
  std::uint64_t served = 0;
  void on_task_finished(TaskSlot task) override {
    ++served;
    tasks->release(task);
    pool->submit(tasks->acquire());
  }
  void on_task_refused(TaskSlot task) override { tasks->release(task); }
};

// Service time: 1 ms for one query, 10 ms for 64, interpolated between (constant laws).
ModelConfig batch_model() {
  ModelConfig model;
  model.name = "m";
  model.latency_by_batch[1] = dist::DistributionSpec::constant(1);
  model.latency_by_batch[64] = dist::DistributionSpec::constant(10);
  return model;
}

void BM_PoolBatching(benchmark::State& state) {
  const int max_batch = static_cast<int>(state.range(0));
  const double timeout_ms = static_cast<double>(state.range(1)) / 10.0;
  constexpr int kInstances = 4;
  core::Engine engine;
  TaskTable tasks;
  const PoolConfig config{.name = "p",
                          .model = "m",
                          .instances = kInstances,
                          .batching = {.max_batch = max_batch, .timeout = timeout_ms}};
  InstancePool pool(engine,
                    PoolSetup{.config = config,
                              .service = ServiceModel(batch_model(), max_batch),
                              .balancer = nullptr,
                              .stragglers = {},
                              .episodes = {},
                              .background = {},
                              .failures = {},
                              .seed = 1},
                    tasks);
  ClosedLoop loop;
  loop.tasks = &tasks;
  loop.pool = &pool;
  pool.set_listener(loop);
  // Twice what the instances can hold, so every batch end finds a full batch waiting.
  for (int i = 0; i < 2 * kInstances * max_batch; ++i) pool.submit(tasks.acquire());
  for (auto _ : state) engine.run(engine.now() + core::Time::from_ms(100));
  state.counters["tasks_per_s"] =
      benchmark::Counter(static_cast<double>(loop.served), benchmark::Counter::kIsRate);
  state.counters["mean_batch"] = static_cast<double>(pool.stats().batched_queries) /
                                 static_cast<double>(pool.stats().batches);
}
BENCHMARK(BM_PoolBatching)
    ->ArgsProduct({{1, 8, 32}, {0, 5}})
    ->ArgNames({"max_batch", "timeout_tenth_ms"});

}  // namespace
}  // namespace servesim::cluster

BENCHMARK_MAIN();
