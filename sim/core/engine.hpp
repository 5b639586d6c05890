// File: sim/core/engine.hpp
//
// The discrete-event kernel. An Engine is an ordinary object (no globals), so a sweep can run one
// per thread. Events are ordered by (time, insertion sequence): ties run in the order they were
// scheduled, so runs are reproducible (ns-3 m_uid, OMNeT++ insertCount). Scheduling allocates
// nothing once the queue has grown to its working size.
//
// Handlers are plain member functions `void T::on_x(std::uint64_t arg)`, bound at compile time:
//   engine.schedule<&Pool::on_batch_done>(when, this, instance_idx);
// Cancellation is lazy (ns-3 Cancel): a cancelled event stays in the heap and is skipped on pop.
//
// Layout (docs/performance.md): the heap is 4-ary and holds 16-byte entries {time, key} only, so
// a node's four children fill one 64-byte cache line (the array is 64-byte aligned and the root
// sits at its fourth entry): a sift step costs one line, and a heap of 10^5 pending events is 9
// levels deep instead of 17 (issue 16: at large sizes each level is a cache miss). key = (order <<
// kSlotBits) | slot: `order` is the insertion sequence (the tie-break), `slot` indexes a side array
// of payloads {handler, target, arg, key}. The slot is free again once its event is popped. A
// payload remembers its event's key; cancel() clears it, and a popped entry whose payload key
// differs is skipped. No set, no allocation per cancel. A running event's entry stays at the root
// until the handler's first schedule, which takes its place (heapreplace) and its slot: most
// handlers schedule one event, so most events cost one sift, not two, and no trip through the free
// list. The source slot holds one more event outside the heap, for the workload's arrival stream: a
// source with exactly one pending event that reschedules itself each time it runs. It gets its
// key like any event and run() takes whichever of it and the heap's root is earlier, so events
// run in the same order as through schedule(); an arrival then costs a store, not a sift.
//
// Progress guarantee: a run whose clock stays put for kMaxEventsWithoutProgress events in a row
// is looping (something reschedules itself after 0 ns); run() then throws StallError naming the
// time and what loops (the target's name from name_target) instead of hanging. The loader
// refuses every period below 1 ns it can see (io/time_range.hpp); this catches the rest.
//
// Thread-safety: none; one Engine per thread.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/huge_pages.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"

namespace servesim::core {

// A run that stopped making progress in simulated time: a simulator bug or an input the loader
// could not see through; the CLI reports it as an internal error (exit 1).
class StallError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EventId {
  std::uint64_t seq = 0;  // the event's key (see Engine); 0 = no event
  bool valid() const { return seq != 0; }
};

class Engine {
 public:
  using Handler = void (*)(void* target, std::uint64_t arg);

  // Pending events (cancelled ones included) at most 2^kSlotBits; events scheduled over the
  // whole run at most 2^(64 - kSlotBits) (about 1.1e12, some days of simulation at 10^7
  // events/s). Both are checked.
  static constexpr int kSlotBits = 24;
  // Events in a row at one simulated time before run() declares a stall, counted in windows of
  // kProgressWindow events (so a stall is seen after between 20 and 21 windows, ~2.1e7 events).
  // A real burst of ties (a batch of 10^5 finishing at once, arrivals of a trace row) is far
  // below this.
  static constexpr std::uint64_t kProgressWindow = std::uint64_t{1} << 20;
  static constexpr std::uint64_t kMaxEventsWithoutProgress = 20 * kProgressWindow;

  // shuffle_ties_seed != 0 turns on the debug mode that orders events of equal time randomly
  // (DESMO-J's randomizing list) to flush out models that depend on tie order.
  explicit Engine(std::uint64_t shuffle_ties_seed = 0);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  Time now() const { return now_; }

