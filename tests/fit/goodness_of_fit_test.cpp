// File: tests/fit/goodness_of_fit_test.cpp
//
// The goodness-of-fit statistics on cases with known answers: one-sample values by hand, the
// Kolmogorov distribution's published critical values, and CDFs against Boost.Math.
#include "sim/fit/goodness_of_fit.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::fit {
namespace {

TEST(KolmogorovSurvival, MatchesPublishedCriticalValues) {
  // Asymptotic critical values of sqrt(n) D (e.g. Smirnov 1948; Numerical Recipes 14.3):
  // 1.2239 (10 %), 1.3581 (5 %), 1.6276 (1 %), 1.9495 (0.1 %).
  EXPECT_NEAR(kolmogorov_survival(1.2239), 0.10, 1e-4);
  EXPECT_NEAR(kolmogorov_survival(1.3581), 0.05, 1e-4);
  EXPECT_NEAR(kolmogorov_survival(1.6276), 0.01, 1e-5);
  EXPECT_NEAR(kolmogorov_survival(1.9495), 0.001, 1e-6);
  EXPECT_EQ(kolmogorov_survival(0), 1);
  EXPECT_EQ(kolmogorov_survival(0.1), 1);
  EXPECT_LT(kolmogorov_survival(5), 1e-20);
}

TEST(KolmogorovSurvival, TheTwoSeriesAgreeWhereTheyMeet) {
  // Just below 1.18 the theta-function series is used, at and above it the alternating one.
  EXPECT_NEAR(kolmogorov_survival(std::nextafter(1.18, 0.0)), kolmogorov_survival(1.18), 1e-13);
  double previous = 1;
  for (double lambda = 0.2; lambda < 3; lambda += 0.01) {
    const double q = kolmogorov_survival(lambda);
    EXPECT_LE(q, previous) << lambda;
    previous = q;
  }
}

TEST(GoodnessOfFit, OneSampleByHand) {
  // Exponential(1) at x = ln 2 has F = 1/2: D = 1/2 and A^2 = -1 - (ln 1/2 + ln 1/2) = 2 ln 2 - 1.
  const auto law = dist::DistributionSpec::exponential(1);
  const std::vector<double> one = {std::log(2.0)};
  EXPECT_NEAR(ks_statistic(law, one), 0.5, 1e-15);
  EXPECT_NEAR(anderson_darling(law, one), 2 * std::log(2.0) - 1, 1e-15);
  EXPECT_NEAR(log_likelihood(law, one), -std::log(2.0), 1e-15);
}

TEST(GoodnessOfFit, TwoSamplesByHand) {
  // Exponential(1) at F = 1/4 and 3/4: D = max(1/4, 1/4, ...) = 1/4;
  // A^2 = -2 - (1/2)[1 (ln 1/4 + ln 1/4) + 3 (ln 3/4 + ln 3/4)] = -2 - ln(1/4) - 3 ln(3/4).
  const auto law = dist::DistributionSpec::exponential(1);
  const std::vector<double> two = {-std::log(0.75), -std::log(0.25)};
  EXPECT_NEAR(ks_statistic(law, two), 0.25, 1e-15);
  EXPECT_NEAR(anderson_darling(law, two), -2 - std::log(0.25) - 3 * std::log(0.75), 1e-14);
}

TEST(GoodnessOfFit, OutsideTheSupportIsInfinitelyBad) {
  const auto law = dist::DistributionSpec::shifted_exponential(10, 1);
  const std::vector<double> samples = {9, 11, 12};
  EXPECT_EQ(anderson_darling(law, samples), std::numeric_limits<double>::infinity());
  EXPECT_EQ(log_likelihood(law, samples), -std::numeric_limits<double>::infinity());
}

TEST(Cdf, AgreesWithBoostMath) {
  const auto ln = dist::DistributionSpec::lognormal(1.5, 0.7);
  const auto ga = dist::DistributionSpec::gamma(12, 0.35);
  const auto wb = dist::DistributionSpec::weibull(2.5, 9);
  const boost::math::lognormal_distribution<> b_ln(1.5, 0.7);
  const double k = 1 / (0.35 * 0.35);
  const boost::math::gamma_distribution<> b_ga(k, 12 / k);
  const boost::math::weibull_distribution<> b_wb(2.5, 9);
  for (const double x : {0.3, 2.0, 4.5, 9.0, 20.0, 60.0}) {
    EXPECT_NEAR(cdf(ln, x), boost::math::cdf(b_ln, x), 1e-14);
    EXPECT_NEAR(cdf(ga, x), boost::math::cdf(b_ga, x), 1e-14);
    EXPECT_NEAR(cdf(wb, x), boost::math::cdf(b_wb, x), 1e-14);
    EXPECT_NEAR(ccdf(ln, x), boost::math::cdf(boost::math::complement(b_ln, x)),
                1e-12 * boost::math::cdf(boost::math::complement(b_ln, x)) + 1e-300);
    EXPECT_NEAR(std::exp(log_pdf(ga, x)), boost::math::pdf(b_ga, x), 1e-13);
    EXPECT_NEAR(std::exp(log_pdf(wb, x)), boost::math::pdf(b_wb, x), 1e-13);
    EXPECT_NEAR(std::exp(log_pdf(ln, x)), boost::math::pdf(b_ln, x), 1e-13);
  }
}

}  // namespace
}  // namespace servesim::fit
