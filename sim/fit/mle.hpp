// File: sim/fit/mle.hpp
//
// Maximum-likelihood fits of the latency families `servesim fit` tries, each returned as the
// DistributionSpec a profile writes ({dist: lognormal, mu, sigma}, {dist: gamma, mean, cv}, ...).
// Samples are in any order and unit (ms in practice); nothing here reads files or prints.
//
//   lognormal            closed form: mu = mean(ln x), sigma^2 = mean((ln x - mu)^2) (divisor n)
//   gamma                mean = sample mean; shape k solves ln k - digamma(k) = ln(mean) -
//                        mean(ln x) (Newton, Boost.Math digamma/trigamma); cv = 1/sqrt(k)
//   weibull              shape k solves sum x^k ln x / sum x^k - 1/k = mean(ln x) (safeguarded
//                        Newton inside a bracket); scale = (mean(x^k))^(1/k)
//   exponential          mean = sample mean
//   shifted_exponential  NOT the plain MLE, see fit_shifted_exponential
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::fit {

// One family's fit: the spec when it could be fitted, else the reason (e.g. a sample <= 0 for a
// family on (0, inf), or no spread in the samples).
struct MleFit {
  bool ok = false;
  dist::DistributionSpec spec;
  std::string why_not;  // when !ok
};

// The families `servesim fit` tries, in the order it prints them.
const std::vector<dist::Family>& fitted_families();

// REQUIRES: `family` is one of fitted_families(). Every fit needs at least 2 samples, all
// finite; the families on (0, inf) need every sample > 0 and at least two distinct values.
MleFit fit_family(dist::Family family, std::span<const double> samples);

MleFit fit_lognormal(std::span<const double> samples);
MleFit fit_gamma(std::span<const double> samples);
MleFit fit_weibull(std::span<const double> samples);
MleFit fit_exponential(std::span<const double> samples);
// The maximum-likelihood estimates are shift = min and mean = average - min, but both are biased
// for small n: E[min] = shift + mean/n, so the MLE shift is too high by mean/n on average, and
// E[average - min] = mean (n-1)/n. The MLE also puts the smallest sample at F = 0, where the
// Anderson-Darling statistic is infinite, which would rule the family out of the comparison.
// So this returns the unbiased (UMVU) estimates instead: mean = n/(n-1) (average - min),
// shift = min - mean/n. They differ from the MLE by O(1/n) (0.05 % of the mean at n = 2000).
MleFit fit_shifted_exponential(std::span<const double> samples);

// The gamma shape k > 0 with ln k - digamma(k) = s. REQUIRES: s > 0 (s = ln(mean) - mean(ln x)
// is > 0 by Jensen's inequality unless all samples are equal).
double gamma_shape_from_log_gap(double s);
// The Weibull MLE shape for samples > 0 with at least two distinct values.
double weibull_shape_mle(std::span<const double> samples);

}  // namespace servesim::fit
