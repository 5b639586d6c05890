// File: sim/dist/distribution_spec.cpp
//
// Factories that check parameters (the only place a DistributionSpec is validated), and the
// closed-form moments and quantiles used by tests, `servesim check` and documentation tables.
// Error messages name the parameter as the YAML key spells it and show the offending value; the
// YAML loader prefixes file:line:col and the key path.
#include "sim/dist/distribution_spec.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/dist/normal_quantile.hpp"
#include "sim/dist/quantile_detail.hpp"

namespace servesim::dist {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Shortest round-trip, locale-free (std::to_chars), so messages show exactly the value given.
std::string format_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

[[noreturn]] void fail(const std::string& message) { throw core::ConfigError(message); }

void require_finite(const char* name, double value) {
  if (!std::isfinite(value)) {
    fail(std::string(name) + " must be a finite number (got " + format_number(value) + ")");
  }
}

void require_positive(const char* name, double value) {
  require_finite(name, value);
  if (!(value > 0)) fail(std::string(name) + " must be > 0 (got " + format_number(value) + ")");
}

void require_non_negative(const char* name, double value) {
  require_finite(name, value);
  if (!(value >= 0)) fail(std::string(name) + " must be >= 0 (got " + format_number(value) + ")");
}

[[noreturn]] void unknown_family() {
  core::assertion_failed("family is a Family enumerator",
                         "DistributionSpec holds an invalid family", __FILE__, __LINE__);
}

// Moments of the distribution the empirical sampler actually draws from: X = Q(U) with Q the
// piecewise-linear type-7 quantile function, i.e. an equal-weight (1/(n-1)) mixture of uniforms
// on [x_i, x_{i+1}]. This is not the plain sample mean: the end samples get half weight (the
// trapezoid rule). For {1, 2, 100} it is 26.25, not 34.33. Utilisation and P-K style checks
// need the mean of what is drawn, so that is what mean_of reports.
std::pair<double, double> empirical_moments(const std::vector<double>& x) {
  const std::size_t segments = x.size() - 1;
  double sum = 0;
  for (std::size_t i = 0; i < segments; ++i) sum += 0.5 * (x[i] + x[i + 1]);
  const double mean = sum / static_cast<double>(segments);
  // Second moment about the mean (centred first to avoid cancellation): a uniform on [a, b]
  // has E[Y^2] = (a^2 + ab + b^2) / 3.
  double second = 0;
  double first = 0;
  for (std::size_t i = 0; i < segments; ++i) {
    const double a = x[i] - mean;
    const double b = x[i + 1] - mean;
    second += (a * a + a * b + b * b) / 3.0;
    first += 0.5 * (a + b);
  }
  second /= static_cast<double>(segments);
  first /= static_cast<double>(segments);  // ~0; removes the rounding left in `mean`
  return {mean, std::max(0.0, second - first * first)};
}

// Weibull and Pareto take the same two parameters, both > 0.
DistributionSpec shape_scale(Family family, double shape, double scale) {
  require_positive("shape", shape);
  require_positive("scale", scale);
  return {.family = family, .shape = shape, .scale = scale};
}

}  // namespace

DistributionSpec DistributionSpec::constant(double value) {
  require_non_negative("value", value);
  return {.family = Family::kConstant, .value = value};
}

DistributionSpec DistributionSpec::exponential(double mean) {
  require_positive("mean", mean);
  return {.family = Family::kExponential, .mean = mean};
}

DistributionSpec DistributionSpec::lognormal(double mu, double sigma) {
  require_finite("mu", mu);
  require_positive("sigma", sigma);
  return {.family = Family::kLognormal, .mu = mu, .sigma = sigma};
}

