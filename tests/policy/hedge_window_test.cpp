// File: tests/policy/hedge_window_test.cpp
//
// WindowedQuantile against the exact order statistic of the same window (std::sort here, in the
// test only), within its bucket resolution.
#include "sim/policy/redundancy/hedge_window.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <vector>

#include "sim/core/rng.hpp"

namespace servesim::policy {
namespace {

double exact_quantile(const std::deque<std::int64_t>& window, double p) {
  std::vector<std::int64_t> sorted(window.begin(), window.end());
  std::sort(sorted.begin(), sorted.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]);
}

TEST(WindowedQuantile, SmallValuesAreExact) {
  WindowedQuantile window(4);
  for (std::int64_t v : {5, 1, 9, 3}) window.record(v);
  EXPECT_EQ(window.quantile_ns(0.5), 3);
  EXPECT_EQ(window.quantile_ns(1.0), 9);
  EXPECT_EQ(window.quantile_ns(0.0), 1);
  // 5 leaves, 100 enters: {1, 9, 3, 100}.
  window.record(100);
  EXPECT_EQ(window.size(), 4u);
  EXPECT_EQ(window.seen(), 5u);
  EXPECT_EQ(window.quantile_ns(0.5), 3);
  EXPECT_EQ(window.quantile_ns(0.75), 9);
  EXPECT_EQ(window.quantile_ns(1.0), 100);
}

TEST(WindowedQuantile, MatchesTheSortedWindowAsItMoves) {
  // Latency-like values (exponential, mean 2 ms, in ns) whose level jumps tenfold halfway: the
  // window must forget the first level.
  core::RngStream rng(3, 0, "test/window");
  WindowedQuantile window(500);
  std::deque<std::int64_t> reference;
  for (int i = 0; i < 4000; ++i) {
    const double scale = i < 2000 ? 2e6 : 2e7;
    const auto value = static_cast<std::int64_t>(-std::log(rng.uniform_open01()) * scale);
    window.record(value);
    reference.push_back(value);
    if (reference.size() > 500) reference.pop_front();
    if (i % 97 != 0) continue;
    for (double p : {0.5, 0.95, 0.99}) {
      const double exact = exact_quantile(reference, p);
      EXPECT_NEAR(window.quantile_ns(p), exact,
                  exact * WindowedQuantile::kMaxRelativeError + 1)
          << "i = " << i << ", p = " << p;
    }
  }
}

}  // namespace
}  // namespace servesim::policy
