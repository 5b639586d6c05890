// File: tests/dist/distribution_spec_test.cpp
//
// Factory validation (every bad parameter is a ConfigError naming the parameter and the value)
// and the closed forms mean_of / variance_of / quantile_of against values worked out by hand or
// from an independent formula (e.g. the Erlang-2 CDF for gamma with cv = 1/sqrt(2)).
#include "sim/dist/distribution_spec.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim::dist {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Expects `make` to throw a ConfigError whose message contains `expected` and carries no
// source location (the YAML loader adds that).
void expect_config_error(const std::function<DistributionSpec()>& make,
                         const std::string& expected) {
  try {
    make();
    ADD_FAILURE() << "no ConfigError; expected message containing: " << expected;
  } catch (const core::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos)
        << "message: " << error.what() << "\nexpected to contain: " << expected;
    EXPECT_TRUE(error.where().file.empty());
    EXPECT_EQ(error.where().line, 0);
  }
}

TEST(DistributionSpec, ConstantRejectsNegativeAndNonFinite) {
  expect_config_error([] { return DistributionSpec::constant(-1); }, "value must be >= 0 (got -1)");
  expect_config_error([] { return DistributionSpec::constant(kInf); },
                      "value must be a finite number (got inf)");
  expect_config_error([] { return DistributionSpec::constant(kNan); },
                      "value must be a finite number (got nan)");
  EXPECT_EQ(DistributionSpec::constant(0).value, 0.0);
}

TEST(DistributionSpec, ExponentialRejectsNonPositiveMean) {
  expect_config_error([] { return DistributionSpec::exponential(-1); },
                      "mean must be > 0 (got -1)");
  expect_config_error([] { return DistributionSpec::exponential(0); }, "mean must be > 0 (got 0)");
  expect_config_error([] { return DistributionSpec::exponential(kNan); },
                      "mean must be a finite number (got nan)");
  expect_config_error([] { return DistributionSpec::exponential(kInf); },
                      "mean must be a finite number (got inf)");
}

TEST(DistributionSpec, LognormalRejectsBadMuAndSigma) {
  expect_config_error([] { return DistributionSpec::lognormal(kNan, 1); },
                      "mu must be a finite number (got nan)");
  expect_config_error([] { return DistributionSpec::lognormal(-kInf, 1); },
                      "mu must be a finite number (got -inf)");
  expect_config_error([] { return DistributionSpec::lognormal(0, 0); },
                      "sigma must be > 0 (got 0)");
  expect_config_error([] { return DistributionSpec::lognormal(0, -0.5); },
                      "sigma must be > 0 (got -0.5)");
  EXPECT_EQ(DistributionSpec::lognormal(-3, 0.5).mu, -3.0);  // any finite mu is fine
}

TEST(DistributionSpec, LognormalFromMedianP99RejectsBadPercentiles) {
  expect_config_error([] { return DistributionSpec::lognormal_from_median_p99(3, 2); },
                      "p99 must be greater than median (got median 3, p99 2)");
  expect_config_error([] { return DistributionSpec::lognormal_from_median_p99(3, 3); },
                      "p99 must be greater than median (got median 3, p99 3)");
  expect_config_error([] { return DistributionSpec::lognormal_from_median_p99(0, 2); },
                      "median must be > 0 (got 0)");
  expect_config_error([] { return DistributionSpec::lognormal_from_median_p99(kNan, 2); },
                      "median must be a finite number (got nan)");
  expect_config_error([] { return DistributionSpec::lognormal_from_median_p99(3, kInf); },
                      "p99 must be a finite number (got inf)");
  expect_config_error([] { return DistributionSpec::lognormal_from_median_p99(3, kNan); },
                      "p99 must be a finite number (got nan)");
}

