// File: sim/dist/quantile_detail.hpp
//
// Private to sim/dist: the two inverse CDFs that are not one-line formulas, shared by
// quantile_of() (distribution_spec.cpp) and Sampler::quantile() (sampler.cpp) so that the two
// can never disagree. Not installed for other folders; it pulls in Boost.Math, which
// servesim_dist links privately.
#pragma once

#include <algorithm>
#include <boost/math/distributions/gamma.hpp>
#include <cstddef>

namespace servesim::dist::detail {

// Compute in double, not long double: long double is 80-bit on x86-64, 128-bit software
// floating point on AArch64 and 64-bit on MSVC, so Boost's default promotion would make gamma
// draws differ between platforms (and be slow where long double is emulated in software).
// Boost still iterates to double precision, far below any statistical resolution.
using GammaPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

// Gamma by mean and coefficient of variation: shape k = 1/cv^2, scale theta = mean cv^2 (so that
// k theta = mean and sqrt(k) theta = mean cv). One definition, used by quantile_of and Sampler.
inline double gamma_shape(double cv) { return 1.0 / (cv * cv); }
inline double gamma_scale(double mean, double cv) { return mean * cv * cv; }

// REQUIRES: shape > 0, scale > 0, 0 < p < 1.
inline double gamma_quantile(double shape, double scale, double p) {
  return boost::math::quantile(boost::math::gamma_distribution<double, GammaPolicy>(shape, scale),
                               p);
}

// The "type 7" sample quantile (Hyndman & Fan 1996; R's default, numpy's "linear"): linear
// interpolation of sorted x_0..x_{n-1} at position h = (n-1)u. The result is clamped to the upper
// knot because x_i + frac*(x_{i+1} - x_i) can round one ulp above x_{i+1}, which would break
// monotonicity in u across knots.
// REQUIRES: n >= 2, x sorted ascending, 0 <= u < 1 (u == 1 is tolerated and gives x_{n-1}).
inline double type7_quantile(const double* x, std::size_t n, double u) {
  const double h = static_cast<double>(n - 1) * u;
  // h can round up to n - 1 when u is within an ulp of 1; the last segment then takes frac = 1.
  const std::size_t idx = std::min(static_cast<std::size_t>(h), n - 2);
  const double frac = h - static_cast<double>(idx);
  return std::min(x[idx] + frac * (x[idx + 1] - x[idx]), x[idx + 1]);
}

}  // namespace servesim::dist::detail
