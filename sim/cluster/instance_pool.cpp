// File: sim/cluster/instance_pool.cpp
#include "sim/cluster/instance_pool.hpp"

#include <algorithm>
#include <cmath>

#include "sim/cluster/batch_forming.hpp"

namespace servesim::cluster {

InstancePool::InstancePool(core::Engine& engine, PoolSetup setup, TaskTable& tasks)
    : engine_(engine),
      config_(setup.config),
      name_(setup.config.name),
      service_(std::move(setup.service)),
      balancer_(std::move(setup.balancer)),
      stragglers_cfg_(setup.stragglers),
      episodes_cfg_(setup.episodes),
      background_(std::move(setup.background)),
      failures_cfg_(setup.failures),
      usd_per_instance_hour_(setup.usd_per_instance_hour),
      tasks_(tasks),
      service_rng_(setup.seed, setup.replication, pool_stream_name(name_, "service")),
      straggler_rng_(setup.seed, setup.replication, pool_stream_name(name_, "stragglers")),
      balancer_rng_(setup.seed, setup.replication, pool_stream_name(name_, "balancer")),
      failure_rng_(setup.seed, setup.replication, pool_stream_name(name_, "failures")),
      episode_rng_(setup.seed, setup.replication, pool_stream_name(name_, "episodes")),
      straggler_slowdown_(stragglers_cfg_.slowdown),
      episode_on_(episodes_cfg_.on),
      episode_off_(episodes_cfg_.off),
      episode_slowdown_(episodes_cfg_.slowdown),
      starts_at_once_(setup.fast_paths &&
                      (config_.batching.max_batch <= 1 || config_.batching.timeout <= 0)),
      batch_capacity_(static_cast<std::uint32_t>(std::max(config_.batching.max_batch, 1))),
      load_(config_.queue == QueueKind::kShared ? 0 : static_cast<std::uint32_t>(config_.instances),
            balancer_ != nullptr ? balancer_->metric() : policy::LoadMetric::kNone) {
  rare_launch_ = stragglers_cfg_.fraction > 0;
  const auto count = static_cast<std::uint32_t>(config_.instances);
  instances_.resize(count);
  cold_.resize(count);
  batch_slots_.assign(std::size_t{count} * (batch_capacity_ - 1), 0);
  background_factor_.assign(std::size_t{count} * background_.size(), 1.0);
  for (std::uint32_t idx = 0; idx < count; ++idx) {
    if (shared()) idle_.push_back(idx);
  }
  if (failures_cfg_.mttf_s > 0) {
    for (std::uint32_t idx = 0; idx < count; ++idx) schedule_failure(idx);
  }
  if (episodes_cfg_.enabled) {
    const auto affected = static_cast<std::uint32_t>(episodes_cfg_.instance_fraction * count);
    for (std::uint32_t idx = 0; idx < affected; ++idx) {
      engine_.schedule_in<&InstancePool::on_episode_start>(
          core::Time::from_ms(episode_off_.sample(episode_rng_)), this, idx);
    }
  }
  for (std::size_t entry = 0; entry < background_.size(); ++entry) {
    for (int instance : background_[entry].instances) {
      // Packed argument: entry (16 bits) | instance (24 bits) | step (24 bits).
      const std::uint64_t packed = (static_cast<std::uint64_t>(entry) << 48) |
                                   (static_cast<std::uint64_t>(instance) << 24);
      engine_.schedule<&InstancePool::on_background_step>(
          core::Time::from_ms(background_[entry].schedule.front().at), this, packed);
    }
  }
}

void InstancePool::submit(TaskSlot task_slot, std::span<const std::int32_t> avoid) {
  if (config_.queue_capacity > 0 &&
      live_queued_ >= static_cast<std::uint64_t>(config_.queue_capacity)) {
    ++stats_.tasks_refused;
    listener().on_task_refused(task_slot);
    return;
  }
  if (shared()) {
    if (shared_queue_.empty() && !idle_.empty() && starts_at_once_) {
      // What enqueue + dispatch_shared + start_batch would do with one task, an empty queue and
      // an idle instance, without the trip through the queue (hot path, docs/performance.md).
      const std::uint32_t idx = pop_idle();
      Instance& instance = instances_[idx];
      instance.batch_size = 0;
      start_lone_task(idx, instance, task_slot);
      return;
    }
    enqueue(task_slot, shared_queue_, /*at_front=*/false);
    if (!idle_.empty()) dispatch_shared();  // (no call when it has nothing to do: hot path)
    return;
  }
  submit_per_instance(task_slot, avoid);
}

void InstancePool::submit_per_instance(TaskSlot task_slot, std::span<const std::int32_t> avoid) {
  const std::uint32_t idx = tasks_[task_slot].least_outstanding
                                ? least_outstanding_instance(avoid)
                                : choose_instance(avoid);
  tasks_[task_slot].instance = static_cast<std::int32_t>(idx);
  enqueue(task_slot, instances_[idx].queue, /*at_front=*/false);
  load_.add(idx, 1, 1);
  try_start(idx);
}

void InstancePool::enqueue(TaskSlot task_slot, core::RingQueue<TaskSlot>& queue, bool at_front) {
  Task& task = tasks_[task_slot];
  task.state = TaskState::kQueued;
  task.enqueued = engine_.now();
  if (at_front) {
    queue.push_front(task_slot);
  } else {
    queue.push_back(task_slot);
    low_priority_seen_ = low_priority_seen_ || task.low_priority;
    if (low_priority_seen_ && !task.low_priority) [[unlikely]] move_ahead_of_low_priority(queue);
  }
  ++live_queued_;
}

// Low-priority copies sit at the tail, so the normal task just pushed moves ahead of the low
// ones behind which it landed: O(low-priority copies queued) per insertion.
void InstancePool::move_ahead_of_low_priority(core::RingQueue<TaskSlot>& queue) {
  for (std::size_t pos = queue.size() - 1; pos > 0 && tasks_[queue[pos - 1]].low_priority; --pos) {
    std::swap(queue[pos - 1], queue[pos]);
  }
}

std::uint32_t InstancePool::choose_instance(std::span<const std::int32_t> avoid) {
  // Failed instances still take queries (they serve them after repair) unless a live one
  // exists; an instance that holds a copy gets another only if all do (LoadView).
  policy::LoadView view(load_, avoid);
  return balancer_->pick(view, balancer_rng_);
}

std::uint32_t InstancePool::least_outstanding_instance(std::span<const std::int32_t> avoid) {
  policy::LoadView view(load_, avoid);
  // The least_outstanding balancer keeps the pool's loads in a MinTree already: O(log n), with
  // the same choice as the scan below (lowest index among the least loaded available).
  if (balancer_->metric() == policy::LoadMetric::kOutstanding) return view.least_loaded(0);
  // Otherwise O(instances) per copy that asks for it (Placement::kLeastOutstanding), which only
  // some redundancy kinds' extra copies do; the balancers' own paths stay O(1) or O(log n).
  std::uint32_t best = 0;
  bool found = false;
  for (std::uint32_t idx = 0; idx < view.size(); ++idx) {
    if (view.available(idx) && (!found || view.outstanding(idx) < view.outstanding(best))) {
      best = idx;
      found = true;
    }
  }
  return best;
}

void InstancePool::drop_stale_idle() {
  while (!idle_.empty() && stale_idle_[idle_.front()] > 0) {
    --stale_idle_[idle_.pop_front()];
    --stale_idle_total_;
  }
}

void InstancePool::cancel(TaskSlot task_slot) {
  Task& task = tasks_[task_slot];
  SERVESIM_DEBUG_ASSERT(!task.cancelled, "task cancelled twice");
  task.cancelled = true;
  if (task.state == TaskState::kQueued) {
    --live_queued_;
    ++stats_.tasks_cancelled_queued;
    if (!shared()) load_.add(static_cast<std::uint32_t>(task.instance), -1, -1);
  }
  // Running: finishes with its batch and is discarded in on_batch_done.
}

void InstancePool::arm_timer(core::EventId& event, core::Time& at, core::Time when,
                             std::uint64_t arg) {
  if (event.valid()) {
    if (at <= when) return;  // an earlier check is already due
    engine_.cancel(event);
  }
  at = when;
  event = engine_.schedule<&InstancePool::on_batch_timeout>(when, this, arg);
}

void InstancePool::dispatch_shared() {
  const auto max_batch = static_cast<std::uint64_t>(config_.batching.max_batch);
  while (!idle_.empty()) {
    skip_cancelled(shared_queue_);
    if (shared_queue_.empty()) return;
    if (live_queued_ < max_batch && config_.batching.timeout > 0) {
      const core::Time deadline =
          tasks_[shared_queue_.front()].enqueued + core::Time::from_ms(config_.batching.timeout);
      if (engine_.now() < deadline) {
        arm_timer(shared_timeout_event_, shared_timeout_at_, deadline, kSharedTimer);
        return;
      }
    }
    start_batch(pop_idle(), shared_queue_);
  }
}

void InstancePool::try_start(std::uint32_t idx) {
  Instance& instance = instances_[idx];
  if (instance.busy || !instance.up) return;
  skip_cancelled(instance.queue);
  if (instance.queue.empty()) return;
  if (load_.queue_length(idx) < static_cast<std::uint32_t>(config_.batching.max_batch) &&
      config_.batching.timeout > 0) {
    const core::Time deadline =
        tasks_[instance.queue.front()].enqueued + core::Time::from_ms(config_.batching.timeout);
    if (engine_.now() < deadline) {
      arm_timer(instance.timeout_event, cold_[idx].timeout_at, deadline, idx);
      return;
    }
  }
  start_batch(idx, instance.queue);
}

void InstancePool::on_batch_timeout(std::uint64_t arg) {
  if (arg == kSharedTimer) {
    shared_timeout_event_ = core::EventId{};
    dispatch_shared();
  } else {
    instances_[arg].timeout_event = core::EventId{};
    try_start(static_cast<std::uint32_t>(arg));
  }
}

void InstancePool::launch_rare(std::uint32_t idx, double sample_ms, double factor) {
  // sample x (factor x straggler), in this order, as before the carrier existed (same rounding).
  const double service_ms =
      sample_ms * (stragglers_cfg_.fraction > 0 ? factor * straggler_factor() : factor);
  if (carrier_ != nullptr) {
    // The batch's tasks are split between the instance record and batch_slots_ (issue 16);
    // the carrier wants them in one span (rare path: a copy is cheap here).
    const Instance& instance = instances_[idx];
    carried_batch_.clear();
    for (std::uint32_t pos = 0; pos < instance.batch_size; ++pos) {
      carried_batch_.push_back(batch_task(idx, instance, pos));
    }
    carrier_->carry(carrier_index_, idx, carried_batch_, service_ms, ++carried_ticket_[idx]);
    return;
  }
  instances_[idx].done_event = engine_.schedule_in<&InstancePool::on_batch_done>(
      core::Time::from_ms(service_ms), this, idx);
}

void InstancePool::set_carrier(BatchCarrier& carrier, std::uint32_t index) {
  carrier_ = &carrier;
  carrier_index_ = index;
  carried_ticket_.assign(instances_.size(), 0);
  rare_launch_ = true;
}

void InstancePool::on_carried_batch_done(std::uint32_t idx, std::uint64_t ticket) {
  if (ticket != carried_ticket_[idx]) return;  // the instance failed during the round trip
  on_batch_done(idx);
}

double InstancePool::straggler_factor() {
  if (straggler_rng_.uniform_open01() < stragglers_cfg_.fraction) {
    return straggler_slowdown_.sample(straggler_rng_);
  }
  return 1;
}

void InstancePool::start_batch(std::uint32_t idx, core::RingQueue<TaskSlot>& queue) {
  Instance& instance = instances_[idx];
  SERVESIM_DEBUG_ASSERT(!instance.busy && instance.up, "batch on a busy or failed instance");
  instance.batch_size = 0;
  const std::uint32_t queries = take_whole_tasks(
      queue, tasks_, static_cast<std::uint32_t>(config_.batching.max_batch),
      [&](TaskSlot slot, Task& task) {
        take_task(idx, instance, slot, task);
        --live_queued_;
      });
  if (instance.batch_size == 0) return;
  if (!shared()) load_.add(idx, -static_cast<std::int32_t>(instance.batch_size), 0);
  launch_batch(idx, instance, queries);
}

// Inline into its two callers, submit's fast path and start_batch: once per batch (hot path).
inline void InstancePool::launch_batch(std::uint32_t idx, Instance& instance,
                                       std::uint32_t queries) {
  if (instance.timeout_event.valid()) {
    engine_.cancel(instance.timeout_event);
    instance.timeout_event = core::EventId{};
  }
  const double sample_ms = service_.sample_ms(static_cast<int>(queries), service_rng_);
  const double factor = instance.slowdown;  // times a straggler draw, in launch_rare
  instance.busy = true;
  busy_base_ns_ -= static_cast<std::uint64_t>(engine_.now().ns());
  ++running_batches_;
  if (rare_launch_) [[unlikely]] {
    launch_rare(idx, sample_ms, factor);
  } else {
    instance.done_event = engine_.schedule_in<&InstancePool::on_batch_done>(
        core::Time::from_ms(sample_ms * factor), this, idx);
  }
  ++stats_.batches;
  stats_.batched_queries += queries;
}

// Inline into submit's and on_batch_done's fast paths (hot path).
inline void InstancePool::start_lone_task(std::uint32_t idx, Instance& instance, TaskSlot slot) {
  Task& task = tasks_[slot];
  take_task(idx, instance, slot, task);
  launch_batch(idx, instance, task.queries);
}

void InstancePool::on_batch_done(std::uint64_t arg) {
  const auto idx = static_cast<std::uint32_t>(arg);
  Instance& instance = instances_[idx];
  instance.busy = false;
  instance.done_event = core::EventId{};
  busy_base_ns_ += static_cast<std::uint64_t>(engine_.now().ns());
  --running_batches_;
  // Divided, not multiplied: now * n overflows near the clock's horizon (2^62 ns).
  SERVESIM_DEBUG_ASSERT(static_cast<std::uint64_t>(busy_ns(engine_.now())) / instances_.size() <=
                            static_cast<std::uint64_t>(engine_.now().ns()),
                        "instances busy for longer than the simulated time");
  if (!shared()) load_.add(idx, 0, -static_cast<std::int32_t>(instance.batch_size));
  // Hand answers over first: the listener may cancel queued siblings, which must not be batched.
  for (std::uint32_t pos = 0, size = instance.batch_size; pos < size; ++pos) {
    hand_over_finished(tasks_, batch_task(idx, instance, pos), stats_, listener());
  }
  instance.batch_size = 0;
  if (shared()) {
    if (idle_.empty() && starts_at_once_) {
      // dispatch_shared would take this instance, the only idle one, for the next batch
      // straight away: start it here, without the trip through the idle list (hot path).
      skip_cancelled(shared_queue_);
      if (!shared_queue_.empty()) {
        if (config_.batching.max_batch <= 1) {
          // The head task (live after skip_cancelled) is the whole batch: no batch-forming loop.
          --live_queued_;
          start_lone_task(idx, instance, shared_queue_.pop_front());
          return;
        }
        start_batch(idx, shared_queue_);
        return;
      }
    }
    idle_.push_back(idx);
    if (!shared_queue_.empty()) dispatch_shared();
  } else {
    try_start(idx);
  }
}

void InstancePool::schedule_failure(std::uint32_t idx) {
  const double gap_s = -failures_cfg_.mttf_s * std::log1p(-failure_rng_.uniform_open01());
  engine_.schedule_in<&InstancePool::on_failure>(core::Time::from_s(gap_s), this, idx);
}

void InstancePool::on_failure(std::uint64_t arg) {
  const auto idx = static_cast<std::uint32_t>(arg);
  Instance& instance = instances_[idx];
  ++stats_.failures;
  const bool was_idle = !instance.busy;
  instance.up = false;
  if (!shared()) load_.set_up(idx, false);
  if (instance.timeout_event.valid()) {
    engine_.cancel(instance.timeout_event);
    instance.timeout_event = core::EventId{};
  }
  // Collect the work this instance held: its running batch, then (per_instance) its queue.
  std::vector<TaskSlot> orphans;
  if (instance.busy) {
    if (carrier_ != nullptr) ++carried_ticket_[idx];  // its round trip's end is ignored
    engine_.cancel(instance.done_event);
    instance.done_event = core::EventId{};
    instance.busy = false;
    busy_base_ns_ += static_cast<std::uint64_t>(engine_.now().ns());
    --running_batches_;
    for (std::uint32_t pos = 0, size = instance.batch_size; pos < size; ++pos) {
      const TaskSlot slot = batch_task(idx, instance, pos);
      if (tasks_[slot].cancelled) {
        tasks_.release(slot);
      } else {
        orphans.push_back(slot);
      }
    }
    if (!shared()) load_.add(idx, 0, -static_cast<std::int32_t>(instance.batch_size));
    instance.batch_size = 0;
  }
  stats_.requeued += orphans.size();
  if (shared()) {
    // Leave the idle list (lazily: its entry goes stale, O(1) instead of a pass over the list);
    // put interrupted work back at the head, in its original order.
    if (was_idle) {
      if (stale_idle_.empty()) stale_idle_.assign(instances_.size(), 0);
      ++stale_idle_[idx];
      ++stale_idle_total_;
      drop_stale_idle();
    }
    for (auto it = orphans.rbegin(); it != orphans.rend(); ++it) {
      enqueue(*it, shared_queue_, /*at_front=*/true);
    }
    dispatch_shared();
  } else {
    while (!instance.queue.empty()) {
      const TaskSlot slot = instance.queue.pop_front();
      if (tasks_[slot].cancelled) {
        tasks_.release(slot);
        continue;
      }
      --live_queued_;
      load_.add(idx, -1, -1);
      orphans.push_back(slot);
    }
    for (TaskSlot slot : orphans) {
      const std::uint32_t target = choose_instance({});
      tasks_[slot].instance = static_cast<std::int32_t>(target);
      enqueue(slot, instances_[target].queue, /*at_front=*/false);
      load_.add(target, 1, 1);
      try_start(target);
    }
  }
  const double repair_s = -failures_cfg_.mttr_s * std::log1p(-failure_rng_.uniform_open01());
  engine_.schedule_in<&InstancePool::on_repair>(core::Time::from_s(repair_s), this, idx);
}

void InstancePool::on_repair(std::uint64_t arg) {
  const auto idx = static_cast<std::uint32_t>(arg);
  instances_[idx].up = true;
  if (!shared()) load_.set_up(idx, true);
  schedule_failure(idx);
  if (shared()) {
    idle_.push_back(idx);
    dispatch_shared();
  } else {
    try_start(idx);
  }
}

void InstancePool::on_episode_start(std::uint64_t arg) {
  cold_[arg].episode_factor = episode_slowdown_.sample(episode_rng_);
  update_slowdown(static_cast<std::uint32_t>(arg));
  engine_.schedule_in<&InstancePool::on_episode_end>(
      core::Time::from_ms(episode_on_.sample(episode_rng_)), this, arg);
}

void InstancePool::on_episode_end(std::uint64_t arg) {
  cold_[arg].episode_factor = 1;
  update_slowdown(static_cast<std::uint32_t>(arg));
  engine_.schedule_in<&InstancePool::on_episode_start>(
      core::Time::from_ms(episode_off_.sample(episode_rng_)), this, arg);
}

void InstancePool::on_background_step(std::uint64_t packed) {
  const auto entry = static_cast<std::size_t>(packed >> 48);
  const auto idx = static_cast<std::size_t>((packed >> 24) & 0xFFFFFF);
  const auto step = static_cast<std::size_t>(packed & 0xFFFFFF);
  const BackgroundLoadConfig& load = background_[entry];
  InstanceCold& cold = cold_[idx];
  double* factors = background_factor_.data() + idx * background_.size();
  factors[entry] = load.schedule[step].factor;
  cold.background_product = 1;
  for (std::size_t other = 0; other < background_.size(); ++other) {
    cold.background_product *= factors[other];
  }
  update_slowdown(static_cast<std::uint32_t>(idx));

  std::size_t next_step = step + 1;
  double gap_ms = 0;
  if (next_step < load.schedule.size()) {
    gap_ms = load.schedule[next_step].at - load.schedule[step].at;
  } else if (load.period > 0) {
    next_step = 0;
    gap_ms = load.period - load.schedule[step].at;
  } else {
    return;  // the last factor holds
  }
  const std::uint64_t next = (packed & ~0xFFFFFFULL) | next_step;
  engine_.schedule_in<&InstancePool::on_background_step>(core::Time::from_ms(gap_ms), this, next);
}

void InstancePool::set_external_factor(std::uint32_t instance_idx, ExternalSource source,
                                       double factor) {
  InstanceCold& cold = cold_[instance_idx];
  cold.external_factor[static_cast<std::size_t>(source)] = factor;
  cold.external_product = 1;
  for (double value : cold.external_factor) cold.external_product *= value;
  update_slowdown(instance_idx);
}

std::int64_t InstancePool::busy_ns(core::Time now) const {
  // Finished batches' (end - start) plus running batches' (now - start), without a pass over the
  // instances: the run monitor asks at every sample (issue 16). Unsigned arithmetic is modulo
  // 2^64, so this is that sum bit for bit.
  return clamp_busy_ns(busy_base_ns_ + running_batches_ * static_cast<std::uint64_t>(now.ns()));
}

}  // namespace servesim::cluster
