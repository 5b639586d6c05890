// File: sim/cluster/function_pool.cpp
#include "sim/cluster/function_pool.hpp"

#include <algorithm>
#include <cmath>

#include "sim/cluster/batch_forming.hpp"

namespace servesim::cluster {

namespace {
constexpr std::int64_t kNsPerMs = 1000000;

// Lambda bills duration rounded up to the next millisecond (empirical.md §3.6).
std::int64_t ceil_ms(std::int64_t ns) { return ns <= 0 ? 0 : (ns + kNsPerMs - 1) / kNsPerMs; }
}  // namespace

FunctionPool::FunctionPool(core::Engine& engine, FunctionPoolSetup setup,
                           ConcurrencyCounter* account, TaskTable& tasks)
    : engine_(engine),
      config_(setup.config),
      name_(setup.config.name),
      service_(std::move(setup.service)),
      function_(setup.function),
      pricing_(setup.pricing),
      stragglers_(setup.stragglers),
      account_(account),
      tasks_(tasks),
      keep_alive_(policy::make_keep_alive_policy(setup.function.keep_alive)),
      cpu_factor_(std::max(1.0, function_.profile_vcpus * kLambdaMbPerVcpu /
                                    static_cast<double>(function_.memory_mb))),
      batch_timeout_(core::Time::from_ms(config_.batching.timeout)),
      service_rng_(setup.seed, setup.replication, pool_stream_name(name_, "service")),
      straggler_rng_(setup.seed, setup.replication, pool_stream_name(name_, "stragglers")),
      cold_start_rng_(setup.seed, setup.replication, pool_stream_name(name_, "cold_start")),
      cold_start_(function_.cold_start),
      model_load_(function_.model_load),
      straggler_slowdown_(stragglers_.slowdown) {
  SERVESIM_ASSERT(function_.memory_mb > 0, "memory_mb must be positive (io checks it)");
  for (int count = 0; count < function_.provisioned; ++count) {
    const std::uint32_t idx = sandboxes_.acquire();
    sandboxes_[idx].state = SandboxState::kIdle;
    sandboxes_[idx].provisioned = true;
    idle_provisioned_.push_back(idx);
    count_alive(+1);
  }
}

// ---------------------------------------------------------------------------------------------
// Tasks and the batching buffer.

void FunctionPool::submit(TaskSlot task_slot, std::span<const std::int32_t>) {
  Task& task = tasks_[task_slot];
  task.state = TaskState::kQueued;
  task.instance = -1;
  task.enqueued = engine_.now();
  waiting_.push_back(task_slot);
  ++live_waiting_;
  form_invocations();
}

void FunctionPool::cancel(TaskSlot task_slot) {
  Task& task = tasks_[task_slot];
  SERVESIM_DEBUG_ASSERT(!task.cancelled, "task cancelled twice");
  task.cancelled = true;
  if (task.state == TaskState::kQueued) {
    ++stats_.tasks_cancelled_queued;
    if (task.instance != kInInvocation) --live_waiting_;
  }
  // Running (cold start included): finishes with its invocation and is discarded.
}

void FunctionPool::skip_cancelled() {
  while (!waiting_.empty() && tasks_[waiting_.front()].cancelled) {
    tasks_.release(waiting_.pop_front());
  }
}

void FunctionPool::on_batch_timeout(std::uint64_t) {
  batch_timer_ = core::EventId{};
  form_invocations();
}

void FunctionPool::form_invocations() {
  const auto max_batch = static_cast<std::size_t>(config_.batching.max_batch);
  for (;;) {
    skip_cancelled();
    if (waiting_.empty()) return;
    if (live_waiting_ < max_batch && batch_timeout_ > core::Time::zero()) {
      const core::Time deadline = tasks_[waiting_.front()].enqueued + batch_timeout_;
      if (engine_.now() < deadline) {
        if (batch_timer_.valid() && batch_timer_at_ <= deadline) return;
        if (batch_timer_.valid()) engine_.cancel(batch_timer_);
        batch_timer_at_ = deadline;
        batch_timer_ = engine_.schedule<&FunctionPool::on_batch_timeout>(deadline, this);
        return;
      }
    }
    const std::uint32_t idx = acquire_invocation();
    Invocation& invocation = invocations_[idx];
    take_whole_tasks(waiting_, tasks_, static_cast<std::uint32_t>(max_batch),
                     [&](TaskSlot slot, Task& task) {
                       task.instance = kInInvocation;
                       invocation.tasks.push_back(slot);
                       --live_waiting_;
                     });
    // The invocation may refuse its tasks, and the listener may submit here again: form_
    // invocations then runs nested, on a consistent buffer.
    invoke(idx);
  }
}

std::uint32_t FunctionPool::acquire_invocation() {
  const std::uint32_t idx = invocations_.acquire();
  Invocation& invocation = invocations_[idx];
  invocation.state = InvocationState::kWaitingRetry;  // not yet placed
  invocation.attempts = 0;
  invocation.cold = false;
  invocation.sandbox = -1;
  if (invocation.tasks.capacity() == 0 && !spare_task_lists_.empty()) {
    invocation.tasks = std::move(spare_task_lists_.back());
    spare_task_lists_.pop_back();
  }
  invocation.tasks.clear();
  return idx;
}

void FunctionPool::free_invocation(std::uint32_t idx) {
  invocations_[idx].state = InvocationState::kFree;
  invocations_[idx].tasks.clear();
  invocations_.release(idx);
}

// ---------------------------------------------------------------------------------------------
// Invocations.

bool FunctionPool::acquire_concurrency() {
  if (function_.concurrency_limit > 0 && in_flight_ >= function_.concurrency_limit) return false;
  if (account_ != nullptr && !account_->try_acquire()) return false;
  ++in_flight_;
  return true;
}

void FunctionPool::release_concurrency() {
  --in_flight_;
  if (account_ != nullptr) account_->release();
}

void FunctionPool::invoke(std::uint32_t idx) {
  if (invocations_[idx].attempts == 0) {
    // One idle-time observation per invocation, at its arrival.
    if (in_flight_ > 0) {
      keep_alive_->on_idle_time(core::Time::zero());
    } else if (any_ended_) {
      keep_alive_->on_idle_time(engine_.now() - last_end_);
    }
  }
  ++invocations_[idx].attempts;
  if (!acquire_concurrency()) {
    ++stats_.throttled;
    on_throttled(idx);
    return;
  }
  ++stats_.batches;
  Invocation& invocation = invocations_[idx];
  invocation.queries = 0;
  for (TaskSlot slot : invocation.tasks) {
    tasks_[slot].state = TaskState::kRunning;
    invocation.queries += tasks_[slot].queries;
  }
  stats_.batched_queries += invocation.queries;

  // A warm sandbox: provisioned first, then the most recently used on-demand one.
  std::int32_t sandbox = -1;
  if (!idle_provisioned_.empty()) {
    sandbox = static_cast<std::int32_t>(idle_provisioned_.back());
    idle_provisioned_.pop_back();
  } else if (idle_head_ >= 0) {
    sandbox = idle_head_;
    idle_remove(static_cast<std::uint32_t>(sandbox));  // its expiry check stays (lazy)
  }
  if (sandbox >= 0) {
    start_execution(idx, static_cast<std::uint32_t>(sandbox));
    return;
  }

  // Cold: wait for the pre-warmed sandbox that is ready first, or start a new one.
  ++stats_.cold_starts;
  invocation.cold = true;
  invocation.init_start = engine_.now();
  invocation.state = InvocationState::kInitializing;
  std::uint32_t target;
  if (!prewarming_.empty()) {
    auto best = prewarming_.begin();
    for (auto it = prewarming_.begin(); it != prewarming_.end(); ++it) {
      if (sandboxes_[*it].ready_at < sandboxes_[*best].ready_at) best = it;
    }
    target = *best;
    *best = prewarming_.back();
    prewarming_.pop_back();
  } else {
    target = start_sandbox();  // may grow sandboxes_, never invocations_
  }
  Invocation& placed = invocations_[idx];
  placed.sandbox = static_cast<std::int32_t>(target);
  sandboxes_[target].invocation = static_cast<std::int32_t>(idx);
  for (TaskSlot slot : placed.tasks) tasks_[slot].instance = static_cast<std::int32_t>(target);
}

void FunctionPool::on_throttled(std::uint32_t idx) {
  Invocation& invocation = invocations_[idx];
  if (function_.on_throttle == ThrottleAction::kRetry &&
      invocation.attempts < function_.retry.max_attempts) {
    invocation.state = InvocationState::kWaitingRetry;
    const double delay_ms =
        function_.retry.base_ms * std::pow(function_.retry.multiplier, invocation.attempts - 1);
    engine_.schedule_in<&FunctionPool::on_retry>(core::Time::from_ms(delay_ms), this, idx);
    return;
  }
  refuse(idx);
}

void FunctionPool::on_retry(std::uint64_t arg) {
  const auto idx = static_cast<std::uint32_t>(arg);
  Invocation& invocation = invocations_[idx];
  // Tasks cancelled while waiting were counted then; drop them now.
  const auto live_end =
      std::remove_if(invocation.tasks.begin(), invocation.tasks.end(), [this](TaskSlot slot) {
        if (!tasks_[slot].cancelled) return false;
        tasks_.release(slot);
        return true;
      });
  invocation.tasks.erase(live_end, invocation.tasks.end());
  if (invocation.tasks.empty()) {
    free_invocation(idx);
    return;
  }
  invoke(idx);
}

void FunctionPool::refuse(std::uint32_t idx) {
  // Move the tasks out first: the listener may submit (and so reuse this invocation's slot or
  // grow invocations_) while we hand them back.
  std::vector<TaskSlot> refused = std::move(invocations_[idx].tasks);
  free_invocation(idx);
  for (TaskSlot slot : refused) {
    if (tasks_[slot].cancelled) {
      tasks_.release(slot);
      continue;
    }
    ++stats_.tasks_refused;
    listener().on_task_refused(slot);
  }
  refused.clear();
  spare_task_lists_.push_back(std::move(refused));
}

void FunctionPool::start_execution(std::uint32_t invocation_idx, std::uint32_t sandbox_idx) {
  Invocation& invocation = invocations_[invocation_idx];
  Sandbox& sandbox = sandboxes_[sandbox_idx];
  sandbox.state = SandboxState::kBusy;
  sandbox.invocation = static_cast<std::int32_t>(invocation_idx);
  invocation.sandbox = static_cast<std::int32_t>(sandbox_idx);
  invocation.state = InvocationState::kRunning;
  invocation.exec_start = engine_.now();
  for (TaskSlot slot : invocation.tasks)
    tasks_[slot].instance = static_cast<std::int32_t>(sandbox_idx);
  double factor = cpu_factor_;
  if (stragglers_.fraction > 0 && straggler_rng_.uniform_open01() < stragglers_.fraction) {
    factor *= straggler_slowdown_.sample(straggler_rng_);
  }
  const double exec_ms =
      service_.sample_ms(static_cast<int>(invocation.queries), service_rng_) * factor;
  sandbox.timer = engine_.schedule_in<&FunctionPool::on_invocation_done>(
      core::Time::from_ms(exec_ms), this, invocation_idx);
}

std::int64_t FunctionPool::bill_ns(const Invocation& invocation, core::Time end) const {
  if (invocation.state == InvocationState::kInitializing) {
    return function_.bill_init ? (end - invocation.init_start).ns() : 0;
  }
  const core::Time from =
      function_.bill_init && invocation.cold ? invocation.init_start : invocation.exec_start;
  return (end - from).ns();
}

std::int64_t FunctionPool::billed_init_ns(const Invocation& invocation, core::Time end) const {
  if (!function_.bill_init) return 0;
  if (invocation.state == InvocationState::kInitializing) return (end - invocation.init_start).ns();
  return invocation.cold ? (invocation.exec_start - invocation.init_start).ns() : 0;
}

void FunctionPool::on_invocation_done(std::uint64_t arg) {
  const auto idx = static_cast<std::uint32_t>(arg);
  Invocation& invocation = invocations_[idx];
  const core::Time now = engine_.now();
  billed_ms_ += static_cast<std::uint64_t>(ceil_ms(bill_ns(invocation, now)));
  billed_init_ns_ += billed_init_ns(invocation, now);
  stats_.busy_ns += static_cast<std::uint64_t>((now - invocation.exec_start).ns());
  release_concurrency();
  any_ended_ = true;
  last_end_ = now;
  const auto sandbox_idx = static_cast<std::uint32_t>(invocation.sandbox);
  sandboxes_[sandbox_idx].timer = core::EventId{};
  sandboxes_[sandbox_idx].invocation = -1;
  sandbox_idle(sandbox_idx);

  // Hand the answers over last: the listener may cancel or submit tasks of this pool.
  std::vector<TaskSlot> done = std::move(invocations_[idx].tasks);
  free_invocation(idx);
  for (TaskSlot slot : done) hand_over_finished(tasks_, slot, stats_, listener());
  done.clear();
  spare_task_lists_.push_back(std::move(done));
}

// ---------------------------------------------------------------------------------------------
// Sandboxes.

void FunctionPool::count_alive(int delta) {
  const core::Time now = engine_.now();
  alive_ns_integral_ +=
      static_cast<double>(alive_) * static_cast<double>((now - alive_since_).ns());
  alive_since_ = now;
  alive_ += delta;
  peak_alive_ = std::max(peak_alive_, alive_);
}

std::uint32_t FunctionPool::start_sandbox() {
  const std::uint32_t idx = sandboxes_.acquire();  // a fresh Sandbox{}
  count_alive(+1);
  // Two draws per start, always, so the stream's position depends only on the number of starts.
  const double init_ms = cold_start_.sample(cold_start_rng_) + model_load_.sample(cold_start_rng_);
  Sandbox& sandbox = sandboxes_[idx];
  sandbox.state = SandboxState::kInitializing;
  sandbox.ready_at = engine_.now() + core::Time::from_ms(init_ms);
  sandbox.expires_at = core::Time::max();
  sandbox.timer = engine_.schedule<&FunctionPool::on_init_done>(sandbox.ready_at, this, idx);
  return idx;
}

void FunctionPool::on_init_done(std::uint64_t arg) {
  const auto idx = static_cast<std::uint32_t>(arg);
  Sandbox& sandbox = sandboxes_[idx];
  sandbox.timer = core::EventId{};
  if (sandbox.invocation >= 0) {
    start_execution(static_cast<std::uint32_t>(sandbox.invocation), idx);
    return;
  }
  // A pre-warmed sandbox nobody waited for: warm until the end of its window.
  prewarming_.erase(std::find(prewarming_.begin(), prewarming_.end(), idx));
  if (sandbox.expires_at <= engine_.now()) {
    kill_sandbox(idx);
    return;
  }
  sandbox.state = SandboxState::kIdle;
  idle_push_front(idx);
  arm_expiry(idx);
}

void FunctionPool::sandbox_idle(std::uint32_t idx) {
  Sandbox& sandbox = sandboxes_[idx];
  sandbox.state = SandboxState::kIdle;
  if (sandbox.provisioned) {
    idle_provisioned_.push_back(idx);
    return;
  }
  const policy::KeepAliveDecision decision = keep_alive_->decide();
  if (decision.prewarm > core::Time::zero()) {
    kill_sandbox(idx);
    engine_.schedule_in<&FunctionPool::on_prewarm>(
        decision.prewarm, this, static_cast<std::uint64_t>(decision.keep_alive.ns()));
    return;
  }
  if (decision.keep_alive <= core::Time::zero()) {
    kill_sandbox(idx);
    return;
  }
  idle_push_front(idx);
  sandbox.expires_at = engine_.now() + decision.keep_alive;
  arm_expiry(idx);
}

void FunctionPool::arm_expiry(std::uint32_t idx) {
  Sandbox& sandbox = sandboxes_[idx];
  if (sandbox.expiry.valid()) {
    if (sandbox.expiry_at <= sandbox.expires_at) return;  // fires first, then reschedules
    engine_.cancel(sandbox.expiry);  // the deadline moved earlier (a new keep-alive decision)
  }
  sandbox.expiry_at = sandbox.expires_at;
  sandbox.expiry = engine_.schedule<&FunctionPool::on_expire>(sandbox.expires_at, this, idx);
}

void FunctionPool::on_prewarm(std::uint64_t keep_alive_ns) {
  const std::uint32_t idx = start_sandbox();
  sandboxes_[idx].expires_at =
      engine_.now() + core::Time::from_ns(static_cast<std::int64_t>(keep_alive_ns));
  prewarming_.push_back(idx);
}

void FunctionPool::on_expire(std::uint64_t arg) {
  const auto idx = static_cast<std::uint32_t>(arg);
  Sandbox& sandbox = sandboxes_[idx];
  sandbox.expiry = core::EventId{};
  // Busy or loading now: it goes idle later and arms a new check then.
  if (sandbox.state != SandboxState::kIdle || sandbox.provisioned) return;
  if (sandbox.expires_at > engine_.now()) {
    arm_expiry(idx);  // reused since this check was set: its deadline moved on
    return;
  }
  idle_remove(idx);
  kill_sandbox(idx);
}

void FunctionPool::kill_sandbox(std::uint32_t idx) {
  Sandbox& sandbox = sandboxes_[idx];
  if (sandbox.expiry.valid()) {
    engine_.cancel(sandbox.expiry);
    sandbox.expiry = core::EventId{};
  }
  sandbox.state = SandboxState::kDead;
  sandboxes_.release(idx);
  count_alive(-1);
}

void FunctionPool::idle_push_front(std::uint32_t idx) {
  Sandbox& sandbox = sandboxes_[idx];
  sandbox.prev = -1;
  sandbox.next = idle_head_;
  if (idle_head_ >= 0)
    sandboxes_[static_cast<std::size_t>(idle_head_)].prev = static_cast<std::int32_t>(idx);
  idle_head_ = static_cast<std::int32_t>(idx);
}

void FunctionPool::idle_remove(std::uint32_t idx) {
  Sandbox& sandbox = sandboxes_[idx];
  if (sandbox.prev >= 0) {
    sandboxes_[static_cast<std::size_t>(sandbox.prev)].next = sandbox.next;
  } else {
    idle_head_ = sandbox.next;
  }
  if (sandbox.next >= 0) sandboxes_[static_cast<std::size_t>(sandbox.next)].prev = sandbox.prev;
  sandbox.prev = -1;
  sandbox.next = -1;
}

// ---------------------------------------------------------------------------------------------
// Figures.

std::int64_t FunctionPool::busy_ns(core::Time now) const {
  std::uint64_t total = stats_.busy_ns;
  for (std::uint32_t idx = 0; idx < invocations_.capacity(); ++idx) {
    const Invocation& invocation = invocations_[idx];
    if (invocation.state == InvocationState::kRunning)
      total += static_cast<std::uint64_t>((now - invocation.exec_start).ns());
  }
  return clamp_busy_ns(total);
}

std::uint64_t FunctionPool::billed_ms(core::Time now) const {
  std::uint64_t total = billed_ms_;
  for (std::uint32_t idx = 0; idx < invocations_.capacity(); ++idx) {
    const Invocation& invocation = invocations_[idx];
    if (invocation.state == InvocationState::kRunning ||
        invocation.state == InvocationState::kInitializing) {
      total += static_cast<std::uint64_t>(ceil_ms(bill_ns(invocation, now)));
    }
  }
  return total;
}

double FunctionPool::cost_usd(core::Time now) const {
  const double memory_gb = static_cast<double>(function_.memory_mb) / 1024.0;
  const double duration =
      static_cast<double>(billed_ms(now)) / 1000.0 * memory_gb * pricing_.usd_per_gb_s;
  const double requests =
      static_cast<double>(stats_.batches) * pricing_.usd_per_million_requests / 1e6;
  const double provisioned = static_cast<double>(function_.provisioned) * memory_gb * now.s() *
                             pricing_.usd_per_provisioned_gb_s;
  return duration + requests + provisioned;
}

CostParts FunctionPool::cost_parts(core::Time now) const {
  const double memory_gb = static_cast<double>(function_.memory_mb) / 1024.0;
  std::int64_t init_ns = billed_init_ns_;
  for (std::uint32_t idx = 0; idx < invocations_.capacity(); ++idx) {
    const Invocation& invocation = invocations_[idx];
    if (invocation.state == InvocationState::kRunning ||
        invocation.state == InvocationState::kInitializing) {
      init_ns += billed_init_ns(invocation, now);
    }
  }
  const double usd_per_ms = memory_gb * pricing_.usd_per_gb_s / 1000.0;
  CostParts parts;
  parts.init = static_cast<double>(init_ns) * 1e-6 * usd_per_ms;
  parts.compute = static_cast<double>(billed_ms(now)) * usd_per_ms - parts.init;
  parts.requests = static_cast<double>(stats_.batches) * pricing_.usd_per_million_requests / 1e6;
  parts.provisioned = static_cast<double>(function_.provisioned) * memory_gb * now.s() *
                      pricing_.usd_per_provisioned_gb_s;
  return parts;
}

double FunctionPool::sandbox_seconds(core::Time now) const {
  return (alive_ns_integral_ +
          static_cast<double>(alive_) * static_cast<double>((now - alive_since_).ns())) *
         1e-9;
}

}  // namespace servesim::cluster
