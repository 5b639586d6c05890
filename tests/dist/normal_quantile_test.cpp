// File: tests/dist/normal_quantile_test.cpp
//
// Checks our AS 241 transcription against published values and against Boost.Math, from the
// extreme lower tail (1e-300) to within one ulp of 1. A wrong coefficient shows up as an error
// far above 1e-15 somewhere on the grid, so the grid is dense in every one of the three
// branches.
#include "sim/dist/normal_quantile.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <vector>

namespace servesim::dist {
namespace {

double boost_normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

// p from 1e-300 up to 1 - 2^-53 (the largest double below 1): log-spaced in both tails so each
// branch of AS 241 is sampled thousands of times, plus a linear grid over the centre.
std::vector<double> probability_grid() {
  std::vector<double> grid;
  for (int step = -30000; step <= -100; ++step) {
    const double tail = std::pow(10.0, step / 100.0);
    grid.push_back(tail);
    if (tail >= 1e-16) grid.push_back(1.0 - tail);
  }
  for (int step = 1; step < 10000; ++step) grid.push_back(step / 10000.0);
  grid.push_back(std::nextafter(1.0, 0.0));
  grid.push_back(1.0 - 1e-16);
  return grid;
}

TEST(NormalQuantile, MatchesPublishedValues) {
  // Standard table values (e.g. Abramowitz & Stegun 26.2; R qnorm to 16 digits).
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 2e-15);
  EXPECT_NEAR(normal_quantile(0.99), 2.3263478740408408, 4e-15);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-14);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 2e-15);
  EXPECT_EQ(normal_quantile(0.5), 0.0);
}

TEST(NormalQuantile, AgreesWithBoostFromDeepTailToOneUlpBelowOne) {
  // AS 241 is accurate to about 1e-16 relative; Boost's erfc_inv to a few ulp. 2e-15 (~9 ulp)
  // covers both and is still ~1e5 times tighter than the error a mistyped coefficient causes.
  double worst = 0;
  double worst_p = 0;
  for (double p : probability_grid()) {
    const double ours = normal_quantile(p);
    const double reference = boost_normal_quantile(p);
    const double error = std::fabs(ours - reference) / std::fabs(reference);
    if (error > worst) {
      worst = error;
      worst_p = p;
    }
  }
  EXPECT_LT(worst, 2e-15) << "at p = " << worst_p;
}

TEST(NormalQuantile, IsAntisymmetricAboutOneHalf) {
  // For p = k/1024 both p and 1 - p are exact, so Phi^{-1}(1 - p) = -Phi^{-1}(p) must hold to
  // rounding; the two sides take different routes (p vs 1 - p) through the same branch.
  for (int k = 1; k < 512; ++k) {
    const double p = k / 1024.0;
    EXPECT_NEAR(normal_quantile(1.0 - p), -normal_quantile(p),
                4e-16 * std::fabs(normal_quantile(p)))
        << "p = " << p;
  }
}

TEST(NormalQuantile, JoinsBranchesWithoutJumps) {
  // AS 241 switches approximation at |p - 0.5| = 0.425 and at sqrt(-log(min(p, 1-p))) = 5.
  // Walk 200 consecutive doubles across each switch: a step may go down only by rounding noise
  // (a few ulp; the formulas are faithfully, not correctly, rounded), never by a real jump.
  const double tail_split = std::exp(-25.0);
  for (double centre : {0.075, 0.925, tail_split, 1.0 - tail_split}) {
    double p = centre;
    for (int k = 0; k < 100; ++k) p = std::nextafter(p, 0.0);
    double previous = normal_quantile(p);
    for (int k = 0; k < 200; ++k) {
      p = std::nextafter(p, 1.0);
      const double z = normal_quantile(p);
      EXPECT_GE(z, previous - 4e-16 * std::fabs(previous)) << "near p = " << centre;
      previous = z;
    }
  }
}

TEST(NormalQuantile, EndpointsAndInvalidInput) {
  EXPECT_EQ(normal_quantile(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(normal_quantile(1.0), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(normal_quantile(-0.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.5)));
  EXPECT_TRUE(std::isnan(normal_quantile(std::numeric_limits<double>::quiet_NaN())));
  // Below AS 241's documented range it still returns a finite, sensible deviate.
  const double smallest = std::numeric_limits<double>::denorm_min();
  EXPECT_TRUE(std::isfinite(normal_quantile(smallest)));
  const double reference = boost_normal_quantile(smallest);
  EXPECT_NEAR(normal_quantile(smallest), reference, 1e-12 * std::fabs(reference));
}

}  // namespace
}  // namespace servesim::dist
