// File: sim/fit/mle.cpp
#include "sim/fit/mle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <utility>

#include "sim/core/error.hpp"

namespace servesim::fit {

namespace {

MleFit failed(std::string why) { return MleFit{false, dist::DistributionSpec{}, std::move(why)}; }

MleFit fitted(dist::DistributionSpec spec) { return MleFit{true, std::move(spec), {}}; }

// Checks shared by every family; returns the reason the samples cannot be fitted, or "".
std::string common_problem(std::span<const double> samples, bool positive) {
  if (samples.size() < 2) return "needs at least 2 samples";
  for (const double x : samples) {
    if (!std::isfinite(x)) return "a sample is not finite";
    if (positive && x <= 0) return fmt::format("needs every sample > 0 (got {})", x);
  }
  const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
  if (*lo == *hi) return "all samples are equal (no spread to fit)";
  return "";
}

double average(std::span<const double> samples) {
  double sum = 0;
  for (const double x : samples) sum += x;
  return sum / static_cast<double>(samples.size());
}

double average_log(std::span<const double> samples) {
  double sum = 0;
  for (const double x : samples) sum += std::log(x);
  return sum / static_cast<double>(samples.size());
}

// A root of f inside [a, b], where f(a) and f(b) have opposite signs: Newton steps from `x`,
// replaced by bisection whenever a step would leave the bracket (Numerical Recipes' rtsafe).
// `f` returns {f(x), f'(x)}. Converges to about 1e-14 relative.
template <class F>
double solve_bracketed(F f, double a, double b, double x) {
  double fa = f(a).first;
  if (fa > 0) std::swap(a, b);  // now f(a) < 0 < f(b)
  for (int iteration = 0; iteration < 200; ++iteration) {
    const auto [fx, dfx] = f(x);
    if (fx == 0) return x;
    (fx < 0 ? a : b) = x;
    double next = x - fx / dfx;
    const double lo = std::min(a, b);
    const double hi = std::max(a, b);
    if (!std::isfinite(next) || next <= lo || next >= hi) next = 0.5 * (lo + hi);
    if (std::fabs(next - x) <= 1e-14 * std::fabs(x) || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  return x;
}

}  // namespace

const std::vector<dist::Family>& fitted_families() {
  static const std::vector<dist::Family> kFamilies = {
      dist::Family::kLognormal, dist::Family::kGamma, dist::Family::kWeibull,
      dist::Family::kExponential, dist::Family::kShiftedExponential};
  return kFamilies;
}

MleFit fit_family(dist::Family family, std::span<const double> samples) {
  switch (family) {
    case dist::Family::kLognormal:
      return fit_lognormal(samples);
    case dist::Family::kGamma:
      return fit_gamma(samples);
    case dist::Family::kWeibull:
      return fit_weibull(samples);
    case dist::Family::kExponential:
      return fit_exponential(samples);
    case dist::Family::kShiftedExponential:
      return fit_shifted_exponential(samples);
    default:
      break;
  }
  SERVESIM_ASSERT(false, "fit_family: not a fitted family");
  return {};
}

MleFit fit_lognormal(std::span<const double> samples) {
  if (auto problem = common_problem(samples, true); !problem.empty()) return failed(problem);
  const double mu = average_log(samples);
  double sum_squares = 0;
  for (const double x : samples) {
    const double d = std::log(x) - mu;
    sum_squares += d * d;
  }
  const double sigma = std::sqrt(sum_squares / static_cast<double>(samples.size()));
  if (!(sigma > 0)) return failed("no spread in log(x)");
  return fitted(dist::DistributionSpec::lognormal(mu, sigma));
}

double gamma_shape_from_log_gap(double s) {
  SERVESIM_ASSERT(s > 0 && std::isfinite(s), "gamma shape: log gap must be > 0");
  // f(k) = ln k - digamma(k) - s falls from +inf (k -> 0) to -s (k -> inf), so the root is
  // unique. Start from Minka's approximation (Estimating a Gamma distribution, 2002, eq. 3).
  const auto f = [s](double k) {
    return std::pair{std::log(k) - boost::math::digamma(k) - s, 1 / k - boost::math::trigamma(k)};
  };
  const double k0 = (3 - s + std::sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
  double lo = k0;
  double hi = k0;
  while (f(lo).first < 0 && lo > 1e-300) lo /= 2;
  while (f(hi).first > 0 && hi < 1e300) hi *= 2;
  return solve_bracketed(f, lo, hi, k0);
}

MleFit fit_gamma(std::span<const double> samples) {
  if (auto problem = common_problem(samples, true); !problem.empty()) return failed(problem);
  const double mean = average(samples);
  const double s = std::log(mean) - average_log(samples);
  if (!(s > 0)) return failed("no spread in log(x)");
  const double shape = gamma_shape_from_log_gap(s);
  return fitted(dist::DistributionSpec::gamma(mean, 1 / std::sqrt(shape)));
}

double weibull_shape_mle(std::span<const double> samples) {
  // With y = x / max(x) the shape equation is unchanged (it is scale-free) and y^k <= 1 cannot
  // overflow: g(k) = sum y^k ln y / sum y^k - 1/k - mean(ln y), increasing from -inf (k -> 0)
  // to -mean(ln y) > 0 (k -> inf), so the root is unique.
  const double x_max = *std::max_element(samples.begin(), samples.end());
  std::vector<double> log_y;
  log_y.reserve(samples.size());
  for (const double x : samples) log_y.push_back(std::log(x / x_max));
  double mean_log_y = 0;
  for (const double l : log_y) mean_log_y += l;
  mean_log_y /= static_cast<double>(log_y.size());
  const auto g = [&](double k) {
    double b = 0;  // sum y^k
    double a = 0;  // sum y^k ln y
    double c = 0;  // sum y^k (ln y)^2
    for (const double l : log_y) {
      const double w = std::exp(k * l);
      b += w;
      a += w * l;
      c += w * l * l;
    }
    return std::pair{a / b - 1 / k - mean_log_y, (c * b - a * a) / (b * b) + 1 / (k * k)};
  };
  double lo = 1;
  double hi = 1;
  while (g(lo).first > 0 && lo > 1e-300) lo /= 2;
  while (g(hi).first < 0 && hi < 1e300) hi *= 2;
  // A moment-style start: k ~ 1.2 / sd(ln x) (the Gumbel law of ln X has sd pi/(k sqrt 6)).
  double var_log = 0;
  for (const double l : log_y) var_log += (l - mean_log_y) * (l - mean_log_y);
  var_log /= static_cast<double>(log_y.size());
  const double start = std::clamp(1.2825 / std::sqrt(var_log), lo, hi);
  return solve_bracketed(g, lo, hi, start);
}

MleFit fit_weibull(std::span<const double> samples) {
  if (auto problem = common_problem(samples, true); !problem.empty()) return failed(problem);
  const double shape = weibull_shape_mle(samples);
  const double x_max = *std::max_element(samples.begin(), samples.end());
  double mean_y_k = 0;
  for (const double x : samples) mean_y_k += std::pow(x / x_max, shape);
  mean_y_k /= static_cast<double>(samples.size());
  const double scale = x_max * std::pow(mean_y_k, 1 / shape);
  if (!(shape > 0 && std::isfinite(shape) && scale > 0 && std::isfinite(scale))) {
    return failed("the shape equation has no finite solution");
  }
  return fitted(dist::DistributionSpec::weibull(shape, scale));
}

MleFit fit_exponential(std::span<const double> samples) {
  if (auto problem = common_problem(samples, true); !problem.empty()) return failed(problem);
  return fitted(dist::DistributionSpec::exponential(average(samples)));
}

MleFit fit_shifted_exponential(std::span<const double> samples) {
  if (auto problem = common_problem(samples, false); !problem.empty()) return failed(problem);
  const double n = static_cast<double>(samples.size());
  const double x_min = *std::min_element(samples.begin(), samples.end());
  const double mean = n / (n - 1) * (average(samples) - x_min);
  const double shift = x_min - mean / n;
  if (shift < 0) {
    return failed(fmt::format("the fitted shift {:.4g} is negative (use exponential)", shift));
  }
  return fitted(dist::DistributionSpec::shifted_exponential(shift, mean));
}

}  // namespace servesim::fit
