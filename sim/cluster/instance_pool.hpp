// File: sim/cluster/instance_pool.hpp
//
// A pool of identical model instances with its queue(s), batching, slowdowns and failures.
//
// Queueing: `shared` keeps one FIFO that idle instances pull from, in the order they became
// idle; `per_instance` keeps a FIFO per instance and lets the load balancer choose on arrival.
// Batching: an idle instance starts a batch when max_batch queries wait, or when the oldest
// waiting query has waited `timeout` (at once when timeout = 0).
// Cancellation is lazy: a cancelled queued task stays in its FIFO and is skipped (and released)
// when it reaches the head; counts used by load balancers exclude it at once. A cancelled running
// task finishes with its batch and is discarded.
// Failures: the running batch of a failing instance goes back to the head of the queue (shared)
// or is spread over the live instances (per_instance); nothing is lost.
//
// Per query and per event the work does not grow with the instance count (issue 16): the
// balancer reads a LoadIndex kept current here, and a failing idle instance leaves the idle
// list lazily (stale_idle_).
//
// Invariants: an instance has one entry in idle_ that is not stale iff it is up and not busy
// (shared queue only); idle_'s front entry is never stale; live_queued_ == number of
// non-cancelled tasks in the FIFOs.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "sim/cluster/batch_carrier.hpp"
#include "sim/cluster/interference_config.hpp"
#include "sim/cluster/pool.hpp"
#include "sim/cluster/pool_config.hpp"
#include "sim/cluster/service_model.hpp"
#include "sim/cluster/task.hpp"
#include "sim/core/engine.hpp"
#include "sim/core/huge_pages.hpp"
#include "sim/core/ring_queue.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"
#include "sim/policy/load_balancer/load_index.hpp"

namespace servesim::cluster {

// Everything a pool needs beyond its PoolConfig, prepared by run/.
struct PoolSetup {
  PoolConfig config;
  ServiceModel service;
  std::unique_ptr<policy::LoadBalancer> balancer;  // used when queue == kPerInstance
  StragglerConfig stragglers;
  EpisodeConfig episodes;
  std::vector<BackgroundLoadConfig> background;  // only entries for this pool
  FailureConfig failures;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  double usd_per_instance_hour = 0;
  bool fast_paths = true;  // false: the lone-task starts of submit and on_batch_done are off
};

class InstancePool final : public Pool {
 public:
  InstancePool(core::Engine& engine, PoolSetup setup, TaskTable& tasks);
  InstancePool(const InstancePool&) = delete;
  InstancePool& operator=(const InstancePool&) = delete;

  void submit(TaskSlot task, std::span<const std::int32_t> avoid = {}) override;
  void cancel(TaskSlot task) override;

  const std::string& name() const override { return name_; }
  int instances() const override { return static_cast<int>(instances_.size()); }
  const PoolStats& stats() const override { return stats_; }
  std::int64_t busy_ns(core::Time now) const override;
  // Every instance billed for the whole simulated time (servers are paid for while idle).
  double cost_usd(core::Time now) const override {
    return usd_per_instance_hour_ * static_cast<double>(instances_.size()) * now.s() / 3600.0;
  }
  // Busy instance time is compute, the rest of the paid instance time is idle.
  CostParts cost_parts(core::Time now) const override {
    CostParts parts;
    parts.compute = usd_per_instance_hour_ * static_cast<double>(busy_ns(now)) * 1e-9 / 3600.0;
    parts.idle = cost_usd(now) - parts.compute;
    return parts;
  }

  // Slowdown imposed on an instance by a component outside the pool (bulk transfers, co-located
  // tenants): one factor per source, multiplied into every batch the instance starts.
  enum class ExternalSource : std::size_t { kShuffles = 0, kTenants = 1, kCount = 2 };
  void set_external_factor(std::uint32_t instance_idx, ExternalSource source, double factor);

  // network.dispatch frontend: batches run their round trip through `carrier` (this pool is its
  // pool `index`), which ends them with on_carried_batch_done. Call before the run starts.
  void set_carrier(BatchCarrier& carrier, std::uint32_t index);
  // The round trip `ticket` of the instance is back; ignored if the instance failed meanwhile.
  void on_carried_batch_done(std::uint32_t instance_idx, std::uint64_t ticket);

  // Event handlers.
  void on_batch_done(std::uint64_t instance_idx);
  void on_batch_timeout(std::uint64_t instance_or_shared);
  void on_failure(std::uint64_t instance_idx);
  void on_repair(std::uint64_t instance_idx);
  void on_episode_start(std::uint64_t instance_idx);
  void on_episode_end(std::uint64_t instance_idx);
  void on_background_step(std::uint64_t packed);

