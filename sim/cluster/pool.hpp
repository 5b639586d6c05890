// File: sim/cluster/pool.hpp
//
// What the frontend needs from a pool of workers, whatever they are: servers with queues and
// batching (InstancePool) or serverless functions (FunctionPool). The frontend submits tasks and
// cancels them; the pool reports each task back through PoolListener exactly once (finished or
// refused) unless it was cancelled.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "sim/cluster/cost_parts.hpp"
#include "sim/cluster/task.hpp"
#include "sim/core/error.hpp"
#include "sim/core/time.hpp"

namespace servesim::cluster {

// Name of a pool's random stream for `purpose` ("service", "stragglers", ...): each pool draws
// from its own streams, so adding a pool never shifts another's draws.
inline std::string pool_stream_name(const std::string& pool, const char* purpose) {
  return "pools/" + pool + "/" + purpose;
}

class PoolListener {
 public:
  virtual ~PoolListener() = default;
  // The task ran to completion (not cancelled). Its slot now belongs to the listener.
  virtual void on_task_finished(TaskSlot task) = 0;
  // The pool refused the task (queue full, or throttled and not retried). Its slot now belongs
  // to the listener.
  virtual void on_task_refused(TaskSlot task) = 0;
};

struct PoolStats {
  std::uint64_t batches = 0;
  std::uint64_t batched_queries = 0;   // queries in the batches started (mean batch size)
  std::uint64_t tasks_served = 0;      // finished and not cancelled
  std::uint64_t tasks_discarded = 0;   // finished after being cancelled while running
  std::uint64_t tasks_cancelled_queued = 0;
  std::uint64_t tasks_refused = 0;
  std::uint64_t failures = 0;
  std::uint64_t requeued = 0;          // tasks put back by failures
  // Summed over instances. Unsigned, so that durations near the clock's horizon (2^62 ns, issue
  // 12) add without undefined overflow at the cost of one add on the hot path (a saturating add
  // there cost 30 Ir/request through lost inlining); readers clamp (Pool::busy_ns).
  std::uint64_t busy_ns = 0;
  std::uint64_t cold_starts = 0;       // serverless: invocations that started a new sandbox
  std::uint64_t throttled = 0;         // serverless: invocations over a concurrency limit
};

class Pool {
 public:
  virtual ~Pool() = default;
  // Where finished and refused tasks go. The frontend that listens is built after its pools (it
  // submits to them), so it is bound here once it exists; before any task is submitted.
  void set_listener(PoolListener& listener) { listener_ = &listener; }

  // The task arrives at the pool. `avoid` lists instances that must not get it where the pool
  // can choose (per_instance queues); pools that cannot choose ignore it.
  virtual void submit(TaskSlot task, std::span<const std::int32_t> avoid = {}) = 0;
  // REQUIRES: the task is kQueued or kRunning in this pool and not yet cancelled.
  virtual void cancel(TaskSlot task) = 0;

  virtual const std::string& name() const = 0;
  // Servers: the fixed instance count. Serverless: the peak number of sandboxes.
  virtual int instances() const = 0;
  virtual const PoolStats& stats() const = 0;
  // Busy time including work still running at `now`.
  virtual std::int64_t busy_ns(core::Time now) const = 0;
  // The busy total as the int64 the figures use, clamped: 2^63 ns is 292 instance-years, past
  // which only runs whose durations saturated at the horizon get.
  static std::int64_t clamp_busy_ns(std::uint64_t total) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(total < kMax ? total : kMax);
  }
  // What the pool has cost from time 0 to `now`, in US dollars.
  virtual double cost_usd(core::Time now) const = 0;
  // cost_usd(now) split by what is charged for (summary.json's cost.breakdown); the parts add up
  // to cost_usd(now) up to rounding.
  virtual CostParts cost_parts(core::Time now) const = 0;

 protected:
  PoolListener& listener() {
    SERVESIM_DEBUG_ASSERT(listener_ != nullptr, "pool used before set_listener");
    return *listener_;
  }

 private:
  PoolListener* listener_ = nullptr;
};

}  // namespace servesim::cluster
