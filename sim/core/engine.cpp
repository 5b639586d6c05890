// File: sim/core/engine.cpp
#include "sim/core/engine.hpp"

namespace servesim::core {

Engine::Engine(std::uint64_t shuffle_ties_seed)
    : shuffle_ties_(shuffle_ties_seed != 0), tie_rng_(shuffle_ties_seed, 0, "engine/tie_shuffle") {
  heap_.reserve(1024);
}

EventId Engine::schedule_raw(Time when, Handler handler, void* target, std::uint64_t arg) {
  SERVESIM_ASSERT(when >= now_, "event scheduled in the past");
  const std::uint64_t order = shuffle_ties_ ? (tie_rng_.next_u64() | (std::uint64_t{1} << 63))
                                            : next_seq_++;
  push(Event{when.ns(), order, handler, target, arg});
  return EventId{order};
}

void Engine::cancel(EventId id) {
  if (id.valid()) cancelled_.insert(id.seq);
}

void Engine::push(const Event& event) {
  // Sift up with a hole instead of swaps: one write per level.
  std::size_t hole = heap_.size();
  heap_.push_back(event);
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 2;
    if (!earlier(event, heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = event;
}

Engine::Event Engine::pop() {
  const Event top = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size > 0) {
    std::size_t hole = 0;
    for (;;) {
      std::size_t child = 2 * hole + 1;
      if (child >= size) break;
      if (child + 1 < size && earlier(heap_[child + 1], heap_[child])) ++child;
      if (!earlier(heap_[child], last)) break;
      heap_[hole] = heap_[child];
      hole = child;
    }
    heap_[hole] = last;
  }
  return top;
}

void Engine::run(Time until) {
  stopped_ = false;
  while (!heap_.empty() && !stopped_) {
    if (heap_.front().time_ns > until.ns()) break;
    const Event event = pop();
    if (!cancelled_.empty()) {
      auto it = cancelled_.find(event.order);
      if (it != cancelled_.end()) {
        cancelled_.erase(it);
        continue;
      }
    }
    SERVESIM_DEBUG_ASSERT(event.time_ns >= now_.ns(), "clock went backwards");
    now_ = Time::from_ns(event.time_ns);
    ++events_executed_;
    event.handler(event.target, event.arg);
  }
}

}  // namespace servesim::core
