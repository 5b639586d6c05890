// File: sim/cluster/batch_forming.hpp
//
// The two ends of a batch that every pool shares, so that servers and serverless functions form
// batches and report their tasks the same way.
#pragma once

#include <cstdint>

#include "sim/cluster/pool.hpp"
#include "sim/cluster/task.hpp"
#include "sim/core/ring_queue.hpp"

namespace servesim::cluster {

// Takes whole tasks from the front of `queue` while they fit in `max_queries` queries (always at
// least one: a coding unit of several queries is never split), releasing cancelled tasks on the
// way. Calls take(slot, task) for each task taken; returns the queries taken.
template <class Take>
std::uint32_t take_whole_tasks(core::RingQueue<TaskSlot>& queue, TaskTable& tasks,
                               std::uint32_t max_queries, Take&& take) {
  std::uint32_t queries = 0;
  while (queries < max_queries && !queue.empty()) {
    const TaskSlot slot = queue.front();
    Task& task = tasks[slot];
    if (task.cancelled) {
      tasks.release(queue.pop_front());
      continue;
    }
    if (queries > 0 && queries + task.queries > max_queries) break;
    queue.pop_front();
    queries += task.queries;
    take(slot, task);
  }
  return queries;
}

// A task of a finished batch: discarded if it was cancelled while running, else handed to the
// listener (which then owns its slot).
inline void hand_over_finished(TaskTable& tasks, TaskSlot slot, PoolStats& stats,
                               PoolListener& listener) {
  Task& task = tasks[slot];
  if (task.cancelled) {
    ++stats.tasks_discarded;
    tasks.release(slot);
    return;
  }
  ++stats.tasks_served;
  task.state = TaskState::kToFrontend;
  listener.on_task_finished(slot);
}

}  // namespace servesim::cluster
