// File: tests/fit/mle_test.cpp
//
// Maximum-likelihood recovery: n = 2000 samples drawn (fixed seeds, dist::Sampler) from known
// lognormal, gamma, Weibull, exponential and shifted exponential laws give back the parameters
// within 4 standard errors, and the right family wins by Anderson-Darling.
//
// Standard errors are the asymptotic ones of the MLE, sqrt of the diagonal of the inverse Fisher
// information divided by n:
//   lognormal  SE(mu) = sigma/sqrt(n), SE(sigma) = sigma/sqrt(2n);
//   gamma      (shape k, scale theta): I = [[trigamma(k), 1/theta], [1/theta, k/theta^2]], so
//              Var(k) = k / (n (k trigamma(k) - 1)); the mean is the sample mean, Var = k
//              theta^2/n;
//   weibull    (shape k, scale lambda): I = [[((1-g)^2 + pi^2/6)/k^2, -(1-g)/lambda],
//              [-(1-g)/lambda, k^2/lambda^2]] with g = Euler's gamma (the expectations of
//              z (ln z)^2 and z ln z for z = (x/lambda)^k ~ Exp(1) are Gamma''(2) and Gamma'(2)),
//              so Var(k) = 6 k^2 / (pi^2 n) and Var(lambda) = lambda^2 (1 + 6 (1-g)^2/pi^2)/(k^2
//              n);
//   exponential SE(mean) = mean/sqrt(n).
// A 4-SE band is exceeded with probability 6.3e-5 per parameter under the normal approximation;
// the seeds are fixed, so a failure means the fit changed, not bad luck. The Fisher-information
// formulas are themselves checked against the observed information (numerical second
// derivatives of the log-likelihood at the fit).
#include "sim/fit/mle.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/dist/distribution_spec.hpp"
#include "sim/dist/sampler.hpp"
#include "sim/fit/goodness_of_fit.hpp"
#include "sim/fit/sample_fit.hpp"