TEST(DistributionSpec, GammaRejectsNonPositiveMeanAndCv) {
  expect_config_error([] { return DistributionSpec::gamma(-1, 0.5); }, "mean must be > 0 (got -1)");
  expect_config_error([] { return DistributionSpec::gamma(1, 0); }, "cv must be > 0 (got 0)");
  expect_config_error([] { return DistributionSpec::gamma(1, kInf); },
                      "cv must be a finite number (got inf)");
}

TEST(DistributionSpec, WeibullAndParetoRejectNonPositiveShapeAndScale) {
  expect_config_error([] { return DistributionSpec::weibull(0, 1); }, "shape must be > 0 (got 0)");
  expect_config_error([] { return DistributionSpec::weibull(1.5, -2); },
                      "scale must be > 0 (got -2)");
  expect_config_error([] { return DistributionSpec::weibull(kNan, 1); },
                      "shape must be a finite number (got nan)");
  expect_config_error([] { return DistributionSpec::pareto(-1, 1); }, "shape must be > 0 (got -1)");
  expect_config_error([] { return DistributionSpec::pareto(2, 0); }, "scale must be > 0 (got 0)");
  expect_config_error([] { return DistributionSpec::pareto(2, kInf); },
                      "scale must be a finite number (got inf)");
}

TEST(DistributionSpec, ShiftedExponentialRejectsNegativeShiftAndNonPositiveMean) {
  expect_config_error([] { return DistributionSpec::shifted_exponential(-1, 1); },
                      "shift must be >= 0 (got -1)");
  expect_config_error([] { return DistributionSpec::shifted_exponential(0, 0); },
                      "mean must be > 0 (got 0)");
  expect_config_error([] { return DistributionSpec::shifted_exponential(kNan, 1); },
                      "shift must be a finite number (got nan)");
  EXPECT_EQ(DistributionSpec::shifted_exponential(0, 1).shift, 0.0);  // zero shift is allowed
}

void expect_empirical_error(std::vector<double> samples, std::string source_file,
                            const std::string& expected) {
  expect_config_error(
      [&] { return DistributionSpec::empirical(std::move(samples), std::move(source_file)); },
      expected);
}

TEST(DistributionSpec, EmpiricalRejectsTooFewAndInvalidSamples) {
  expect_empirical_error({}, "", "empirical distribution needs at least 2 samples (got 0)");
  expect_empirical_error({1.0}, "lat.csv", "needs at least 2 samples (got 1) (from 'lat.csv')");
  expect_empirical_error({1.0, -2.0, 3.0}, "",
                         "sample 2 of 3 must be a finite number >= 0 (got -2)");
  expect_empirical_error({1.0, 2.0, kNan}, "lat.csv",
                         "sample 3 of 3 must be a finite number >= 0 (got nan) (from 'lat.csv')");
  expect_empirical_error({kInf, 2.0}, "", "sample 1 of 2 must be a finite number >= 0 (got inf)");
}

TEST(DistributionSpec, EmpiricalSortsSamplesAndKeepsSource) {
  const DistributionSpec spec = DistributionSpec::empirical({5.0, 1.0, 3.0, 0.0}, "lat.csv");
  ASSERT_NE(spec.samples, nullptr);
  EXPECT_EQ(*spec.samples, (std::vector<double>{0.0, 1.0, 3.0, 5.0}));
  EXPECT_EQ(spec.source_file, "lat.csv");
  EXPECT_EQ(spec.family, Family::kEmpirical);
}

TEST(DistributionSpec, FamilyNamesMatchYamlKeys) {
  EXPECT_EQ(family_name(Family::kConstant), "constant");
  EXPECT_EQ(family_name(Family::kExponential), "exponential");
  EXPECT_EQ(family_name(Family::kLognormal), "lognormal");
  EXPECT_EQ(family_name(Family::kGamma), "gamma");
  EXPECT_EQ(family_name(Family::kWeibull), "weibull");
  EXPECT_EQ(family_name(Family::kPareto), "pareto");
  EXPECT_EQ(family_name(Family::kShiftedExponential), "shifted_exponential");
  EXPECT_EQ(family_name(Family::kEmpirical), "empirical");
}

