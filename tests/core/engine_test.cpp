// File: tests/core/engine_test.cpp
#include "sim/core/engine.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

namespace servesim::core {
namespace {

struct Recorder {
  explicit Recorder(Engine* e) : engine(e) {}
  Engine* engine;
  std::vector<std::uint64_t> fired;
  std::vector<std::int64_t> times;
  void on_fire(std::uint64_t arg) {
    fired.push_back(arg);
    times.push_back(engine->now().ns());
  }
  void on_chain(std::uint64_t arg) {
    fired.push_back(arg);
    if (arg < 5) engine->schedule_in<&Recorder::on_chain>(Time::from_ns(10), this, arg + 1);
  }
};

TEST(EventQueue, RunsInTimeOrder) {
  Engine engine;
  Recorder rec(&engine);
  for (std::int64_t t : {50, 10, 40, 20, 30}) {
    engine.schedule<&Recorder::on_fire>(Time::from_ns(t), &rec, static_cast<std::uint64_t>(t));
  }
  engine.run();
  EXPECT_EQ(rec.times, (std::vector<std::int64_t>{10, 20, 30, 40, 50}));
  EXPECT_EQ(engine.events_executed(), 5u);
}

TEST(EventQueue, TiesRunInInsertionOrder) {
  Engine engine;
  Recorder rec(&engine);
  for (std::uint64_t i = 0; i < 1000; ++i) {
    engine.schedule<&Recorder::on_fire>(Time::from_ns(7), &rec, i);
  }
  engine.run();
  ASSERT_EQ(rec.fired.size(), 1000u);
  for (std::uint64_t i = 0; i < 1000; ++i) EXPECT_EQ(rec.fired[i], i);
}

TEST(EventQueue, ShuffleModeStillRunsEveryEventInTimeOrder) {
  Engine engine(/*shuffle_ties_seed=*/42);
  Recorder rec(&engine);
  for (std::uint64_t i = 0; i < 200; ++i) {
    engine.schedule<&Recorder::on_fire>(Time::from_ns(static_cast<std::int64_t>(i % 3)), &rec, i);
  }
  engine.run();
  ASSERT_EQ(rec.fired.size(), 200u);
  for (std::size_t i = 1; i < rec.times.size(); ++i) EXPECT_LE(rec.times[i - 1], rec.times[i]);
  // With 200 ties over 3 instants, insertion order surviving intact has negligible chance.
  bool in_insertion_order = true;
  for (std::size_t i = 1; i < rec.fired.size(); ++i) {
    if (rec.times[i] == rec.times[i - 1] && rec.fired[i] < rec.fired[i - 1])
      in_insertion_order = false;
  }
  EXPECT_FALSE(in_insertion_order);
}

TEST(EventQueue, CancelledEventsNeverRun) {
  Engine engine;
  Recorder rec(&engine);
  EventId a = engine.schedule<&Recorder::on_fire>(Time::from_ns(5), &rec, 1);
  engine.schedule<&Recorder::on_fire>(Time::from_ns(6), &rec, 2);
  EventId c = engine.schedule<&Recorder::on_fire>(Time::from_ns(7), &rec, 3);
  engine.cancel(a);
  engine.cancel(c);
  engine.run();
  EXPECT_EQ(rec.fired, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(engine.events_executed(), 1u);
}

TEST(EventQueue, HandlersMayScheduleMoreEvents) {
  Engine engine;
  Recorder rec(&engine);
  engine.schedule<&Recorder::on_chain>(Time::zero(), &rec, 0);
  engine.run();
  EXPECT_EQ(rec.fired, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(engine.now().ns(), 50);
}

TEST(EventQueue, RunUntilLeavesLaterEventsQueued) {
  Engine engine;
  Recorder rec(&engine);
  engine.schedule<&Recorder::on_fire>(Time::from_ns(10), &rec, 1);
  engine.schedule<&Recorder::on_fire>(Time::from_ns(20), &rec, 2);
  engine.run(Time::from_ns(15));
  EXPECT_EQ(rec.fired.size(), 1u);
  EXPECT_EQ(engine.pending(), 1u);
  engine.run();
  EXPECT_EQ(rec.fired.size(), 2u);
}

TEST(EventQueue, RandomInsertionsPopSorted) {
  Engine engine;
  Recorder rec(&engine);
  RngStream rng(1, 0, "test");
  for (int i = 0; i < 100000; ++i) {
    engine.schedule<&Recorder::on_fire>(
        Time::from_ns(static_cast<std::int64_t>(rng.uniform_index(1000000))), &rec, 0);
  }
  engine.run();
  for (std::size_t i = 1; i < rec.times.size(); ++i) ASSERT_LE(rec.times[i - 1], rec.times[i]);
}

// A handler's first schedule takes the place of its own entry in the heap (heapreplace); the
// order must still be (time, insertion order) whatever the handler schedules.
struct Fanout {
  Engine* engine;
  std::vector<std::uint64_t> fired;
  void on_fire(std::uint64_t arg) {
    fired.push_back(arg);
    if (arg == 0) {
      // Later, then at the same time (a tie: after everything already queued for now), then
      // earlier than the pending event at 5.
      engine->schedule_in<&Fanout::on_fire>(Time::from_ns(10), this, 1);
      engine->schedule_in<&Fanout::on_fire>(Time::zero(), this, 2);
      engine->schedule_in<&Fanout::on_fire>(Time::from_ns(3), this, 3);
    }
  }
};

TEST(EventQueue, HandlerSchedulesKeepTimeThenInsertionOrder) {
  Engine engine;
  Fanout fan{&engine, {}};
  engine.schedule<&Fanout::on_fire>(Time::zero(), &fan, 0);
  engine.schedule<&Fanout::on_fire>(Time::zero(), &fan, 4);
  engine.schedule<&Fanout::on_fire>(Time::from_ns(5), &fan, 5);
  engine.run();
  EXPECT_EQ(fan.fired, (std::vector<std::uint64_t>{0, 4, 2, 3, 5, 1}));
  EXPECT_EQ(engine.pending(), 0u);
}

TEST(EventQueue, StaleCancelDoesNotTouchTheEventReusingItsSlot) {
  Engine engine;
  Recorder rec(&engine);
  const EventId first = engine.schedule<&Recorder::on_fire>(Time::from_ns(1), &rec, 1);
  engine.run();
  // The slot of `first` is free and is reused here; `first` has run, so cancelling it is a
  // no-op and must not cancel this one.
  engine.schedule<&Recorder::on_fire>(Time::from_ns(2), &rec, 2);
  engine.cancel(first);
  engine.cancel(EventId{});
  engine.run();
  EXPECT_EQ(rec.fired, (std::vector<std::uint64_t>{1, 2}));
}

struct SelfCancel {
  Engine* engine;
  std::vector<std::uint64_t> fired;
  void on_fire(std::uint64_t arg) {
    fired.push_back(arg);
    if (arg == 0) {
      // The first schedule replaces this handler's entry; cancelling it must still work.
      const EventId replaced = engine->schedule_in<&SelfCancel::on_fire>(Time::from_ns(1), this, 1);
      engine->schedule_in<&SelfCancel::on_fire>(Time::from_ns(2), this, 2);
      engine->cancel(replaced);
    }
  }
};

TEST(EventQueue, CancelWorksOnTheEntryThatReplacedTheRunningOne) {
  Engine engine;
  SelfCancel self{&engine, {}};
  engine.schedule<&SelfCancel::on_fire>(Time::zero(), &self, 0);
  engine.run();
  EXPECT_EQ(self.fired, (std::vector<std::uint64_t>{0, 2}));
  EXPECT_EQ(engine.events_executed(), 2u);
}

// The hold model with handlers that schedule zero, one or two events, some of them ties, and
// cancel some: every event must run in (time, insertion order), checked against a reference
// order kept by the test. Shuffle mode only promises time order.
struct Churn {
  explicit Churn(Engine* e) : engine(e) {}
  Engine* engine;
  RngStream rng{3, 0, "test/churn"};
  std::uint64_t next_label = 0;
  std::vector<std::int64_t> times;
  std::vector<std::uint64_t> labels;
  std::vector<EventId> cancellable;
  int budget = 20000;
  void add() {
    const auto delay = static_cast<std::int64_t>(rng.uniform_index(4));  // ties are common
    const EventId id =
        engine->schedule_in<&Churn::on_fire>(Time::from_ns(delay), this, next_label++);
    if (rng.uniform_index(8) == 0) cancellable.push_back(id);
  }
  void on_fire(std::uint64_t label) {
    times.push_back(engine->now().ns());
    labels.push_back(label);
    if (budget-- <= 0) return;
    // About 64 pending: two children below that, at most one above.
    const std::uint64_t children = rng.uniform_index(2) + (engine->pending() < 64 ? 1 : 0);
    for (std::uint64_t child = 0; child < children; ++child) add();
    if (!cancellable.empty() && rng.uniform_index(4) == 0) {
      engine->cancel(cancellable.back());
      cancellable.pop_back();
    }
  }
};

TEST(EventQueue, ChurnRunsInTimeOrderAndTiesInInsertionOrder) {
  for (const std::uint64_t shuffle_seed : {std::uint64_t{0}, std::uint64_t{7}}) {
    Engine engine(shuffle_seed);
    Churn churn(&engine);
    for (int idx = 0; idx < 50; ++idx) churn.add();
    engine.run();
    ASSERT_GT(churn.labels.size(), 10000u);
    for (std::size_t idx = 1; idx < churn.times.size(); ++idx) {
      ASSERT_LE(churn.times[idx - 1], churn.times[idx]);
      // Labels grow with insertion order, so without shuffling ties run in label order.
      if (shuffle_seed == 0 && churn.times[idx - 1] == churn.times[idx]) {
        ASSERT_LT(churn.labels[idx - 1], churn.labels[idx]);
      }
    }
  }
}

// Random schedules and cancellations checked event by event against a reference queue: a
// std::priority_queue on (time, insertion sequence) with cancelled events dropped. The heap's
// shape (arity, layout) must not matter: every event runs exactly when the reference says.
// Delays on a coarse clock make ties common; the pending count swings from 0 to over 5000, so
// the heap grows past its first allocation (1024 entries) and drains to empty twice.
struct ReferenceCheck {
  explicit ReferenceCheck(Engine* e) : engine(e) {}
  using Key = std::pair<std::int64_t, std::uint64_t>;  // (time ns, label = insertion sequence)
  Engine* engine;
  RngStream rng{11, 0, "reference"};
  std::priority_queue<Key, std::vector<Key>, std::greater<>> reference;
  std::vector<std::uint8_t> state;  // per label: 0 pending, 1 ran, 2 cancelled
  std::vector<std::pair<std::uint64_t, EventId>> cancellable;
  std::uint64_t ran = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t budget = 0;  // events still to schedule from handlers

  void add(std::int64_t delay_ns) {
    const std::uint64_t label = state.size();
    state.push_back(0);
    const EventId id =
        engine->schedule_in<&ReferenceCheck::on_event>(Time::from_ns(delay_ns), this, label);
    reference.emplace(engine->now().ns() + delay_ns, label);
    cancellable.emplace_back(label, id);
  }
  void cancel_one() {
    const std::size_t pick = rng.uniform_index(cancellable.size());
    const auto [label, id] = cancellable[pick];
    cancellable[pick] = cancellable.back();
    cancellable.pop_back();
    engine->cancel(id);  // a no-op when the event already ran
    if (state[label] == 0) state[label] = 2;
  }
  void on_event(std::uint64_t label) {
    while (!reference.empty() && state[reference.top().second] == 2) reference.pop();
    if (reference.empty() || reference.top() != Key{engine->now().ns(), label}) ++mismatches;
    if (!reference.empty()) reference.pop();
    state[label] = 1;
    ++ran;
    // 0 to 3 new events (mean 1.5 while the budget lasts), and a cancel one time in three.
    const std::uint64_t children = budget > 0 ? rng.uniform_index(4) : 0;
    for (std::uint64_t child = 0; child < children && budget > 0; ++child, --budget) {
      add(static_cast<std::int64_t>(rng.uniform_index(40)));
    }
    if (!cancellable.empty() && rng.uniform_index(3) == 0) cancel_one();
  }
};

TEST(EventQueue, RunsEventsInTheOrderOfAReferencePriorityQueue) {
  Engine engine;
  ReferenceCheck check(&engine);
  for (int round = 0; round < 2; ++round) {
    for (int idx = 0; idx < 3000; ++idx)
      check.add(static_cast<std::int64_t>(check.rng.uniform_index(1000)));
    check.budget = 40000;
    engine.run();
    EXPECT_EQ(engine.pending(), 0u);
  }
  EXPECT_EQ(check.mismatches, 0u);
  std::uint64_t cancelled = 0;
  for (std::uint8_t state : check.state) cancelled += state == 2 ? 1 : 0;
  EXPECT_GT(cancelled, 1000u);
  EXPECT_EQ(check.ran + cancelled, check.state.size());  // every event ran or was cancelled
}

// A self-rescheduling source (an arrival stream) that also schedules work into the heap, on a
// coarse clock so that many events tie. Run once through the source slot and once through
// schedule(): the source slot must not change the order in which events run.
struct Arrivals {
  Arrivals(Engine* e, bool source_slot) : engine(e), use_source_slot(source_slot) {}
  Engine* engine;
  bool use_source_slot;
  RngStream rng{3, 0, "source"};
  std::vector<std::uint64_t> labels;
  std::vector<std::int64_t> times;
  std::uint64_t next_label = 0;
  int left = 20000;

  void schedule_arrival(Time when) {
    if (use_source_slot) {
      engine->schedule_source<&Arrivals::on_arrival>(when, this);
    } else {
      engine->schedule<&Arrivals::on_arrival>(when, this);
    }
  }
  void log(std::uint64_t label) {
    labels.push_back(label);
    times.push_back(engine->now().ns());
  }
  void on_arrival(std::uint64_t) {
    log(0);
    // Work first or the next arrival first, as a frontend might do either.
    const bool work_first = rng.uniform_index(2) == 0;
    if (work_first) add_work();
    if (--left > 0) schedule_arrival(engine->now() + random_ns(3));
    if (!work_first) add_work();
  }
  void add_work() {
    const std::uint64_t count = rng.uniform_index(3);
    for (std::uint64_t idx = 0; idx < count; ++idx) {
      engine->schedule_in<&Arrivals::on_work>(random_ns(5), this, ++next_label);
    }
  }
  // 0 to bound - 1 ns.
  Time random_ns(std::uint64_t bound) {
    return Time::from_ns(static_cast<std::int64_t>(rng.uniform_index(bound)));
  }
  void on_work(std::uint64_t label) { log(label); }
};

TEST(SourceSlot, RunsEventsInTheOrderTheHeapWould) {
  std::vector<std::vector<std::uint64_t>> labels;
  std::vector<std::vector<std::int64_t>> times;
  for (const bool use_source_slot : {false, true}) {
    Engine engine;
    Arrivals arrivals(&engine, use_source_slot);
    arrivals.schedule_arrival(Time::zero());
    engine.run();
    EXPECT_EQ(engine.pending(), 0u);
    labels.push_back(arrivals.labels);
    times.push_back(arrivals.times);
  }
  ASSERT_GT(labels[0].size(), 30000u);  // 20000 arrivals and about as much work
  EXPECT_EQ(labels[1], labels[0]);
  EXPECT_EQ(times[1], times[0]);
}

// set_fast_paths(false): the source slot's events go through the heap and a running event
// leaves the heap before its handler; the order must be that of the fast paths.
TEST(FastPaths, OffRunsEventsInTheSameOrder) {
  std::vector<std::vector<std::uint64_t>> labels;
  std::vector<std::vector<std::int64_t>> times;
  for (const bool fast_paths : {true, false}) {
    Engine engine;
    engine.set_fast_paths(fast_paths);
    Arrivals arrivals(&engine, /*source_slot=*/true);
    arrivals.schedule_arrival(Time::zero());
    engine.run();
    EXPECT_EQ(engine.pending(), 0u);
    labels.push_back(arrivals.labels);
    times.push_back(arrivals.times);
  }
  ASSERT_GT(labels[0].size(), 30000u);
  EXPECT_EQ(labels[1], labels[0]);
  EXPECT_EQ(times[1], times[0]);

  // The switch took effect: without the source slot, a second source event is just another
  // heap event (with it, an internal error: SourceSlot.HoldsOneEventAtATime).
  {
    Engine engine;
    engine.set_fast_paths(false);
    Recorder rec(&engine);
    engine.schedule_source<&Recorder::on_fire>(Time::from_ns(30), &rec, 2);
    engine.schedule_source<&Recorder::on_fire>(Time::from_ns(20), &rec, 1);
    engine.run();
    EXPECT_EQ(rec.fired, (std::vector<std::uint64_t>{1, 2}));
  }

  // Schedules and cancellations against the reference queue, without the entry reuse.
  Engine engine;
  engine.set_fast_paths(false);
  ReferenceCheck check(&engine);
  for (int idx = 0; idx < 3000; ++idx) {
    check.add(static_cast<std::int64_t>(check.rng.uniform_index(1000)));
  }
  check.budget = 20000;
  engine.run();
  EXPECT_EQ(check.mismatches, 0u);
  EXPECT_GT(check.ran, 20000u);
}

TEST(SourceSlot, TiesWithHeapEventsRunInSchedulingOrder) {
  Engine engine;
  Recorder rec(&engine);
  engine.schedule<&Recorder::on_fire>(Time::from_ns(10), &rec, 1);
  engine.schedule_source<&Recorder::on_fire>(Time::from_ns(10), &rec, 2);
  engine.schedule<&Recorder::on_fire>(Time::from_ns(10), &rec, 3);
  engine.schedule<&Recorder::on_fire>(Time::from_ns(5), &rec, 4);
  EXPECT_EQ(engine.pending(), 4u);
  engine.run();
  EXPECT_EQ(rec.fired, (std::vector<std::uint64_t>{4, 1, 2, 3}));
  EXPECT_EQ(engine.events_executed(), 4u);
}

TEST(SourceSlot, RunUntilLeavesALaterSourceEventQueued) {
  Engine engine;
  Recorder rec(&engine);
  engine.schedule_source<&Recorder::on_fire>(Time::from_ns(20), &rec, 1);
  engine.schedule<&Recorder::on_fire>(Time::from_ns(10), &rec, 2);
  engine.run(Time::from_ns(15));
  EXPECT_EQ(rec.fired, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(engine.pending(), 1u);
  engine.run();
  EXPECT_EQ(rec.fired, (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(engine.pending(), 0u);
}

TEST(SourceSlot, HoldsOneEventAtATime) {
  Engine engine;
  Recorder rec(&engine);
  engine.schedule_source<&Recorder::on_fire>(Time::from_ns(20), &rec, 1);
  EXPECT_EXIT(engine.schedule_source<&Recorder::on_fire>(Time::from_ns(30), &rec, 2),
              testing::ExitedWithCode(1), "the source slot holds one event at a time");
}

// Issue 12, progress guarantee: a process that reschedules itself after 0 ns stops the run
// with a StallError naming it, instead of hanging.
struct ZeroPeriod {
  Engine* engine;
  void on_tick(std::uint64_t) { engine->schedule_in<&ZeroPeriod::on_tick>(Time::zero(), this); }
};

TEST(Progress, ZeroPeriodProcessStopsWithAStallNamingIt) {
  Engine engine;
  engine.set_max_events_without_progress(1000);
  ZeroPeriod loop{&engine};
  engine.name_target(&loop, "interference.loop");
  engine.schedule<&ZeroPeriod::on_tick>(Time::from_ms(2), &loop);
  try {
    engine.run();
    FAIL() << "no StallError";
  } catch (const StallError& error) {
    EXPECT_NE(std::string(error.what()).find("'interference.loop'"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("t = 0.002 s"), std::string::npos) << error.what();
  }
  EXPECT_EQ(engine.now(), Time::from_ms(2));
}

TEST(Progress, TiesBelowTheLimitRunNormally) {
  Engine engine;
  engine.set_max_events_without_progress(1000);
  Recorder recorder(&engine);
  for (int i = 0; i < 999; ++i) engine.schedule<&Recorder::on_fire>(Time::from_ms(1), &recorder, i);
  engine.run();
  EXPECT_EQ(recorder.fired.size(), 999u);
}

struct Saturating {
  Engine* engine;
  int left = 3;
  void on_tick(std::uint64_t) {
    if (--left > 0) engine->schedule_in<&Saturating::on_tick>(Time::from_ms(1e300), this);
  }
};

TEST(Progress, SaturatedDelaysAreCountedAndNeverWrap) {
  Engine engine;
  Saturating process{&engine};
  engine.schedule_in<&Saturating::on_tick>(Time::from_ms(1e300), &process);
  engine.run();
  EXPECT_EQ(engine.saturated_delays(), 3u);
  EXPECT_EQ(engine.now(), Time::max());  // horizon + horizon + horizon, saturated
}

}  // namespace
}  // namespace servesim::core