DistributionSpec DistributionSpec::lognormal_from_median_p99(double median, double p99) {
  require_positive("median", median);
  require_finite("p99", p99);
  if (!(p99 > median)) {
    fail("p99 must be greater than median (got median " + format_number(median) + ", p99 " +
         format_number(p99) + ")");
  }
  // log X ~ N(mu, sigma^2): the median of X is e^mu and its 0.99 quantile is e^(mu + z sigma).
  const double z99 = boost::math::quantile(boost::math::normal_distribution<double>(), 0.99);
  // ln(p99) - ln(median) as log(p99 / median): the ratio is exact to an ulp and keeps precision
  // when p99 is close to median.
  return lognormal(std::log(median), std::log(p99 / median) / z99);
}

DistributionSpec DistributionSpec::gamma(double mean, double cv) {
  require_positive("mean", mean);
  require_positive("cv", cv);
  return {.family = Family::kGamma, .mean = mean, .cv = cv};
}

DistributionSpec DistributionSpec::weibull(double shape, double scale) {
  return shape_scale(Family::kWeibull, shape, scale);
}

DistributionSpec DistributionSpec::pareto(double shape, double scale) {
  return shape_scale(Family::kPareto, shape, scale);
}

DistributionSpec DistributionSpec::shifted_exponential(double shift, double mean) {
  require_non_negative("shift", shift);
  require_positive("mean", mean);
  return {.family = Family::kShiftedExponential, .mean = mean, .shift = shift};
}

DistributionSpec DistributionSpec::uniform(double min, double max) {
  require_non_negative("min", min);
  require_finite("max", max);
  if (!(max > min)) {
    fail("max must be > min (got min " + format_number(min) + ", max " + format_number(max) + ")");
  }
  return {.family = Family::kUniform, .min = min, .max = max};
}

DistributionSpec DistributionSpec::empirical(std::vector<double> samples, std::string source_file) {
  const std::string from = source_file.empty() ? "" : " (from '" + source_file + "')";
  if (samples.size() < 2) {
    fail("empirical distribution needs at least 2 samples (got " + std::to_string(samples.size()) +
         ")" + from);
  }
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double sample = samples[i];
    if (!std::isfinite(sample) || !(sample >= 0)) {
      fail("sample " + std::to_string(i + 1) + " of " + std::to_string(samples.size()) +
           " must be a finite number >= 0 (got " + format_number(sample) + ")" + from);
    }
  }
  std::sort(samples.begin(), samples.end());
  return {.family = Family::kEmpirical,
          .samples = std::make_shared<const std::vector<double>>(std::move(samples)),
          .source_file = std::move(source_file)};
}

DistributionSpec scaled(const DistributionSpec& spec, double factor) {
  if (!(factor > 0) || !std::isfinite(factor)) fail("a time scale must be a finite number > 0");
  DistributionSpec out = spec;
  switch (spec.family) {
    case Family::kConstant: out.value *= factor; break;
    case Family::kExponential: out.mean *= factor; break;
    case Family::kLognormal: out.mu += std::log(factor); break;  // median e^mu scales
    case Family::kGamma: out.mean *= factor; break;               // cv is scale-free
    case Family::kWeibull: out.scale *= factor; break;
    case Family::kPareto: out.scale *= factor; break;
    case Family::kShiftedExponential:
      out.shift *= factor;
      out.mean *= factor;
      break;
    case Family::kUniform:
      out.min *= factor;
      out.max *= factor;
      break;
    case Family::kEmpirical: {
      std::vector<double> samples = *spec.samples;
      for (double& sample : samples) sample *= factor;  // order is kept: factor > 0
      out.samples = std::make_shared<const std::vector<double>>(std::move(samples));
      break;
    }
  }
  return out;
}

double mean_of(const DistributionSpec& spec) {
  switch (spec.family) {
    case Family::kConstant:
      return spec.value;
    case Family::kExponential:
    case Family::kGamma:
      return spec.mean;
    case Family::kLognormal:
      return std::exp(spec.mu + 0.5 * spec.sigma * spec.sigma);
    case Family::kWeibull:
      return spec.scale * std::tgamma(1.0 + 1.0 / spec.shape);
    case Family::kPareto:
      return spec.shape <= 1 ? kInfinity : spec.shape * spec.scale / (spec.shape - 1);
    case Family::kShiftedExponential:
      return spec.shift + spec.mean;
    case Family::kEmpirical:
      return empirical_moments(*spec.samples).first;
    case Family::kUniform:
      return (spec.min + spec.max) / 2;
  }
  unknown_family();
}