TEST(DistributionSpec, LognormalFromMedianP99ReproducesBothPercentiles) {
  const DistributionSpec spec = DistributionSpec::lognormal_from_median_p99(3, 20);
  EXPECT_EQ(spec.family, Family::kLognormal);
  EXPECT_NEAR(spec.mu, std::log(3.0), 1e-15);
  // sigma = ln(20/3) / z_0.99 with z_0.99 = 2.3263478740408408.
  EXPECT_NEAR(spec.sigma, std::log(20.0 / 3.0) / 2.3263478740408408, 1e-15);
  EXPECT_NEAR(quantile_of(spec, 0.5), 3.0, 3.0 * 1e-9);
  EXPECT_NEAR(quantile_of(spec, 0.99), 20.0, 20.0 * 1e-9);
}

TEST(DistributionSpec, QuantilesMatchIndependentValues) {
  const double ln2 = std::numbers::ln2;
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::constant(2.5), 0.3), 2.5);
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::exponential(2), 0.5), 2 * ln2);
  // Exponential: Q(p) = -m ln(1 - p); at p = 1 - e^-3 that is 3m.
  EXPECT_NEAR(quantile_of(DistributionSpec::exponential(2), 1 - std::exp(-3.0)), 6.0, 1e-13);
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::lognormal(0, 1), 0.975),
                   std::exp(1.959963984540054));
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::lognormal(1, 2), 0.5), std::exp(1.0));
  // Weibull with k = 1 is exponential with mean lambda; with k = 2 the median is
  // lambda sqrt(ln 2).
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::weibull(1, 2), 0.5), 2 * ln2);
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::weibull(2, 3), 0.5), 3 * std::sqrt(ln2));
  // Pareto: Q(p) = x_m (1 - p)^(-1/alpha): alpha 2, x_m 1 gives Q(0.75) = 2 and Q(0.99) = 10.
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::pareto(2, 1), 0.75), 2.0);
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::pareto(2, 1), 0.99), 10.0);
  EXPECT_DOUBLE_EQ(quantile_of(DistributionSpec::shifted_exponential(1, 2), 0.5), 1 + 2 * ln2);
  // Type 7 on {1, 2, 100} (given unsorted): h = 2p; matches R quantile(type = 7) and numpy.
  const DistributionSpec empirical = DistributionSpec::empirical({100, 1, 2}, "");
  EXPECT_DOUBLE_EQ(quantile_of(empirical, 0.25), 1.5);
  EXPECT_DOUBLE_EQ(quantile_of(empirical, 0.5), 2.0);
  EXPECT_DOUBLE_EQ(quantile_of(empirical, 0.75), 51.0);
}

TEST(DistributionSpec, GammaQuantilesInvertTheErlangCdf) {
  // cv = 1 is the exponential: median = mean ln 2.
  EXPECT_NEAR(quantile_of(DistributionSpec::gamma(2, 1), 0.5), 2 * std::numbers::ln2, 1e-14);
  // cv = 1/sqrt(2) gives shape 2 (Erlang-2) with scale theta = mean/2 = 2, whose CDF has the
  // closed form F(x) = 1 - e^{-x/theta} (1 + x/theta). Boost must invert it.
  const DistributionSpec spec = DistributionSpec::gamma(4, 1 / std::sqrt(2.0));
  for (double p : {1e-6, 0.1, 0.5, 0.9, 0.99, 0.999999}) {
    const double x = quantile_of(spec, p) / 2.0;
    EXPECT_NEAR(1 - std::exp(-x) * (1 + x), p, 1e-13 * std::max(p, 1e-3)) << "p = " << p;
  }
}

