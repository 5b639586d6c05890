// File: sim/cluster/function_pool.hpp
//
// A pool served by one cloud function (platform kind serverless): the pool's model runs in
// sandboxes (execution environments) that the platform starts on demand and keeps alive for a
// while after use. docs/serverless.md describes the model with its sources; in short:
//
// Invocations. The frontend submits each request copy as a task. Tasks wait in the pool's
// batching buffer until batching.max_batch of them are there, or the oldest has waited
// batching.timeout ms (at once when the timeout is 0); then they go out as ONE invocation whose
// execution time is the model's latency for that batch size (default max_batch 1: one task, one
// invocation). The function scales out: there is no queue for sandboxes.
//
// Sandboxes. An invocation runs on an idle warm sandbox if there is one: a provisioned one
// first, else the most recently used (AWS Lambda reuses the most recently used environment;
// with a fixed keep-alive this also lets the least recently used expire first). Else, if a
// pre-warmed sandbox is still loading, it waits for that one. Else it starts a new sandbox: a
// cold start of cold_start + model_load (drawn per start). Both of the latter count as cold
// starts (stats().cold_starts). Provisioned sandboxes exist from time 0 and never expire.
//
// Keep-alive. When an on-demand sandbox goes idle, the function's KeepAlivePolicy decides
// (prewarm, keep_alive) (policy/keep_alive/keep_alive_policy.hpp): with prewarm 0 the sandbox
// stays warm for keep_alive, then dies; otherwise it is unloaded at once and a new one starts
// loading prewarm later, warm until prewarm + keep_alive after the idle moment. A pending
// pre-warm is not cancelled by cold starts in between. The policy observes one idle time per
// invocation when it arrives: the time since the end of the function's last invocation, or 0 if
// another invocation of the function is in flight.
//
// Concurrency. An invocation occupies a unit of the function's concurrency_limit and of the
// account's shared ConcurrencyCounter from its arrival at a sandbox (cold start included) to its
// end. If either is exhausted the try is throttled (stats().throttled, one per try): on_throttle
// drop refuses its tasks at once (PoolListener::on_task_refused); retry tries again after
// base_ms * multiplier^(n-1) for the n-th retry, and refuses after max_attempts tries.
//
// Execution time = profile latency * max(1, profile_vcpus * 1769 / memory_mb) * straggler
// factor: Lambda gives one vCPU at 1,769 MB and CPU in proportion to memory; no speed-up above
// the profile's vCPUs.
//
// Billing. Each admitted invocation pays usd_per_million_requests / 1e6, and its duration
// (execution; plus the init it waited for when bill_init) rounded UP to the next ms, times
// memory_mb / 1024 GB, times usd_per_gb_s. Provisioned sandboxes add usd_per_provisioned_gb_s
// per GB-second from time 0. Durations are summed as integer ms, so the bill is exact.
//
// Cancellation mirrors InstancePool: a cancelled task waiting in the buffer or for a retry is
// skipped and released when next touched; a cancelled task in a running invocation (cold start
// included) finishes with it and is discarded; its invocation is billed.
//
// Invariants: in_flight_ == invocations initialising or running == units this pool holds of the
// account counter; a sandbox is in exactly one of: idle list, provisioned idle stack,
// prewarming list, running an invocation, dead (free list); live_waiting_ == live tasks in
// the buffer. Not thread-safe (one per Engine).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/cluster/concurrency_counter.hpp"
#include "sim/cluster/interference_config.hpp"
#include "sim/cluster/pool.hpp"
#include "sim/cluster/pool_config.hpp"
#include "sim/cluster/serverless_config.hpp"
#include "sim/cluster/service_model.hpp"
#include "sim/cluster/task.hpp"
#include "sim/core/engine.hpp"
#include "sim/core/ring_queue.hpp"
#include "sim/core/slot_pool.hpp"
#include "sim/dist/sampler.hpp"
#include "sim/policy/keep_alive/keep_alive_policy.hpp"

namespace servesim::cluster {

// Everything a function pool needs, prepared by run/.
struct FunctionPoolSetup {
  PoolConfig config;  // name, model, batching; instances, queue and queue_capacity are unused
  ServiceModel service;
  FunctionConfig function;
  ServerlessPricing pricing;
  StragglerConfig stragglers;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
};

class FunctionPool final : public Pool {
 public:
  // `account`: the scenario's shared account quota; nullptr = none. It must outlive the pool.
  FunctionPool(core::Engine& engine, FunctionPoolSetup setup, ConcurrencyCounter* account,
               TaskTable& tasks);
  FunctionPool(const FunctionPool&) = delete;
  FunctionPool& operator=(const FunctionPool&) = delete;

  void submit(TaskSlot task, std::span<const std::int32_t> avoid = {}) override;
  void cancel(TaskSlot task) override;

  const std::string& name() const override { return name_; }
  // The peak number of sandboxes alive at once (initialising, busy or idle).
  int instances() const override { return peak_alive_; }
  const PoolStats& stats() const override { return stats_; }
  // Execution time of invocations (not cold starts), summed.
  std::int64_t busy_ns(core::Time now) const override;
  double cost_usd(core::Time now) const override;
  CostParts cost_parts(core::Time now) const override;

  // For tests and reports.
  int sandboxes_alive() const { return alive_; }
  // Sandbox-seconds: the integral of sandboxes alive over [0, now] (what keep-alive costs the
  // provider in memory-time, the quantity Shahrad et al. trade against cold starts).
  double sandbox_seconds(core::Time now) const;
  std::uint64_t billed_ms(core::Time now) const;
  std::uint64_t invocations() const { return stats_.batches; }
  int in_flight() const { return in_flight_; }

