// File: tests/run/cost_breakdown_test.cpp
//
// reconcile_parts: whatever the parts, their left-to-right sum becomes exactly the total, and no
// part moves by more than a few ulps of the total.
#include "sim/run/cost_breakdown.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace servesim::run {
namespace {

TEST(CostBreakdown, ReconciledPartsSumExactlyToTheTotal) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 20000; ++trial) {
    std::array<double, kCostPartNames.size()> parts{};
    for (double& part : parts) part = unit(rng) < 0.4 ? 0.0 : std::pow(10.0, -6 * unit(rng));
    // The total as another order of summation gives it (how the simulator adds pools).
    const double total = std::accumulate(parts.rbegin(), parts.rend(), 0.0);
    const auto before = parts;
    reconcile_parts(parts, total);
    EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), 0.0), total);
    for (std::size_t idx = 0; idx < parts.size(); ++idx) {
      EXPECT_LE(std::abs(parts[idx] - before[idx]),
                16 * std::numeric_limits<double>::epsilon() * total);
    }
  }
  // The case found in scenarios/parm/fig9b_cpu.yaml: the largest part alone cannot reach it.
  std::array<double, kCostPartNames.size()> parts{0.038634430167328704, 0.016058920074871297};
  reconcile_parts(parts, 0.054693350242200005);
  EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), 0.0), 0.054693350242200005);
}

}  // namespace
}  // namespace servesim::run
