// File: tests/policy/load_balancer_test.cpp
#include "sim/policy/load_balancer/load_balancer.hpp"

#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace servesim::policy {
namespace {

// A pool's load state written by hand: queue lengths, outstanding counts and which are up.
struct Pool {
  Pool(std::vector<std::uint32_t> queue, std::vector<std::uint32_t> outstanding,
       std::vector<std::uint8_t> up, LoadMetric metric = LoadMetric::kNone)
      : index(static_cast<std::uint32_t>(queue.size()), metric) {
    for (std::uint32_t idx = 0; idx < queue.size(); ++idx) {
      index.add(idx, static_cast<std::int32_t>(queue[idx]),
                static_cast<std::int32_t>(outstanding[idx]));
      if (!up[idx]) index.set_up(idx, false);
    }
  }
  LoadView view() { return LoadView(index); }
  LoadIndex index;
};

TEST(LoadBalancer, RoundRobinCyclesAndSkipsUnavailable) {
  auto lb = make_load_balancer("round_robin");
  Pool pool{{0, 0, 0, 0}, {0, 0, 0, 0}, {1, 0, 1, 1}};
  core::RngStream rng(1, 0, "lb");
  std::vector<std::uint32_t> picks;
  for (int i = 0; i < 6; ++i) {
    LoadView view = pool.view();
    picks.push_back(lb->pick(view, rng));
  }
  EXPECT_EQ(picks, (std::vector<std::uint32_t>{0, 2, 3, 0, 2, 3}));
}

TEST(LoadBalancer, ShortestQueuePicksFewestWaiting) {
  auto lb = make_load_balancer("shortest_queue");
  Pool pool{{3, 1, 2, 1}, {9, 9, 9, 9}, {1, 0, 1, 1}, lb->metric()};
  core::RngStream rng(1, 0, "lb");
  LoadView view = pool.view();
  EXPECT_EQ(lb->pick(view, rng), 3u);  // instance 1 is shorter but unavailable
}

TEST(LoadBalancer, LeastOutstandingPicksFewestOutstanding) {
  auto lb = make_load_balancer("least_outstanding");
  Pool pool{{0, 0, 0}, {4, 2, 3}, {1, 1, 1}, lb->metric()};
  core::RngStream rng(1, 0, "lb");
  LoadView view = pool.view();
  EXPECT_EQ(lb->pick(view, rng), 1u);
}

TEST(LoadBalancer, RandomIsUniformOverAvailable) {
  auto lb = make_load_balancer("random");
  Pool pool{{0, 0, 0, 0}, {0, 0, 0, 0}, {1, 1, 0, 1}};
  core::RngStream rng(2, 0, "lb");
  std::vector<int> counts(4, 0);
  const int n = 90000;
  for (int i = 0; i < n; ++i) {
    LoadView view = pool.view();
    ++counts[lb->pick(view, rng)];
  }
  EXPECT_EQ(counts[2], 0);
  // Binomial(n, 1/3): sd = 141; 5 sd.
  for (int idx : {0, 1, 3}) EXPECT_NEAR(counts[idx], n / 3.0, 5 * 141.4);
}

TEST(LoadBalancer, PowerOfTwoPrefersLessLoaded) {
  // Two instances, loads 0 and 5: the loaded one is chosen only when both samples hit it,
  // probability 1/4.
  auto lb = make_load_balancer("power_of_two");
  Pool pool{{0, 0}, {0, 5}, {1, 1}};
  core::RngStream rng(3, 0, "lb");
  int loaded = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    LoadView view = pool.view();
    loaded += lb->pick(view, rng) == 1 ? 1 : 0;
  }
  // Binomial(n, 0.25): sd = 137; 5 sd.
  EXPECT_NEAR(loaded, n / 4.0, 5 * 137);
}

TEST(LoadBalancer, UnknownNameListsValidOnes) {
  try {
    make_load_balancer("least_loaded");
    FAIL();
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("power_of_two"), std::string::npos);
  }
}

}  // namespace
}  // namespace servesim::policy