 private:
  // An instance is two records (issue 16: at 10^5 instances every cache line a request touches
  // is a miss). Instance holds what a batch's start and end read or write, the per_instance
  // queue included, in one 64-byte line (aligned, so never split over two); InstanceCold what
  // changes only with a failure, a batching timer or a slowdown. The running batch's tasks after
  // the first and the background factors live in pool-wide arrays (batch_slots_,
  // background_factor_).
  struct alignas(64) Instance {
    bool up = true;
    bool busy = false;
    std::uint32_t batch_size = 0;  // tasks in the running batch: batch_task(idx, instance, 0..)
    // The running batch's first task; the others are in batch_slots_, so a batch of one (every
    // batch at max_batch 1) touches no line but this one.
    TaskSlot first_task = 0;
    core::EventId done_event;
    // episode_factor * background_product * external_product, in that order (InstanceCold),
    // recomputed whenever one of them changes (update_slowdown): the product each batch used to
    // compute, bit for bit.
    double slowdown = 1;
    core::EventId timeout_event;
    core::RingQueue<TaskSlot> queue;  // per_instance only
  };
  static_assert(sizeof(Instance) == 64, "an Instance is one cache line");
  struct InstanceCold {
    core::Time timeout_at;
    double episode_factor = 1;
    double background_product = 1;
    double external_product = 1;
    std::array<double, static_cast<std::size_t>(ExternalSource::kCount)> external_factor{1, 1};
  };
  // Recomputes instances_[idx].slowdown from its InstanceCold factors.
  void update_slowdown(std::uint32_t idx) {
    const InstanceCold& cold = cold_[idx];
    instances_[idx].slowdown =
        cold.episode_factor * cold.background_product * cold.external_product;
  }
  static constexpr std::uint64_t kSharedTimer = ~0ULL;

  bool shared() const { return config_.queue == QueueKind::kShared; }
  // submit for per_instance queues. Out of line, so that the balancer's bookkeeping does not
  // push the shared path's enqueue out of submit (M/M/10 hot path, docs/performance.md).
  [[gnu::noinline]] void submit_per_instance(TaskSlot task, std::span<const std::int32_t> avoid);
  void dispatch_shared();
  void try_start(std::uint32_t instance_idx);
  // Starts a batch on an idle instance from `queue`, taking up to max_batch live tasks.
  void start_batch(std::uint32_t instance_idx, core::RingQueue<TaskSlot>& queue);
  // Task `pos` of the instance's running batch. REQUIRES: pos < instance.batch_size.
  TaskSlot batch_task(std::uint32_t instance_idx, const Instance& instance,
                      std::uint32_t pos) const {
    return pos == 0 ? instance.first_task
                    : batch_slots_[std::size_t{instance_idx} * (batch_capacity_ - 1) + pos - 1];
  }
  // A task joins the instance's batch. REQUIRES: the batch holds fewer than max_batch tasks.
  void take_task(std::uint32_t instance_idx, Instance& instance, TaskSlot slot, Task& task) {
    task.state = TaskState::kRunning;
    task.instance = static_cast<std::int32_t>(instance_idx);
    // Every task holds at least one query, so max_batch queries are at most max_batch tasks.
    SERVESIM_DEBUG_ASSERT(instance.batch_size < batch_capacity_, "batch over max_batch tasks");
    if (instance.batch_size == 0) {
      instance.first_task = slot;
    } else {
      batch_slots_[std::size_t{instance_idx} * (batch_capacity_ - 1) + instance.batch_size - 1] =
          slot;
    }
    ++instance.batch_size;
  }
  // Runs the batch now in instance.batch, of `queries` queries in all. Defined (inline) in the
  // .cpp, where its callers are; always inlined (hot path, docs/performance.md).
  [[gnu::always_inline]] inline void launch_batch(std::uint32_t instance_idx, Instance& instance,
                                                 std::uint32_t queries);
  // Runs a batch of the one task `slot` on an idle instance with an empty batch (the fast
  // paths). Defined (inline) in the .cpp.
  [[gnu::always_inline]] inline void start_lone_task(std::uint32_t instance_idx,
                                                    Instance& instance, TaskSlot slot);
  // Drops cancelled tasks from the head of `queue`. Inline: on every batch end (hot path).
  void skip_cancelled(core::RingQueue<TaskSlot>& queue) {
    while (!queue.empty() && tasks_[queue.front()].cancelled) tasks_.release(queue.pop_front());
  }
  void arm_timer(core::EventId& event, core::Time& at, core::Time when, std::uint64_t arg);
  std::uint32_t choose_instance(std::span<const std::int32_t> avoid);
  // The available instance with the fewest queries outstanding (lowest index on ties).
  std::uint32_t least_outstanding_instance(std::span<const std::int32_t> avoid);
  // Takes the front of idle_. REQUIRES: !idle_.empty(). Inline: submit's fast path (hot path).
  std::uint32_t pop_idle() {
    const std::uint32_t idx = idle_.pop_front();
    if (stale_idle_total_ != 0) drop_stale_idle();
    return idx;
  }
  // Pops stale entries off idle_'s front, keeping its invariant.
  void drop_stale_idle();
  // Queues `task` at the back (or front) of `queue`. Defined (inline) in the .cpp; always
  // inlined: GCC stops inlining it into submit once it holds copy_priority's loop (M/M/10:
  // 866.4 against 854.3 Ir/request), so that loop lives out of line below.
  [[gnu::always_inline]] inline void enqueue(TaskSlot task, core::RingQueue<TaskSlot>& queue,
                                             bool at_front);
  // copy_priority: low. Moves the normal task at `queue`'s back ahead of the low-priority
  // copies queued before it (rare path; out of line).
  [[gnu::noinline]] void move_ahead_of_low_priority(core::RingQueue<TaskSlot>& queue);
  void schedule_failure(std::uint32_t instance_idx);
  // 1, or with probability stragglers.fraction a draw of the straggler slowdown.
  double straggler_factor();
  // launch_batch's rare cases (stragglers, a carrier), out of line: the straggler draw and the
  // batch's end event or round trip.
  [[gnu::noinline]] void launch_rare(std::uint32_t instance_idx, double sample_ms, double factor);

