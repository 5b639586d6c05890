// File: tests/policy/load_index_test.cpp
//
// The balancers on a LoadIndex against the O(n) balancers they replaced (issue 16), written
// out here as the reference: under random load changes, failures, repairs and avoid lists,
// both must pick the same instance with the same draws. Plus the cases the reference never
// reached: random's fallback after kMaxTries rejections stays uniform over the available set.
#include "sim/policy/load_balancer/load_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/policy/load_balancer/load_balancer.hpp"

namespace servesim::policy {
namespace {

// The O(n) availability and balancers of commit e404d48, verbatim in behaviour.
struct Reference {
  std::vector<std::uint32_t> queue, outstanding;
  std::vector<std::uint8_t> up;
  std::uint32_t next = 0, start = 0;

  std::vector<std::uint8_t> available(std::span<const std::int32_t> avoid) const {
    std::vector<std::uint8_t> avail(up);
    if (std::find(up.begin(), up.end(), 1) == up.end()) std::fill(avail.begin(), avail.end(), 1);
    std::vector<std::uint8_t> saved = avail;
    for (std::int32_t idx : avoid) {
      if (idx >= 0) avail[static_cast<std::size_t>(idx)] = 0;
    }
    if (std::find(avail.begin(), avail.end(), 1) == avail.end()) avail = saved;
    return avail;
  }
  static std::uint32_t next_available(const std::vector<std::uint8_t>& avail, std::uint32_t from) {
    const auto n = static_cast<std::uint32_t>(avail.size());
    for (std::uint32_t step = 0; step < n; ++step) {
      if (avail[(from + step) % n]) return (from + step) % n;
    }
    return 0;
  }
  static std::uint32_t uniform(const std::vector<std::uint8_t>& avail, core::RngStream& rng) {
    for (;;) {
      const auto idx = static_cast<std::uint32_t>(rng.uniform_index(avail.size()));
      if (avail[idx]) return idx;
    }
  }
  std::uint32_t pick(const std::string& kind, std::span<const std::int32_t> avoid,
                     core::RngStream& rng) {
    const auto avail = available(avoid);
    const auto n = static_cast<std::uint32_t>(avail.size());
    if (kind == "round_robin") {
      const std::uint32_t idx = next_available(avail, next);
      next = (idx + 1) % n;
      return idx;
    }
    if (kind == "random") return uniform(avail, rng);
    if (kind == "power_of_two") {
      const std::uint32_t first = uniform(avail, rng);
      const std::uint32_t second = uniform(avail, rng);
      return outstanding[second] < outstanding[first] ? second : first;
    }
    const auto& load = kind == "shortest_queue" ? queue : outstanding;
    std::uint32_t best = next_available(avail, start);
    for (std::uint32_t step = 0; step < n; ++step) {
      const std::uint32_t idx = (start + step) % n;
      if (avail[idx] && load[idx] < load[best]) best = idx;
    }
    start = (start + 1) % n;
    return best;
  }
};

TEST(LoadIndex, BalancersPickAsTheLinearScanDid) {
  for (const auto& entry : load_balancer_registry()) {
    const std::string kind = entry.name;
    // random and power_of_two agree with the reference while rejection sampling succeeds
    // within kMaxTries draws; with at least half the pool up that fails with chance < 2^-60.
    const bool draws = kind == "random" || kind == "power_of_two";
    for (std::uint32_t n : {1u, 2u, 7u, 70u}) {
      auto balancer = make_load_balancer(kind);
      LoadIndex index(n, balancer->metric());
      Reference ref{std::vector<std::uint32_t>(n, 0), std::vector<std::uint32_t>(n, 0),
                    std::vector<std::uint8_t>(n, 1)};
      core::RngStream ops(5, n, "ops");
      core::RngStream rng_new(9, n, "lb");
      core::RngStream rng_ref(9, n, "lb");
      for (int step = 0; step < 2000; ++step) {
        const auto idx = static_cast<std::uint32_t>(ops.uniform_index(n));
        const double u = ops.uniform_open01();
        const auto up_count =
            static_cast<std::uint32_t>(std::count(ref.up.begin(), ref.up.end(), std::uint8_t{1}));
        if (u < 0.1) {
          const bool go_down = ref.up[idx] && (!draws || 2 * (up_count - 1) >= n);
          const bool up = go_down ? false : true;
          index.set_up(idx, up);
          ref.up[idx] = up ? 1 : 0;
        } else if (u < 0.15 && !draws) {
          for (std::uint32_t other = 0; other < n; ++other) {  // everything fails at once
            index.set_up(other, false);
            ref.up[other] = 0;
          }
        } else if (u < 0.5 && ref.outstanding[idx] > 0) {
          const std::int32_t started = ref.queue[idx] > 0 ? -1 : 0;
          const std::int32_t finished = started == 0 ? -1 : 0;
          index.add(idx, started, finished);
          ref.queue[idx] += static_cast<std::uint32_t>(started);
          ref.outstanding[idx] += static_cast<std::uint32_t>(finished);
        }
        // A query, with up to 3 instances to avoid (repeats and -1 allowed).
        std::vector<std::int32_t> avoid;
        const auto copies = ops.uniform_index(4);
        for (std::uint64_t copy = 0; copy < copies; ++copy) {
          avoid.push_back(static_cast<std::int32_t>(ops.uniform_index(n + 1)) - 1);
        }
        LoadView view(index, avoid);
        const std::uint32_t got = balancer->pick(view, rng_new);
        const std::uint32_t want = ref.pick(kind, avoid, rng_ref);
        ASSERT_EQ(got, want) << kind << " n=" << n << " step " << step;
        ASSERT_EQ(ref.available(avoid)[got], 1) << kind;
        index.add(got, 1, 1);
        ++ref.queue[got];
        ++ref.outstanding[got];
      }
    }
  }
}

TEST(LoadIndex, RandomFallbackIsUniformOverAvailable) {
  // 3 of 3000 up: the first kMaxTries draws all miss with chance (1 - 1/1000)^64 = 0.94, so
  // nearly every pick comes from the fallback. Each of the 3 is picked Binomial(30000, 1/3)
  // times: sd 81.6; 5 sd gives a false failure chance under 2e-6.
  LoadIndex index(3000, LoadMetric::kNone);
  for (std::uint32_t idx = 0; idx < 3000; ++idx) {
    if (idx != 10 && idx != 2000 && idx != 2999) index.set_up(idx, false);
  }
  core::RngStream rng(3, 0, "lb");
  std::vector<int> counts(3000, 0);
  const std::vector<std::int32_t> avoid{2000};
  for (int pick = 0; pick < 30000; ++pick) {
    ++counts[LoadView(index).uniform_available(rng)];
  }
  for (int idx : {10, 2000, 2999}) EXPECT_NEAR(counts[idx], 10000, 5 * 81.6);
  EXPECT_EQ(counts[10] + counts[2000] + counts[2999], 30000);
  // With 2000 avoided the other two share the picks.
  for (int pick = 0; pick < 1000; ++pick) {
    EXPECT_NE(LoadView(index, avoid).uniform_available(rng), 2000u);
  }
}

}  // namespace
}  // namespace servesim::policy
