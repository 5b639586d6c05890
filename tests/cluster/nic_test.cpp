// File: tests/cluster/nic_test.cpp
//
// The processor-sharing NIC against hand-computed schedules (exact to the ns the event times
// are rounded up to) and against M/G/1-PS theory: with Poisson flows the mean time in system is
// E[S] / (1 - rho) whatever the size law (insensitivity; Kleinrock, Queueing Systems vol. 2,
// sec. 4.4), checked for constant and exponential sizes.
#include "sim/cluster/nic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <vector>

#include "sim/core/rng.hpp"

namespace servesim::cluster {
namespace {

struct Done final : NicListener {
  core::Engine* engine = nullptr;
  std::map<std::uint64_t, std::int64_t> at_ns;  // token -> completion time
  void on_flow_done(std::uint64_t token) override { at_ns[token] = engine->now().ns(); }
};

// 8 Gbit/s moves exactly one byte per ns: a flow's time in ns is its size in bytes.
constexpr double kGbps = 8;

struct Fixture {
  core::Engine engine;
  Done done;
  Nic nic{engine, kGbps, done};
  Fixture() { done.engine = &engine; }
  // Runs `action` at time `ns`.
  template <class F>
  void at(std::int64_t ns, F action) {
    actions.push_back(action);
    engine.schedule<&Fixture::on_action>(core::Time::from_ns(ns), this, actions.size() - 1);
  }
  void on_action(std::uint64_t idx) { actions[idx](); }
  std::vector<std::function<void()>> actions;
};

TEST(Nic, OneFlowTakesBytesOverBandwidth) {
  Fixture f;
  f.nic.start_flow(1e6, 7);
  f.engine.run();
  EXPECT_EQ(f.done.at_ns.at(7), 1'000'000);
  // 10 Gbit/s: 1e6 bytes = 8e6 bits take 800 us.
  core::Engine engine;
  Done done;
  done.engine = &engine;
  Nic ten(engine, 10, done);
  ten.start_flow(1e6, 1);
  engine.run();
  EXPECT_EQ(done.at_ns.at(1), 800'000);
}

TEST(Nic, EqualConcurrentFlowsEachTakeNTimesLonger) {
  for (int n : {2, 3, 5}) {
    Fixture f;
    for (int i = 0; i < n; ++i) f.nic.start_flow(1e6, static_cast<std::uint64_t>(i));
    f.engine.run();
    for (int i = 0; i < n; ++i) EXPECT_EQ(f.done.at_ns.at(static_cast<std::uint64_t>(i)), n * 1'000'000);
  }
}

TEST(Nic, LaterFlowSharesWhatIsLeft) {
  // A (1e6) from 0; B (1e6) from 0.5 ms. Both at half rate until A's remaining 0.5e6 is done at
  // 1.5 ms; B has then 0.5e6 left at the full rate: done at 2 ms.
  Fixture f;
  f.nic.start_flow(1e6, 1);
  f.at(500'000, [&] { f.nic.start_flow(1e6, 2); });
  f.engine.run();
  EXPECT_EQ(f.done.at_ns.at(1), 1'500'000);
  EXPECT_EQ(f.done.at_ns.at(2), 2'000'000);
}

TEST(Nic, BackgroundFlowsTakeTheirShare) {
  // One bulk flow from the start, gone at 1 ms: the flow gets half the link until then (0.5e6
  // done), then the whole of it for the other 0.5e6.
  Fixture f;
  f.nic.add_background(+1);
  f.nic.start_flow(1e6, 1);
  f.at(1'000'000, [&] { f.nic.add_background(-1); });
  f.engine.run();
  EXPECT_EQ(f.done.at_ns.at(1), 1'500'000);
  EXPECT_EQ(f.nic.background(), 0);
  EXPECT_EQ(f.nic.flows(), 0);
}

TEST(Nic, ZeroByteFlowFinishesNowAsAnEvent) {
  Fixture f;
  f.at(42, [&] { f.nic.start_flow(0, 3); });
  f.engine.run();
  EXPECT_EQ(f.done.at_ns.at(3), 42);
}

// Poisson flows at rate lambda with mean size 1e6 bytes (1 ms alone) on one link at rho = 0.5.
struct PsQueue final : NicListener {
  core::Engine engine;
  Nic nic{engine, kGbps, *this};
  core::RngStream rng{2024, 0, "test/nic"};
  bool exponential_sizes = false;
  std::uint64_t sent = 0;
  std::uint64_t total = 0;
  std::vector<std::int64_t> started_ns;
  std::vector<double> sojourn_ms;
  static constexpr double kMeanGapNs = 2e6;  // rho = 1 ms / 2 ms

  void on_arrival(std::uint64_t) {
    const double bytes = exponential_sizes ? -1e6 * std::log1p(-rng.uniform_open01()) : 1e6;
    started_ns.push_back(engine.now().ns());
    nic.start_flow(bytes, sent++);
    if (sent < total) {
      const double gap = -kMeanGapNs * std::log1p(-rng.uniform_open01());
      engine.schedule_in<&PsQueue::on_arrival>(core::Time::from_ns(std::llround(gap)), this);
    }
  }
  void on_flow_done(std::uint64_t token) override {
    sojourn_ms[token] = static_cast<double>(engine.now().ns() - started_ns[token]) / 1e6;
  }
  // Mean time in system and the half-width of its ~99.99% interval by batch means (20 batches,
  // t_19 at 0.99995 = 4.88): the test fails by chance about once in 10^4 seeds.
  std::pair<double, double> run(std::uint64_t flows) {
    total = flows;
    sojourn_ms.assign(flows, 0);
    engine.schedule<&PsQueue::on_arrival>(core::Time::zero(), this);
    engine.run();
    const std::size_t skip = flows / 20;  // warm-up: the first batch
    const std::size_t batches = 20;
    const std::size_t per = (flows - skip) / batches;
    std::vector<double> means;
    for (std::size_t b = 0; b < batches; ++b) {
      double sum = 0;
      for (std::size_t i = 0; i < per; ++i) sum += sojourn_ms[skip + b * per + i];
      means.push_back(sum / static_cast<double>(per));
    }
    double mean = 0;
    for (double m : means) mean += m;
    mean /= batches;
    double var = 0;
    for (double m : means) var += (m - mean) * (m - mean);
    var /= batches - 1;
    return {mean, 4.88 * std::sqrt(var / batches)};
  }
};

TEST(Nic, PoissonFlowsMatchMg1ProcessorSharingMean) {
  // E[T] = E[S] / (1 - rho) = 1 ms / 0.5 = 2 ms for both size laws.
  for (bool exponential : {false, true}) {
    PsQueue queue;
    queue.exponential_sizes = exponential;
    const auto [mean, half_width] = queue.run(200'000);
    std::printf("[theory] M/G/1-PS %s sizes, rho 0.5: mean %.4f +- %.4f ms, theory 2 ms\n",
                exponential ? "exponential" : "constant", mean, half_width);
    EXPECT_NEAR(mean, 2.0, half_width) << (exponential ? "exponential" : "constant") << " sizes";
    EXPECT_LT(half_width, 0.1);  // the check has teeth: a 5% error would show
  }
}

}  // namespace
}  // namespace servesim::cluster