TEST(DistributionSpec, MeansAndVariancesMatchHandValues) {
  EXPECT_EQ(mean_of(DistributionSpec::constant(2.5)), 2.5);
  EXPECT_EQ(variance_of(DistributionSpec::constant(2.5)), 0.0);
  EXPECT_EQ(mean_of(DistributionSpec::exponential(2)), 2.0);
  EXPECT_EQ(variance_of(DistributionSpec::exponential(2)), 4.0);
  // Lognormal(0, 1): mean e^{1/2}, variance (e - 1) e.
  EXPECT_DOUBLE_EQ(mean_of(DistributionSpec::lognormal(0, 1)), std::exp(0.5));
  EXPECT_DOUBLE_EQ(variance_of(DistributionSpec::lognormal(0, 1)),
                   (std::numbers::e - 1) * std::numbers::e);
  EXPECT_EQ(mean_of(DistributionSpec::gamma(2, 0.5)), 2.0);
  EXPECT_DOUBLE_EQ(variance_of(DistributionSpec::gamma(2, 0.5)), 1.0);
  // Weibull k = 2: mean lambda sqrt(pi)/2, variance lambda^2 (1 - pi/4).
  EXPECT_DOUBLE_EQ(mean_of(DistributionSpec::weibull(2, 3)), 3 * std::sqrt(std::numbers::pi) / 2);
  EXPECT_DOUBLE_EQ(variance_of(DistributionSpec::weibull(2, 3)), 9 * (1 - std::numbers::pi / 4));
  // Weibull k = 1 is exponential.
  EXPECT_DOUBLE_EQ(variance_of(DistributionSpec::weibull(1, 2)), 4.0);
  // Pareto alpha 3, x_m 1: mean 3/2, variance 3 / (2^2 * 1) = 3/4.
  EXPECT_DOUBLE_EQ(mean_of(DistributionSpec::pareto(3, 1)), 1.5);
  EXPECT_DOUBLE_EQ(variance_of(DistributionSpec::pareto(3, 1)), 0.75);
  EXPECT_EQ(mean_of(DistributionSpec::shifted_exponential(1, 2)), 3.0);
  EXPECT_EQ(variance_of(DistributionSpec::shifted_exponential(1, 2)), 4.0);
}

TEST(DistributionSpec, ParetoMomentsAreInfiniteWhereTheyDoNotExist) {
  EXPECT_EQ(variance_of(DistributionSpec::pareto(2, 1)), kInf);
  EXPECT_EQ(variance_of(DistributionSpec::pareto(1.5, 1)), kInf);
  EXPECT_DOUBLE_EQ(mean_of(DistributionSpec::pareto(1.5, 1)), 3.0);
  EXPECT_EQ(mean_of(DistributionSpec::pareto(1, 1)), kInf);
  EXPECT_EQ(mean_of(DistributionSpec::pareto(0.5, 1)), kInf);
}

TEST(DistributionSpec, EmpiricalMomentsAreThoseOfTheInterpolatedDistribution) {
  // The sampler draws X = Q(U) with Q piecewise linear through (0, 1), (1/2, 2), (1, 100): an
  // equal mixture of U[1, 2] and U[2, 100]. Mean = (1.5 + 51)/2 = 26.25, not the sample
  // average 34.33. E[X^2] = ((1 + 2 + 4)/3 + (4 + 200 + 10000)/3)/2 = 10211/6, so the
  // variance is 10211/6 - 26.25^2 = 1012.7708...
  const DistributionSpec spec = DistributionSpec::empirical({100, 1, 2}, "");
  EXPECT_DOUBLE_EQ(mean_of(spec), 26.25);
  EXPECT_DOUBLE_EQ(variance_of(spec), 10211.0 / 6 - 26.25 * 26.25);
  // Equal samples: a point mass.
  const DistributionSpec point = DistributionSpec::empirical({4, 4, 4}, "");
  EXPECT_EQ(mean_of(point), 4.0);
  EXPECT_EQ(variance_of(point), 0.0);
}

}  // namespace
}  // namespace servesim::dist
