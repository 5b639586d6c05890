// File: tests/core/engine_test.cpp
#include "sim/core/engine.hpp"

#include <gtest/gtest.h>

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
    if (rec.times[i] == rec.times[i - 1] && rec.fired[i] < rec.fired[i - 1]) in_insertion_order = false;
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
    engine.schedule<&Recorder::on_fire>(Time::from_ns(static_cast<std::int64_t>(rng.uniform_index(1000000))), &rec, 0);
  }
  engine.run();
  for (std::size_t i = 1; i < rec.times.size(); ++i) ASSERT_LE(rec.times[i - 1], rec.times[i]);
}

}  // namespace
}  // namespace servesim::core
