// File: sim/cluster/task.hpp
//
// A task is one copy of a request on its way to, inside, or back from a pool. Tasks live in a
// SlotPool shared by the frontend and the pools. Ownership of the slot follows the task: whoever
// holds it when it is next touched after a cancellation releases it, so cancelled work never
// answers and never leaks.
#pragma once

#include <cstdint>

#include "sim/core/slot_pool.hpp"
#include "sim/core/time.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::cluster {

using TaskSlot = std::uint32_t;

enum class TaskState : std::uint8_t {
  kToPool,      // crossing the network to its pool
  kQueued,      // waiting in a pool queue
  kRunning,     // part of a running batch
  kToFrontend,  // its answer is crossing the network back
};

struct Task {
  policy::RequestSlot request = 0;  // the request this is a copy of (when !policy_owned)
  std::uint64_t tag = 0;            // the policy's identifier (when policy_owned)
  bool policy_owned = false;        // a policy task (e.g. a parity query), not a request copy
  std::uint8_t pool = 0;            // index of the pool it goes to
  std::uint8_t copy = 0;            // index of this copy within its request
  policy::CopyRole role = policy::CopyRole::kPrimary;
  // Queries it carries: 1, or a coding unit's batch size when the frontend batches (parity
  // coding of batches). A pool batch holds whole tasks, up to max_batch queries in all.
  std::uint16_t queries = 1;
  // A policy task that carries requests (a batched coding unit): counted as copies, not as
  // policy tasks.
  bool carries_requests = false;
  TaskState state = TaskState::kToPool;
  bool cancelled = false;
  // Queues behind every task without it (copy_priority: low); set on replica copies only.
  bool low_priority = false;
  // Goes to the instance with the fewest queries outstanding, not where the balancer would send
  // it (policy::Placement::kLeastOutstanding; per_instance queues only).
  bool least_outstanding = false;
  std::int32_t instance = -1;  // where it is queued or running; -1 before that
  core::Time enqueued;         // when it joined a pool queue
  // The frontend's direct path (single primary copy, zero hops) gives a request no request
  // slot: its lone task carries the request's arrival index and send time instead, and
  // `request` is unused.
  std::uint64_t request_index = 0;
  core::Time request_sent;
};

using TaskTable = core::SlotPool<Task>;

}  // namespace servesim::cluster