namespace servesim::fit {
namespace {

constexpr std::size_t kN = 2000;
constexpr double kEulerGamma = 0.57721566490153286;

std::vector<double> draw(const dist::DistributionSpec& spec, const char* stream,
                         std::size_t n = kN) {
  core::RngStream rng(20261123, 0, stream);
  const dist::Sampler sampler(spec);
  std::vector<double> samples(n);
  for (double& x : samples) x = sampler.sample(rng);
  return samples;
}

std::vector<double> sorted(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples;
}

std::string best_family(const std::vector<double>& samples) {
  const SampleFit fit = fit_samples(samples);
  EXPECT_GE(fit.best, 0);
  return fit.best < 0 ? ""
                      : dist::family_name(fit.families[static_cast<std::size_t>(fit.best)].family);
}

// The observed information -d2 l / dp2 of the log-likelihood at `p`, for a two-parameter family
// built by `make(p0, p1)`, by central differences; returns the inverse's diagonal / nothing else.
template <class Make>
std::pair<double, double> observed_variances(Make make, double p0, double p1,
                                             const std::vector<double>& samples) {
  const auto ll = [&](double a, double b) { return log_likelihood(make(a, b), samples); };
  const double h0 = 1e-4 * p0;
  const double h1 = 1e-4 * p1;
  const double j00 = -(ll(p0 + h0, p1) - 2 * ll(p0, p1) + ll(p0 - h0, p1)) / (h0 * h0);
  const double j11 = -(ll(p0, p1 + h1) - 2 * ll(p0, p1) + ll(p0, p1 - h1)) / (h1 * h1);
  const double j01 =
      -(ll(p0 + h0, p1 + h1) - ll(p0 + h0, p1 - h1) - ll(p0 - h0, p1 + h1) + ll(p0 - h0, p1 - h1)) /
      (4 * h0 * h1);
  const double det = j00 * j11 - j01 * j01;
  return {j11 / det, j00 / det};
}

TEST(MleRecovery, Lognormal) {
  const double mu = 3.0;
  const double sigma = 0.4;
  const auto samples = draw(dist::DistributionSpec::lognormal(mu, sigma), "tests/fit/lognormal");
  const MleFit fit = fit_lognormal(samples);
  ASSERT_TRUE(fit.ok) << fit.why_not;
  const double n = kN;
  const double se_mu = sigma / std::sqrt(n);
  const double se_sigma = sigma / std::sqrt(2 * n);
  std::printf(
      "lognormal: mu %.5f (true %.5f, SE %.5f, %+.2f SE), sigma %.5f (true %.5f, SE %.5f, "
      "%+.2f SE)\n",
      fit.spec.mu, mu, se_mu, (fit.spec.mu - mu) / se_mu, fit.spec.sigma, sigma, se_sigma,
      (fit.spec.sigma - sigma) / se_sigma);
  EXPECT_NEAR(fit.spec.mu, mu, 4 * se_mu);
  EXPECT_NEAR(fit.spec.sigma, sigma, 4 * se_sigma);
  EXPECT_EQ(best_family(samples), "lognormal");
}

TEST(MleRecovery, Gamma) {
  const double mean = 20;
  const double cv = 0.4;
  const double k = 1 / (cv * cv);
  const double theta = mean / k;
  const auto samples = draw(dist::DistributionSpec::gamma(mean, cv), "tests/fit/gamma");
  const MleFit fit = fit_gamma(samples);
  ASSERT_TRUE(fit.ok) << fit.why_not;
  const double n = kN;
  const double k_hat = 1 / (fit.spec.cv * fit.spec.cv);
  const double se_k = std::sqrt(k / (n * (k * boost::math::trigamma(k) - 1)));
  const double se_mean = std::sqrt(k * theta * theta / n);
  std::printf(
      "gamma: shape %.4f (true %.4f, SE %.4f, %+.2f SE), mean %.4f (true %.4f, SE %.4f, "
      "%+.2f SE)\n",
      k_hat, k, se_k, (k_hat - k) / se_k, fit.spec.mean, mean, se_mean,
      (fit.spec.mean - mean) / se_mean);
  EXPECT_NEAR(k_hat, k, 4 * se_k);
  EXPECT_NEAR(fit.spec.mean, mean, 4 * se_mean);
  EXPECT_EQ(best_family(samples), "gamma");

  // The expected information above against the observed one at the fit, in (shape, scale).
  const auto [var_k, var_theta] = observed_variances(
      [](double shape, double scale) {
        return dist::DistributionSpec::gamma(shape * scale, 1 / std::sqrt(shape));
      },
      k_hat, fit.spec.mean / k_hat, samples);
  EXPECT_NEAR(std::sqrt(var_k) / se_k, 1, 0.1);
}

TEST(MleRecovery, Weibull) {
  const double shape = 2.0;
  const double scale = 20.0;
  const auto samples = draw(dist::DistributionSpec::weibull(shape, scale), "tests/fit/weibull");
  const MleFit fit = fit_weibull(samples);
  ASSERT_TRUE(fit.ok) << fit.why_not;
  const double n = kN;
  const double pi2 = std::numbers::pi * std::numbers::pi;
  const double se_shape = std::sqrt(6 * shape * shape / (pi2 * n));
  const double se_scale = std::sqrt(
      scale * scale * (1 + 6 * (1 - kEulerGamma) * (1 - kEulerGamma) / pi2) / (shape * shape * n));
  std::printf(
      "weibull: shape %.4f (true %.4f, SE %.4f, %+.2f SE), scale %.4f (true %.4f, SE "
      "%.4f, %+.2f SE)\n",
      fit.spec.shape, shape, se_shape, (fit.spec.shape - shape) / se_shape, fit.spec.scale, scale,
      se_scale, (fit.spec.scale - scale) / se_scale);
  EXPECT_NEAR(fit.spec.shape, shape, 4 * se_shape);
  EXPECT_NEAR(fit.spec.scale, scale, 4 * se_scale);
  EXPECT_EQ(best_family(samples), "weibull");

  const auto [var_shape, var_scale] = observed_variances(
      [](double k, double lambda) { return dist::DistributionSpec::weibull(k, lambda); },
      fit.spec.shape, fit.spec.scale, samples);
  EXPECT_NEAR(std::sqrt(var_shape) / se_shape, 1, 0.1);
  EXPECT_NEAR(std::sqrt(var_scale) / se_scale, 1, 0.1);
}

TEST(MleRecovery, Exponential) {
  const double mean = 7.5;
  const auto samples = draw(dist::DistributionSpec::exponential(mean), "tests/fit/exponential");
  const MleFit fit = fit_exponential(samples);
  ASSERT_TRUE(fit.ok);
  const double se = mean / std::sqrt(static_cast<double>(kN));
  std::printf("exponential: mean %.4f (true %.4f, SE %.4f, %+.2f SE)\n", fit.spec.mean, mean, se,
              (fit.spec.mean - mean) / se);
  EXPECT_NEAR(fit.spec.mean, mean, 4 * se);
}

TEST(MleRecovery, ShiftedExponential) {
  const double shift = 10;
  const double mean = 5;
  const auto samples = draw(dist::DistributionSpec::shifted_exponential(shift, mean),
                            "tests/fit/shifted_exponential");
  const MleFit fit = fit_shifted_exponential(samples);
  ASSERT_TRUE(fit.ok) << fit.why_not;
  const double n = kN;
  // min - shift ~ Exp(mean/n): the shift estimate's error is of order mean/n, not mean/sqrt(n).
  const double se_shift = mean / n;
  const double se_mean = mean / std::sqrt(n);
  std::printf(
      "shifted_exponential: shift %.5f (true %.5f, SE %.5f, %+.2f SE), mean %.4f (true "
      "%.4f, SE %.4f, %+.2f SE)\n",
      fit.spec.shift, shift, se_shift, (fit.spec.shift - shift) / se_shift, fit.spec.mean, mean,
      se_mean, (fit.spec.mean - mean) / se_mean);
  EXPECT_NEAR(fit.spec.shift, shift, 4 * se_shift);
  EXPECT_NEAR(fit.spec.mean, mean, 4 * se_mean);
  EXPECT_LT(fit.spec.shift, *std::min_element(samples.begin(), samples.end()));
  EXPECT_EQ(best_family(samples), "shifted_exponential");
}

// KS distance of the samples from the law that generated them is below the 0.999 critical value
// of the Kolmogorov distribution, 1.95/sqrt(n) (a spurious failure has probability 0.001).
TEST(MleRecovery, KsAgainstTheTrueLawIsBelowTheCriticalValue) {
  const double critical = 1.95 / std::sqrt(static_cast<double>(kN));
  const std::vector<std::pair<dist::DistributionSpec, const char*>> laws = {
      {dist::DistributionSpec::lognormal(3.0, 0.4), "tests/fit/lognormal"},
      {dist::DistributionSpec::gamma(20, 0.4), "tests/fit/gamma"},
      {dist::DistributionSpec::weibull(2.0, 20.0), "tests/fit/weibull"}};
  for (const auto& [law, stream] : laws) {
    const auto samples = sorted(draw(law, stream));
    const double d = ks_statistic(law, samples);
    std::printf("%s: KS D against the true law %.4f (critical %.4f), p %.3f\n",
                dist::family_name(law.family).c_str(), d, critical, ks_p_value(d, kN));
    EXPECT_LT(d, critical) << dist::family_name(law.family);
  }
}

TEST(MleRecovery, GoodnessOfFitRanksTheTrueFamilyFirstForEachLaw) {
  // Each law's samples: the true family has the smallest A^2 and a fitted KS p-value above 0.01.
  const std::vector<std::pair<dist::DistributionSpec, const char*>> laws = {
      {dist::DistributionSpec::lognormal(3.0, 0.4), "tests/fit/lognormal"},
      {dist::DistributionSpec::gamma(20, 0.4), "tests/fit/gamma"},
      {dist::DistributionSpec::weibull(2.0, 20.0), "tests/fit/weibull"}};
  for (const auto& [law, stream] : laws) {
    const SampleFit fit = fit_samples(draw(law, stream));
    for (const FamilyFit& row : fit.families) {
      std::printf("  %s samples, %s fit: %s KS D %.4f p %.3g AD %.3f\n",
                  dist::family_name(law.family).c_str(), dist::family_name(row.family).c_str(),
                  describe_parameters(row.spec).c_str(), row.gof.ks_d, row.gof.ks_p, row.gof.ad_a2);
    }
    ASSERT_GE(fit.best, 0);
    const FamilyFit& best = fit.families[static_cast<std::size_t>(fit.best)];
    EXPECT_EQ(best.family, law.family);
    EXPECT_GT(best.gof.ks_p, 0.01);
  }
}

TEST(GammaShape, SolvesTheLogGapEquation) {
  for (const double s : {1e-5, 1e-3, 0.05, 0.5, 2.0, 10.0}) {
    const double k = gamma_shape_from_log_gap(s);
    // ln k and digamma(k) cancel: the residual can be evaluated only to a few ulps of ln k.
    const double residual = std::log(k) - boost::math::digamma(k) - s;
    EXPECT_LE(std::fabs(residual), 1e-14 * std::max(1.0, std::log(k))) << "s=" << s << " k=" << k;
  }
}

TEST(WeibullShape, SolvesTheShapeEquation) {
  const auto samples = draw(dist::DistributionSpec::weibull(7.0, 100.0), "tests/fit/weibull7", 500);
  const double k = weibull_shape_mle(samples);
  double a = 0;
  double b = 0;
  double mean_log = 0;
  for (const double x : samples) {
    a += std::pow(x, k) * std::log(x);
    b += std::pow(x, k);
    mean_log += std::log(x);
  }
  mean_log /= static_cast<double>(samples.size());
  EXPECT_NEAR(a / b - 1 / k - mean_log, 0, 1e-10);
}

TEST(Mle, RefusesWhatCannotBeFitted) {
  const std::vector<double> equal = {5, 5, 5};
  EXPECT_FALSE(fit_lognormal(equal).ok);
  EXPECT_FALSE(fit_gamma(equal).ok);
  EXPECT_FALSE(fit_weibull(equal).ok);
  const std::vector<double> with_zero = {0, 1, 2};
  EXPECT_FALSE(fit_lognormal(with_zero).ok);
  EXPECT_NE(fit_weibull(with_zero).why_not.find("> 0"), std::string::npos);
  EXPECT_FALSE(fit_exponential(std::vector<double>{1}).ok);
}

TEST(Scaled, KeepsTheShapeAndMultipliesTheMean) {
  for (const auto& spec :
       {dist::DistributionSpec::lognormal(2, 0.3), dist::DistributionSpec::gamma(10, 0.2),
        dist::DistributionSpec::weibull(3, 12), dist::DistributionSpec::exponential(4),
        dist::DistributionSpec::shifted_exponential(8, 2)}) {
    const dist::DistributionSpec twice = scaled_to_mean(spec, 2 * dist::mean_of(spec));
    EXPECT_EQ(twice.family, spec.family);
    EXPECT_NEAR(dist::mean_of(twice), 2 * dist::mean_of(spec), 1e-9 * dist::mean_of(spec));
    EXPECT_NEAR(dist::quantile_of(twice, 0.99), 2 * dist::quantile_of(spec, 0.99),
                1e-9 * dist::quantile_of(spec, 0.99));
  }
}

}  // namespace
}  // namespace servesim::fit