  // Event handlers.
  void on_batch_timeout(std::uint64_t unused);
  void on_init_done(std::uint64_t sandbox_idx);
  void on_invocation_done(std::uint64_t invocation_idx);
  void on_expire(std::uint64_t sandbox_idx);
  void on_prewarm(std::uint64_t keep_alive_ns);
  void on_retry(std::uint64_t invocation_idx);

 private:
  enum class SandboxState : std::uint8_t { kDead, kInitializing, kBusy, kIdle };
  struct Sandbox {
    SandboxState state = SandboxState::kDead;
    bool provisioned = false;
    std::int32_t invocation = -1;  // the invocation it runs or initialises for; -1 = none
    core::EventId timer;           // init done (initialising) or invocation done (busy)
    core::Time ready_at;           // initialising: when it is ready
    // Idle: when it dies unless reused; pre-warming: the end of its window. Expiry is checked
    // lazily: at most one check is pending per sandbox (`expiry`, at `expiry_at`), and a reuse
    // does not cancel it; the check reschedules itself while the deadline lies ahead. So a busy
    // function costs one expiry event per sandbox and keep-alive period, not per invocation.
    core::Time expires_at;
    core::EventId expiry;
    core::Time expiry_at;
    std::int32_t prev = -1;  // idle list links (on-demand idle sandboxes, MRU first)
    std::int32_t next = -1;
  };
  enum class InvocationState : std::uint8_t { kFree, kWaitingRetry, kInitializing, kRunning };
  struct Invocation {
    InvocationState state = InvocationState::kFree;
    std::vector<TaskSlot> tasks;
    std::uint32_t queries = 0;  // in its tasks, counted once it holds a concurrency slot
    int attempts = 0;           // tries made
    bool cold = false;
    std::int32_t sandbox = -1;
    core::Time init_start;  // cold: when it began waiting for a sandbox to load
    core::Time exec_start;
    // Back to a fresh invocation, keeping the task list's buffer (SlotPool calls it on reuse).
    void reuse() {
      std::vector<TaskSlot> kept = std::move(tasks);
      kept.clear();
      *this = Invocation{};
      tasks = std::move(kept);
    }
  };
  // Task::instance of a queued task taken out of the buffer into an invocation that is not on a
  // sandbox yet (being formed, or waiting for a retry); in the buffer it is -1. cancel() tells
  // the two apart: only the buffer's live count changes.
  static constexpr std::int32_t kInInvocation = -2;

  void form_invocations();
  std::uint32_t acquire_invocation();
  void free_invocation(std::uint32_t idx);
  // One try of invocation `idx`: throttled, or placed on a sandbox.
  void invoke(std::uint32_t idx);
  bool acquire_concurrency();
  void release_concurrency();
  void on_throttled(std::uint32_t idx);
  // Hands every task of the invocation back as refused (or releases cancelled ones).
  void refuse(std::uint32_t idx);
  void start_execution(std::uint32_t invocation_idx, std::uint32_t sandbox_idx);
  // Returns the index of a new sandbox in state kInitializing, its init timer armed.
  std::uint32_t start_sandbox();
  void sandbox_idle(std::uint32_t sandbox_idx);
  // Makes sure an expiry check is pending at or before the sandbox's expires_at.
  void arm_expiry(std::uint32_t sandbox_idx);
  void kill_sandbox(std::uint32_t sandbox_idx);
  void idle_push_front(std::uint32_t sandbox_idx);
  void idle_remove(std::uint32_t sandbox_idx);
  void count_alive(int delta);
  void skip_cancelled();
  std::int64_t bill_ns(const Invocation& invocation, core::Time end) const;
  // The init part of bill_ns (0 without bill_init or for a warm invocation).
  std::int64_t billed_init_ns(const Invocation& invocation, core::Time end) const;

  core::Engine& engine_;
  const PoolConfig config_;
  const std::string name_;
  ServiceModel service_;
  const FunctionConfig function_;
  const ServerlessPricing pricing_;
  const StragglerConfig stragglers_;
  ConcurrencyCounter* account_;
  TaskTable& tasks_;
  std::unique_ptr<policy::KeepAlivePolicy> keep_alive_;
  const double cpu_factor_;
  const core::Time batch_timeout_;

  core::RngStream service_rng_;
  core::RngStream straggler_rng_;
  core::RngStream cold_start_rng_;
  dist::Sampler cold_start_;
  dist::Sampler model_load_;
  dist::Sampler straggler_slowdown_;

  // Batching buffer.
  core::RingQueue<TaskSlot> waiting_;
  std::uint64_t live_waiting_ = 0;
  core::EventId batch_timer_;
  core::Time batch_timer_at_;

  // Free invocations are in state kFree; the figures below pass over every slot.
  core::SlotPool<Invocation> invocations_;
  std::vector<std::vector<TaskSlot>> spare_task_lists_;  // keep capacity across invocations
  int in_flight_ = 0;
  bool any_ended_ = false;
  core::Time last_end_;

  // Dead sandboxes are free slots.
  core::SlotPool<Sandbox> sandboxes_;
  std::vector<std::uint32_t> idle_provisioned_;
  std::vector<std::uint32_t> prewarming_;
  std::int32_t idle_head_ = -1;
  int alive_ = 0;
  int peak_alive_ = 0;
  core::Time alive_since_;        // last change of alive_
  double alive_ns_integral_ = 0;  // sandbox-ns up to alive_since_

  std::uint64_t billed_ms_ = 0;
  // The init part of billed durations (bill_init, cold invocations), unrounded: the rounding up
  // to the millisecond is counted as execution.
  std::int64_t billed_init_ns_ = 0;
  PoolStats stats_;
};

}  // namespace servesim::cluster