  // REQUIRES: when >= now().
  template <auto Method, class T>
  EventId schedule(Time when, T* target, std::uint64_t arg = 0) {
    return schedule_raw(when, &trampoline<Method, T>, target, arg);
  }
  // A delay of Time::horizon() or more (a saturated draw, see time.hpp) is counted.
  template <auto Method, class T>
  EventId schedule_in(Time delay, T* target, std::uint64_t arg = 0) {
    // delay >= 0 here, and delay >> 62 is 1 exactly when it reached the horizon: no compare.
    saturated_delays_ += static_cast<std::uint64_t>(delay.ns() >> 62);
    return schedule_raw(now_ + delay, &trampoline<Method, T>, target, arg);
  }
  EventId schedule_raw(Time when, Handler handler, void* target, std::uint64_t arg) {
    SERVESIM_ASSERT(when >= now_, "event scheduled in the past");
    if (root_is_running_) {
      // The handler's first schedule: the new event takes the running event's heap entry
      // (one sift down in place of a pop and a push) and its payload slot, so the slot never
      // goes through the free list (docs/performance.md).
      root_is_running_ = false;
      const std::uint64_t key = (next_order() << kSlotBits) | running_slot_;
      payloads_[running_slot_] = Payload{handler, target, arg, key};
      sift_down(Entry{when.ns(), key});
      return EventId{key};
    }
    std::uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = new_slot();
    }
    const std::uint64_t key = (next_order() << kSlotBits) | slot;
    payloads_[slot] = Payload{handler, target, arg, key};
    sift_up(Entry{when.ns(), key});
    return EventId{key};
  }

  // Schedules the source slot's event (see the top of this file). Not cancellable.
  // REQUIRES: when >= now(); the source slot is empty (its last event has run or is running).
  template <auto Method, class T>
  void schedule_source(Time when, T* target, std::uint64_t arg = 0) {
    if (!fast_paths_) [[unlikely]] {
      schedule_raw(when, &trampoline<Method, T>, target, arg);
      return;
    }
    SERVESIM_ASSERT(when >= now_, "event scheduled in the past");
    SERVESIM_ASSERT(source_empty(), "the source slot holds one event at a time");
    source_ = Entry{when.ns(), next_order() << kSlotBits};
    source_handler_ = &trampoline<Method, T>;
    source_target_ = target;
    source_arg_ = arg;
  }

  // A no-op for an id that is no longer pending (run or cancelled already) or invalid.
  void cancel(EventId id) {
    const std::uint64_t slot = id.seq & kSlotMask;
    if (id.valid() && payloads_[slot].key == id.seq) payloads_[slot].key = 0;
  }

  // Runs events until the queue is empty, stop() is called, or the next event is later than
  // `until` (which then stays queued).
  void run(Time until = Time::max());

  // Off: the two shortcuts described at the top of this file (the source slot, and a handler's
  // first schedule taking the running event's entry) are not taken (a debugging and test switch,
  // issue 18): source events go through the heap like any other, and a running event leaves the heap before its
  // handler runs. Events run in the same order either way. REQUIRES: no event is pending.
  void set_fast_paths(bool on) {
    SERVESIM_ASSERT(pending() == 0, "fast paths switched with events pending");
    fast_paths_ = on;
  }
  void stop() { stopped_ = true; }

  std::uint64_t events_executed() const { return events_executed_; }
  // Delays given to schedule_in that reached Time::horizon() (saturated durations).
  std::uint64_t saturated_delays() const { return saturated_delays_; }
  void count_saturated(std::uint64_t count) { saturated_delays_ += count; }

  // For tests: a smaller stall limit than kMaxEventsWithoutProgress (rounded up to whole
  // windows of kProgressWindow events).
  void set_max_events_without_progress(std::uint64_t limit) {
    max_events_without_progress_ = limit;
  }

  // A name for the events of `target` ("pools/resnet50"), used only by a StallError's message.
  void name_target(const void* target, std::string name) {
    target_names_.emplace_back(target, std::move(name));
  }
  std::size_t pending() const { return size_ + (source_empty() ? 0 : 1); }

 private:
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
  // The largest order leaves the all-ones key to the sentinel.
  static constexpr std::uint64_t kMaxOrder = (std::uint64_t{1} << (64 - kSlotBits)) - 2;
  // Later than any event: the heap's last entry, and the empty source slot.
  static constexpr std::int64_t kSentinelTime = std::numeric_limits<std::int64_t>::max();
  static constexpr std::uint64_t kSentinelKey = std::numeric_limits<std::uint64_t>::max();

