// File: bench/engine_bench.cpp
//
// Event queue hold model: N pending events; each executed event schedules one more at a random
// future time. Measures push+pop cost at a steady queue size.
#include <benchmark/benchmark.h>

#include "sim/core/engine.hpp"

namespace servesim::core {
namespace {

struct Hold {
  Engine* engine;
  RngStream rng{1, 0, "bench/hold"};
  void on_event(std::uint64_t) {
    engine->schedule_in<&Hold::on_event>(
        Time::from_ns(1 + static_cast<std::int64_t>(rng.uniform_index(1000000))), this, 0);
  }
};

void BM_HoldModel(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  Engine engine;
  Hold hold{&engine};
  for (std::size_t i = 0; i < pending; ++i) {
    engine.schedule<&Hold::on_event>(Time::from_ns(static_cast<std::int64_t>(hold.rng.uniform_index(1000000))), &hold, 0);
  }
  std::uint64_t done = 0;
  for (auto _ : state) {
    engine.run(Time::from_ns(engine.now().ns() + 1000));
    done = engine.events_executed();
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HoldModel)->RangeMultiplier(100)->Range(100, 1000000);

// Cancellation as hedge timers and batch timeouts use it: each executed event schedules its
// successor plus a timer further out, and cancels the timer it armed the time before, so half
// of all scheduled events are cancelled and skipped on pop (lazy cancellation).
struct HoldWithTimers {
  explicit HoldWithTimers(Engine* e) : engine(e) {}
  Engine* engine;
  RngStream rng{1, 0, "bench/hold_timers"};
  EventId timer;
  void on_event(std::uint64_t) {
    if (timer.valid()) engine->cancel(timer);
    engine->schedule_in<&HoldWithTimers::on_event>(
        Time::from_ns(1 + static_cast<std::int64_t>(rng.uniform_index(1000000))), this, 0);
    timer = engine->schedule_in<&HoldWithTimers::on_timer>(Time::from_ns(2000000), this, 0);
  }
  void on_timer(std::uint64_t) { timer = EventId{}; }
};

void BM_HoldModelWithCancel(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  Engine engine;
  HoldWithTimers hold(&engine);
  for (std::size_t i = 0; i < pending; ++i) {
    engine.schedule<&HoldWithTimers::on_event>(
        Time::from_ns(static_cast<std::int64_t>(hold.rng.uniform_index(1000000))), &hold, 0);
  }
  for (auto _ : state) engine.run(Time::from_ns(engine.now().ns() + 1000));
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(engine.events_executed()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HoldModelWithCancel)->RangeMultiplier(100)->Range(100, 1000000);

}  // namespace
}  // namespace servesim::core

BENCHMARK_MAIN();
