// File: sim/core/engine.hpp
//
// The discrete-event kernel. An Engine is an ordinary object (no globals), so a sweep can run one
// per thread. Events are small records in a flat binary heap ordered by (time, insertion sequence):
// ties run in the order they were scheduled, so runs are reproducible (ns-3 m_uid, OMNeT++
// insertCount). Scheduling allocates nothing once the heap has grown to its working size.
//
// Handlers are plain member functions `void T::on_x(std::uint64_t arg)`, bound at compile time:
//   engine.schedule<&Pool::on_batch_done>(when, this, instance_idx);
// Cancellation is lazy (ns-3 Cancel): a cancelled event stays in the heap and is skipped on pop.
//
// Thread-safety: none; one Engine per thread.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"

namespace servesim::core {

struct EventId {
  std::uint64_t seq = 0;  // the event's order key (see Engine::Event); 0 = no event
  bool valid() const { return seq != 0; }
};

class Engine {
 public:
  using Handler = void (*)(void* target, std::uint64_t arg);

  // shuffle_ties_seed != 0 turns on the debug mode that orders events of equal time randomly
  // (DESMO-J's randomizing list) to flush out models that depend on tie order.
  explicit Engine(std::uint64_t shuffle_ties_seed = 0);

  Time now() const { return now_; }

  // REQUIRES: when >= now().
  template <auto Method, class T>
  EventId schedule(Time when, T* target, std::uint64_t arg = 0) {
    return schedule_raw(when, &trampoline<Method, T>, target, arg);
  }
  template <auto Method, class T>
  EventId schedule_in(Time delay, T* target, std::uint64_t arg = 0) {
    return schedule_raw(now_ + delay, &trampoline<Method, T>, target, arg);
  }
  EventId schedule_raw(Time when, Handler handler, void* target, std::uint64_t arg);

  // REQUIRES: id is pending (neither run nor cancelled); components reset the ids they keep
  // when the event fires, so a stale id is never passed here.
  void cancel(EventId id);

  // Runs events until the queue is empty, stop() is called, or the next event is later than
  // `until` (which then stays queued).
  void run(Time until = Time::max());
  void stop() { stopped_ = true; }

  std::uint64_t events_executed() const { return events_executed_; }
  std::size_t pending() const { return heap_.size(); }

 private:
  // 40 bytes. `order` is both the tie-break key and the EventId: the insertion sequence
  // (1, 2, ...), or in shuffle mode a random key with its top bit set and never 0. Random keys
  // could in principle repeat (probability ~ pending^2 / 2^64); a repeat would only make a
  // cancel also drop its twin, in a debug-only mode. Keeping a separate seq field cost 8 bytes
  // per event moved in every sift (docs/performance.md).
  struct Event {
    std::int64_t time_ns;
    std::uint64_t order;
    Handler handler;
    void* target;
    std::uint64_t arg;
  };
  static bool earlier(const Event& a, const Event& b) {
    return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.order < b.order);
  }
  template <auto Method, class T>
  static void trampoline(void* target, std::uint64_t arg) {
    (static_cast<T*>(target)->*Method)(arg);
  }
  void push(const Event& event);
  Event pop();

  std::vector<Event> heap_;
  std::unordered_set<std::uint64_t> cancelled_;
  Time now_ = Time::zero();
  std::uint64_t next_seq_ = 1;
  std::uint64_t events_executed_ = 0;
  bool stopped_ = false;
  bool shuffle_ties_ = false;
  RngStream tie_rng_;
};

}  // namespace servesim::core