  struct Entry {
    std::int64_t time_ns;  // >= 0
    std::uint64_t key;
  };
  struct Payload {
    Handler handler;
    void* target;
    std::uint64_t arg;
    std::uint64_t key;  // the pending event's key; 0 once cancelled
  };
  // (time, key) order. Times are never negative, so one unsigned 128-bit comparison does it
  // without branches.
  static bool earlier(const Entry& a, const Entry& b) {
    const Uint128 ka = (static_cast<Uint128>(static_cast<std::uint64_t>(a.time_ns)) << 64) | a.key;
    const Uint128 kb = (static_cast<Uint128>(static_cast<std::uint64_t>(b.time_ns)) << 64) | b.key;
    return ka < kb;
  }
  template <auto Method, class T>
  static void trampoline(void* target, std::uint64_t arg) {
    (static_cast<T*>(target)->*Method)(arg);
  }
  // Insertion sequence 1, 2, ... or, in shuffle mode, a random order never 0 (a random order
  // may repeat, with probability ~ pending^2 / 2^40; the slot then breaks the tie).
  std::uint64_t next_order() {
    if (shuffle_ties_) return (tie_rng_.next_u64() >> kSlotBits) | 1;
    SERVESIM_ASSERT(next_seq_ <= kMaxOrder, "event sequence numbers exhausted");
    return next_seq_++;
  }
  std::uint32_t new_slot();
  // Children per heap node: four 16-byte entries are one 64-byte cache line.
  static constexpr std::size_t kArity = 4;
  static constexpr std::size_t kLineBytes = 64;
  // Entries before the root in the allocation, so that the children of node i (4i+1 .. 4i+4)
  // start at a multiple of 4 entries from the line-aligned base.
  static constexpr std::size_t kRootOffset = kArity - 1;
  // The heap's storage comes from allocate_large (huge pages once it is 2 MiB or more: at 10^5
  // pending events the heap is touched at random over 2 to 4 MiB).
  struct FreeLarge {
    std::size_t bytes;  // no default member initializer: unique_ptr's default constructor
                        // needs the deleter default-constructible inside this class
    void operator()(Entry* entries) const { deallocate_large(entries, bytes, kLineBytes); }
  };
  // Makes room for one more entry (keeping capacity_ >= size_ + kArity, see heap_).
  void grow_heap();
  // Appends `entry` and sifts it up.
  void sift_up(Entry entry);
  // Removes the root.
  void pop_front();
  // Removes the root, whose payload is `slot`, and frees the slot.
  void free_root(std::uint32_t slot) {
    free_slots_.push_back(slot);
    pop_front();
  }
  // Puts `entry` in the hole at the root and sifts it down.
  void sift_down(Entry entry);
  // Empties the source slot and runs its event.
  void run_source();
  // run() with or without the fast paths (set_fast_paths): a template, so that the switch
  // costs nothing per event.
  template <bool kFastPaths>
  void run_events(Time until);
  // Moves the clock to the event about to run, and counts it. Progress is checked once every
  // kProgressWindow events, not per event (one test of the counter's low bits, well predicted):
  // a clock that has not moved over a whole window is one more window without progress.
  void start_event(std::int64_t time_ns, const void* target) {
    SERVESIM_DEBUG_ASSERT(time_ns >= now_.ns(), "clock went backwards");
    now_ = Time::from_ns(time_ns);
    if ((++events_executed_ & (kProgressWindow - 1)) == 0) [[unlikely]]
      check_progress(target);
  }
  void check_progress(const void* target);
  [[noreturn]] void report_stall(const void* target) const;
  bool source_empty() const { return source_.key == kSentinelKey; }

  // A 4-ary heap of the pending entries: heap_[0, size_) with the root at heap_[0]. Every entry
  // of heap_[size_, capacity_) is a sentinel later than any event, and capacity_ >= size_ +
  // kArity, so a sift step may read all four children without checking which exist, and the
  // root of an empty heap is the sentinel. heap_ points kRootOffset entries into storage_, which
  // is 64-byte aligned.
  std::unique_ptr<Entry[], FreeLarge> storage_;
  Entry* heap_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  HugeVector<Payload> payloads_;
  std::vector<std::uint32_t> free_slots_;
  Time now_ = Time::zero();
  std::uint64_t next_seq_ = 1;
  std::uint64_t events_executed_ = 0;
  std::uint64_t events_without_progress_ = 0;
  std::int64_t last_window_time_ns_ = -1;  // the clock at the last progress check
  std::uint64_t max_events_without_progress_ = kMaxEventsWithoutProgress;
  std::uint64_t saturated_delays_ = 0;
  std::vector<std::pair<const void*, std::string>> target_names_;
  bool stopped_ = false;
  // The root is the running handler's own entry, still in the heap, and running_slot_ its
  // payload slot, not yet free (see schedule_raw).
  bool root_is_running_ = false;
  std::uint32_t running_slot_ = 0;
  bool shuffle_ties_ = false;
  bool fast_paths_ = true;
  RngStream tie_rng_;
  // The source slot: {time, key} as in the heap (the sentinel when empty), then its payload.
  Entry source_{kSentinelTime, kSentinelKey};
  Handler source_handler_ = nullptr;
  void* source_target_ = nullptr;
  std::uint64_t source_arg_ = 0;
};

}  // namespace servesim::core
