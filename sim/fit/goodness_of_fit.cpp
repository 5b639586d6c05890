// File: sim/fit/goodness_of_fit.cpp
#include "sim/fit/goodness_of_fit.hpp"

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>
#include <numbers>

#include "sim/core/error.hpp"

namespace servesim::fit {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Gamma(k, theta) from the spec's mean and cv: k = 1/cv^2, theta = mean/k.
double gamma_shape(const dist::DistributionSpec& spec) { return 1 / (spec.cv * spec.cv); }

// Lognormal: P(X <= x) = Phi(z) = erfc(-z/sqrt 2)/2 with z = (ln x - mu)/sigma.
double lognormal_z(const dist::DistributionSpec& spec, double x) {
  return (std::log(x) - spec.mu) / spec.sigma;
}

}  // namespace

double cdf(const dist::DistributionSpec& spec, double x) {
  switch (spec.family) {
    case dist::Family::kConstant:
      return x >= spec.value ? 1 : 0;
    case dist::Family::kExponential:
      return x <= 0 ? 0 : -std::expm1(-x / spec.mean);
    case dist::Family::kLognormal:
      return x <= 0 ? 0 : 0.5 * std::erfc(-lognormal_z(spec, x) / std::numbers::sqrt2);
    case dist::Family::kGamma: {
      const double k = gamma_shape(spec);
      return x <= 0 ? 0 : boost::math::gamma_p(k, x * k / spec.mean);
    }
    case dist::Family::kWeibull:
      return x <= 0 ? 0 : -std::expm1(-std::pow(x / spec.scale, spec.shape));
    case dist::Family::kPareto:
      return x <= spec.scale ? 0 : -std::expm1(spec.shape * std::log(spec.scale / x));
    case dist::Family::kShiftedExponential:
      return x <= spec.shift ? 0 : -std::expm1(-(x - spec.shift) / spec.mean);
    case dist::Family::kUniform:
      return std::clamp((x - spec.min) / (spec.max - spec.min), 0.0, 1.0);
    case dist::Family::kEmpirical:
      break;
  }
  SERVESIM_ASSERT(false, "cdf: family without a closed-form CDF");
  return 0;
}

double ccdf(const dist::DistributionSpec& spec, double x) {
  switch (spec.family) {
    case dist::Family::kConstant:
      return x >= spec.value ? 0 : 1;
    case dist::Family::kExponential:
      return x <= 0 ? 1 : std::exp(-x / spec.mean);
    case dist::Family::kLognormal:
      return x <= 0 ? 1 : 0.5 * std::erfc(lognormal_z(spec, x) / std::numbers::sqrt2);
    case dist::Family::kGamma: {
      const double k = gamma_shape(spec);
      return x <= 0 ? 1 : boost::math::gamma_q(k, x * k / spec.mean);
    }
    case dist::Family::kWeibull:
      return x <= 0 ? 1 : std::exp(-std::pow(x / spec.scale, spec.shape));
    case dist::Family::kPareto:
      return x <= spec.scale ? 1 : std::pow(spec.scale / x, spec.shape);
    case dist::Family::kShiftedExponential:
      return x <= spec.shift ? 1 : std::exp(-(x - spec.shift) / spec.mean);
    case dist::Family::kUniform:
      return std::clamp((spec.max - x) / (spec.max - spec.min), 0.0, 1.0);
    case dist::Family::kEmpirical:
      break;
  }
  SERVESIM_ASSERT(false, "ccdf: family without a closed-form CDF");
  return 0;
}