  core::Engine& engine_;
  const PoolConfig config_;
  const std::string name_;
  ServiceModel service_;
  std::unique_ptr<policy::LoadBalancer> balancer_;
  const StragglerConfig stragglers_cfg_;
  const EpisodeConfig episodes_cfg_;
  const std::vector<BackgroundLoadConfig> background_;
  const FailureConfig failures_cfg_;
  const double usd_per_instance_hour_;
  TaskTable& tasks_;

  core::RngStream service_rng_;
  core::RngStream straggler_rng_;
  core::RngStream balancer_rng_;
  core::RngStream failure_rng_;
  core::RngStream episode_rng_;
  dist::Sampler straggler_slowdown_;
  dist::Sampler episode_on_;
  dist::Sampler episode_off_;
  dist::Sampler episode_slowdown_;

  // A lone waiting task starts a batch at once (max_batch 1, or no batching timeout), so a task
  // that finds the queue empty and an instance idle need not queue (submit's fast path); false
  // as well when the fast paths are off (PoolSetup::fast_paths).
  const bool starts_at_once_;

  // Huge pages once large (core/huge_pages.hpp): at 10^5 instances the records are touched at
  // random over several MB.
  core::HugeVector<Instance> instances_;
  core::HugeVector<InstanceCold> cold_;  // beside instances_, by index
  // max_batch - 1 slots per instance: the tasks of instance i's running batch after the first
  // (Instance::first_task) are batch_slots_[i * (batch_capacity_ - 1), ... + batch_size - 1).
  const std::uint32_t batch_capacity_;
  core::HugeVector<TaskSlot> batch_slots_;
  // background_.size() factors per instance (empty without background load).
  core::HugeVector<double> background_factor_;
  core::RingQueue<TaskSlot> shared_queue_;
  core::RingQueue<std::uint32_t> idle_;
  core::EventId shared_timeout_event_;
  core::Time shared_timeout_at_;
  std::uint64_t live_queued_ = 0;
  // Busy instance time, kept for busy_ns() in O(1) instead of PoolStats::busy_ns (which stays 0
  // here): the sum of the ends of finished batches minus the starts of all batches, in ns
  // modulo 2^64; busy_ns(now) adds now for each running batch.
  std::uint64_t busy_base_ns_ = 0;
  std::uint64_t running_batches_ = 0;
  // Entries in idle_ left by instances that failed while idle, per instance and in all: the
  // first stale_idle_[i] entries of instance i in idle_ are stale (shared queue only; empty
  // until the first failure).
  core::HugeVector<std::uint32_t> stale_idle_;
  std::uint64_t stale_idle_total_ = 0;
  // The load balancer's view, kept current (per_instance only; empty for shared queues).
  policy::LoadIndex load_;
  // A low-priority copy has been queued here (copy_priority: low); until then enqueue skips the
  // look at the queue's tail.
  bool low_priority_seen_ = false;
  PoolStats stats_;
  // Stragglers are on or a carrier is set: launch_batch takes launch_rare (one test for both).
  bool rare_launch_ = false;
  BatchCarrier* carrier_ = nullptr;
  std::uint32_t carrier_index_ = 0;
  std::vector<std::uint64_t> carried_ticket_;  // per instance: its round trip's ticket
  std::vector<TaskSlot> carried_batch_;  // launch_rare's scratch: the batch handed to the carrier
};

}  // namespace servesim::cluster
