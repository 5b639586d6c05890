// File: sim/core/engine.cpp
#include "sim/core/engine.hpp"

#include <cstdio>

namespace servesim::core {

Engine::Engine(std::uint64_t shuffle_ties_seed)
    : shuffle_ties_(shuffle_ties_seed != 0), tie_rng_(shuffle_ties_seed, 0, "engine/tie_shuffle") {
  grow_heap();
  payloads_.reserve(1024);
  free_slots_.reserve(1024);
}

std::uint32_t Engine::new_slot() {
  SERVESIM_ASSERT(payloads_.size() <= kSlotMask, "more pending events than the engine can hold");
  payloads_.emplace_back();
  return static_cast<std::uint32_t>(payloads_.size() - 1);
}

void Engine::check_progress(const void* target) {
  if (now_.ns() != last_window_time_ns_) {
    last_window_time_ns_ = now_.ns();
    events_without_progress_ = 0;
    return;
  }
  events_without_progress_ += kProgressWindow;
  if (events_without_progress_ >= max_events_without_progress_) report_stall(target);
}

void Engine::report_stall(const void* target) const {
  std::string what = "an unnamed component";
  for (const auto& [named, name] : target_names_) {
    if (named == target) what = "'" + name + "'";
  }
  char when[32];
  std::snprintf(when, sizeof when, "%.9g", now_.s());
  throw StallError("no progress in simulated time: " + std::to_string(events_without_progress_) +
                   " events in a row at t = " + when + " s; the last ran for " + what +
                   ", which reschedules itself after 0 ns (a period below the 1 ns resolution)");
}

void Engine::grow_heap() {
  const std::size_t capacity = capacity_ == 0 ? 1024 : 2 * capacity_;
  // capacity is a multiple of kArity, so the allocation is whole lines.
  const std::size_t bytes = (kRootOffset + capacity + 1) * sizeof(Entry);
  std::unique_ptr<Entry[], FreeLarge> storage(
      static_cast<Entry*>(allocate_large(bytes, kLineBytes)), FreeLarge{bytes});
  Entry* const heap = storage.get() + kRootOffset;
  for (std::size_t idx = 0; idx < kRootOffset; ++idx) storage[idx] = Entry{0, 0};  // never read
  for (std::size_t idx = 0; idx < size_; ++idx) heap[idx] = heap_[idx];
  for (std::size_t idx = size_; idx <= capacity; ++idx)
    heap[idx] = Entry{kSentinelTime, kSentinelKey};
  storage_ = std::move(storage);
  heap_ = heap;
  capacity_ = capacity;
}

void Engine::sift_up(Entry entry) {
  // With a hole instead of swaps: one write per level.
  if (size_ + kArity >= capacity_) grow_heap();
  std::size_t hole = size_++;  // a sentinel's place
  Entry* const heap = heap_;
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!earlier(entry, heap[parent])) break;
    heap[hole] = heap[parent];
    hole = parent;
  }
  heap[hole] = entry;
}

void Engine::sift_down(Entry entry) {
  Entry* const heap = heap_;
  const std::size_t size = size_;
  std::size_t hole = 0;
  // (time, key) as one number, as earlier() compares them.
  const auto order_key = [](const Entry& of) {
    return (static_cast<Uint128>(static_cast<std::uint64_t>(of.time_ns)) << 64) | of.key;
  };
  const Uint128 entry_key = order_key(entry);
  for (;;) {
    const std::size_t first = kArity * hole + 1;
    if (first >= size) break;
    // The least of the four children (missing ones are sentinels) by a tournament of three
    // comparisons on their keys, loaded at once (one cache line): the two first-round
    // comparisons are independent, and no load waits for a comparison's outcome.
    const Entry* const children = heap + first;
    const Uint128 key0 = order_key(children[0]);
    const Uint128 key1 = order_key(children[1]);
    const Uint128 key2 = order_key(children[2]);
    const Uint128 key3 = order_key(children[3]);
    const bool right_of_pair0 = key1 < key0;
    const bool right_of_pair1 = key3 < key2;
    const Uint128 least0 = right_of_pair0 ? key1 : key0;
    const Uint128 least1 = right_of_pair1 ? key3 : key2;
    const bool second_pair = least1 < least0;
    const Uint128 least = second_pair ? least1 : least0;
    if (!(least < entry_key)) break;
    const std::size_t child =
        first + (second_pair ? 2 + std::size_t{right_of_pair1} : std::size_t{right_of_pair0});
    heap[hole] = Entry{static_cast<std::int64_t>(static_cast<std::uint64_t>(least >> 64)),
                       static_cast<std::uint64_t>(least)};
    hole = child;
  }
  heap[hole] = entry;
}

void Engine::pop_front() {
  const std::size_t last_idx = size_ - 1;
  const Entry last = heap_[last_idx];
  heap_[last_idx] = Entry{kSentinelTime, kSentinelKey};
  size_ = last_idx;
  if (last_idx > 0) sift_down(last);
}

void Engine::run_source() {
  const Entry entry = source_;
  source_ = Entry{kSentinelTime, kSentinelKey};  // the handler schedules the next one
  start_event(entry.time_ns, source_target_);
  source_handler_(source_target_, source_arg_);
}

void Engine::run(Time until) {
  stopped_ = false;
  root_is_running_ = false;
  if (fast_paths_) {
    run_events<true>(until);
  } else {
    run_events<false>(until);
  }
}

template <bool kFastPaths>
void Engine::run_events(Time until) {
  while (!stopped_) {
    // The heap's root is the sentinel when the heap is empty, and so is an empty source slot.
    const Entry top = heap_[0];
    if (earlier(source_, top)) {
      if (source_.time_ns > until.ns()) break;
      run_source();
      continue;
    }
    if (top.key == kSentinelKey || top.time_ns > until.ns()) break;
    const auto slot = static_cast<std::uint32_t>(top.key & kSlotMask);
    // Read before the handler runs, which may reuse the slot or grow the payload array; only
    // the three call arguments are needed, so they are read into locals, not the whole payload.
    const Payload& payload = payloads_[slot];
    if (payload.key != top.key) {  // cancelled
      free_root(slot);
      continue;
    }
    const Handler handler = payload.handler;
    void* const target = payload.target;
    const std::uint64_t arg = payload.arg;
    start_event(top.time_ns, target);
    if constexpr (!kFastPaths) {
      free_root(slot);
      handler(target, arg);
      continue;
    }
    // The slot stays taken until the handler's first schedule reuses it (schedule_raw). That
    // is the slot the free list would have handed out first, so slots, keys and EventIds are
    // those of a push to the free list here.
    running_slot_ = slot;
    root_is_running_ = true;
    handler(target, arg);
    if (root_is_running_) {  // the handler scheduled nothing
      root_is_running_ = false;
      free_root(slot);
    }
  }
}

}  // namespace servesim::core