double log_pdf(const dist::DistributionSpec& spec, double x) {
  switch (spec.family) {
    case dist::Family::kExponential:
      return x < 0 ? -kInf : -std::log(spec.mean) - x / spec.mean;
    case dist::Family::kLognormal: {
      if (x <= 0) return -kInf;
      const double z = lognormal_z(spec, x);
      return -std::log(x) - std::log(spec.sigma) - 0.5 * std::log(2 * std::numbers::pi) -
             0.5 * z * z;
    }
    case dist::Family::kGamma: {
      if (x <= 0) return -kInf;
      const double k = gamma_shape(spec);
      const double theta = spec.mean / k;
      return (k - 1) * std::log(x) - x / theta - std::lgamma(k) - k * std::log(theta);
    }
    case dist::Family::kWeibull: {
      if (x <= 0) return -kInf;
      const double r = x / spec.scale;
      return std::log(spec.shape / spec.scale) + (spec.shape - 1) * std::log(r) -
             std::pow(r, spec.shape);
    }
    case dist::Family::kPareto:
      return x < spec.scale ? -kInf
                            : std::log(spec.shape) + spec.shape * std::log(spec.scale) -
                                  (spec.shape + 1) * std::log(x);
    case dist::Family::kShiftedExponential:
      return x < spec.shift ? -kInf : -std::log(spec.mean) - (x - spec.shift) / spec.mean;
    case dist::Family::kUniform:
      return x < spec.min || x > spec.max ? -kInf : -std::log(spec.max - spec.min);
    case dist::Family::kConstant:
    case dist::Family::kEmpirical:
      break;
  }
  SERVESIM_ASSERT(false, "log_pdf: family without a density");
  return 0;
}

double ks_statistic(const dist::DistributionSpec& spec, std::span<const double> sorted) {
  SERVESIM_ASSERT(!sorted.empty(), "ks_statistic: no samples");
  const double n = static_cast<double>(sorted.size());
  double d = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double f = cdf(spec, sorted[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

double kolmogorov_survival(double lambda) {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    // P(K <= lambda) = sqrt(2 pi)/lambda sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 lambda^2)).
    // Below lambda = 0.2 the sum is below 1e-26: P(K > lambda) = 1 to double precision.
    if (lambda < 0.2) return 1;
    const double c = std::numbers::pi * std::numbers::pi / (8 * lambda * lambda);
    double sum = 0;
    for (int k = 1; k <= 20; ++k) {
      const double odd = 2.0 * k - 1;
      const double term = std::exp(-odd * odd * c);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - std::sqrt(2 * std::numbers::pi) / lambda * sum;
  }
  // P(K > lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2).
  double sum = 0;
  for (int k = 1; k <= 20; ++k) {
    const double term = std::exp(-2.0 * k * k * lambda * lambda);
    sum += (k % 2 == 1) ? term : -term;
    if (term < 1e-17 * sum) break;
  }
  return std::clamp(2 * sum, 0.0, 1.0);
}

double ks_p_value(double d, std::size_t n) {
  return kolmogorov_survival(std::sqrt(static_cast<double>(n)) * d);
}

double anderson_darling(const dist::DistributionSpec& spec, std::span<const double> sorted) {
  SERVESIM_ASSERT(!sorted.empty(), "anderson_darling: no samples");
  const std::size_t n = sorted.size();
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double log_f = std::log(cdf(spec, sorted[i]));
    const double log_s = std::log(ccdf(spec, sorted[n - 1 - i]));
    if (!std::isfinite(log_f) || !std::isfinite(log_s)) return kInf;
    sum += static_cast<double>(2 * i + 1) * (log_f + log_s);
  }
  return -static_cast<double>(n) - sum / static_cast<double>(n);
}

double log_likelihood(const dist::DistributionSpec& spec, std::span<const double> samples) {
  double sum = 0;
  for (const double x : samples) sum += log_pdf(spec, x);
  return sum;
}

GoodnessOfFit goodness_of_fit(const dist::DistributionSpec& spec, std::span<const double> sorted) {
  GoodnessOfFit out;
  out.ks_d = ks_statistic(spec, sorted);
  out.ks_p = ks_p_value(out.ks_d, sorted.size());
  out.ad_a2 = anderson_darling(spec, sorted);
  out.log_likelihood = log_likelihood(spec, sorted);
  return out;
}

}  // namespace servesim::fit