double variance_of(const DistributionSpec& spec) {
  switch (spec.family) {
    case Family::kConstant:
      return 0;
    case Family::kExponential:
    case Family::kShiftedExponential:
      return spec.mean * spec.mean;
    case Family::kGamma: {
      const double sd = spec.mean * spec.cv;
      return sd * sd;
    }
    case Family::kLognormal: {
      // (e^{s^2} - 1) e^{2 mu + s^2}; expm1 keeps precision for small sigma.
      const double s2 = spec.sigma * spec.sigma;
      return std::expm1(s2) * std::exp(2 * spec.mu + s2);
    }
    case Family::kWeibull: {
      // lambda^2 [G(1 + 2/k) - G(1 + 1/k)^2], written as G(1 + 2/k) [1 - ratio] with the ratio
      // from lgamma, so large shapes (tiny variance) do not cancel catastrophically and small
      // shapes overflow to +inf instead of inf - inf = NaN.
      const double g2 = std::tgamma(1.0 + 2.0 / spec.shape);
      if (!std::isfinite(g2)) return kInfinity;
      const double log_ratio =
          2 * std::lgamma(1.0 + 1.0 / spec.shape) - std::lgamma(1.0 + 2.0 / spec.shape);
      return spec.scale * spec.scale * g2 * -std::expm1(log_ratio);
    }
    case Family::kPareto: {
      if (spec.shape <= 2) return kInfinity;
      const double alpha = spec.shape;
      return spec.scale * spec.scale * alpha / ((alpha - 1) * (alpha - 1) * (alpha - 2));
    }
    case Family::kEmpirical:
      return empirical_moments(*spec.samples).second;
    case Family::kUniform:
      return (spec.max - spec.min) * (spec.max - spec.min) / 12;
  }
  unknown_family();
}

double quantile_of(const DistributionSpec& spec, double p) {
  // Straight from the textbook inverse CDFs; Sampler::quantile computes the same values from
  // precomputed constants, and the tests check the two against each other.
  switch (spec.family) {
    case Family::kConstant:
      return spec.value;
    case Family::kExponential:
      return -spec.mean * std::log1p(-p);
    case Family::kLognormal:
      return std::exp(spec.mu + spec.sigma * normal_quantile(p));
    case Family::kGamma:
      return detail::gamma_quantile(detail::gamma_shape(spec.cv),
                                    detail::gamma_scale(spec.mean, spec.cv), p);
    case Family::kWeibull:
      return spec.scale * std::pow(-std::log1p(-p), 1.0 / spec.shape);
    case Family::kPareto:
      return spec.scale * std::pow(1.0 - p, -1.0 / spec.shape);
    case Family::kShiftedExponential:
      return spec.shift - spec.mean * std::log1p(-p);
    case Family::kEmpirical:
      return detail::type7_quantile(spec.samples->data(), spec.samples->size(), p);
    case Family::kUniform:
      return spec.min + p * (spec.max - spec.min);
  }
  unknown_family();
}

std::string family_name(Family family) {
  switch (family) {
    case Family::kConstant:
      return "constant";
    case Family::kExponential:
      return "exponential";
    case Family::kLognormal:
      return "lognormal";
    case Family::kGamma:
      return "gamma";
    case Family::kWeibull:
      return "weibull";
    case Family::kPareto:
      return "pareto";
    case Family::kShiftedExponential:
      return "shifted_exponential";
    case Family::kEmpirical:
      return "empirical";
    case Family::kUniform:
      return "uniform";
  }
  unknown_family();
}

}  // namespace servesim::dist
