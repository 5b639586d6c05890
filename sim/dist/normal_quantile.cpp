// File: sim/dist/normal_quantile.cpp
//
// Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal distribution.
// Applied Statistics 37(3), 477-484. Routine PPND16: three rational approximations of degree
// 7/7, one for the centre |p - 0.5| <= 0.425 in r = 0.180625 - q^2, and two for the tails in
// r = sqrt(-log(min(p, 1 - p))), split at r = 5 (p ~ 1.4e-11). Coefficients are those of the
// paper. Evaluated in Horner form with plain multiplies and adds; servesim_dist is compiled with
// -ffp-contract=off so no compiler fuses them into FMAs differently on different targets.
#include "sim/dist/normal_quantile.hpp"

#include <cmath>
#include <limits>

namespace servesim::dist {

namespace {

// Central region, |q| <= 0.425.
constexpr double kA0 = 3.3871328727963666080e+00;
constexpr double kA1 = 1.3314166789178437745e+02;
constexpr double kA2 = 1.9715909503065514427e+03;
constexpr double kA3 = 1.3731693765509461125e+04;
constexpr double kA4 = 4.5921953931549871457e+04;
constexpr double kA5 = 6.7265770927008700853e+04;
constexpr double kA6 = 3.3430575583588128105e+04;
constexpr double kA7 = 2.5090809287301226727e+03;
constexpr double kB1 = 4.2313330701600911252e+01;
constexpr double kB2 = 6.8718700749205790830e+02;
constexpr double kB3 = 5.3941960214247511077e+03;
constexpr double kB4 = 2.1213794301586595867e+04;
constexpr double kB5 = 3.9307895800092710610e+04;
constexpr double kB6 = 2.8729085735721942674e+04;
constexpr double kB7 = 5.2264952788528545610e+03;

// Near tail, r = sqrt(-log(min(p, 1-p))) <= 5.
constexpr double kC0 = 1.42343711074968357734e+00;
constexpr double kC1 = 4.63033784615654529590e+00;
constexpr double kC2 = 5.76949722146069140550e+00;
constexpr double kC3 = 3.64784832476320460504e+00;
constexpr double kC4 = 1.27045825245236838258e+00;
constexpr double kC5 = 2.41780725177450611770e-01;
constexpr double kC6 = 2.27238449892691845833e-02;
constexpr double kC7 = 7.74545014278341407640e-04;
constexpr double kD1 = 2.05319162663775882187e+00;
constexpr double kD2 = 1.67638483018380384940e+00;
constexpr double kD3 = 6.89767334985100004550e-01;
constexpr double kD4 = 1.48103976427480074590e-01;
constexpr double kD5 = 1.51986665636164571966e-02;
constexpr double kD6 = 5.47593808499534494600e-04;
constexpr double kD7 = 1.05075007164441684324e-09;

// Far tail, r > 5.
constexpr double kE0 = 6.65790464350110377720e+00;
constexpr double kE1 = 5.46378491116411436990e+00;
constexpr double kE2 = 1.78482653991729133580e+00;
constexpr double kE3 = 2.96560571828504891230e-01;
constexpr double kE4 = 2.65321895265761230930e-02;
constexpr double kE5 = 1.24266094738807843860e-03;
constexpr double kE6 = 2.71155556874348757815e-05;
constexpr double kE7 = 2.01033439929228813265e-07;
constexpr double kF1 = 5.99832206555887937690e-01;
constexpr double kF2 = 1.36929880922735805310e-01;
constexpr double kF3 = 1.48753612908506148525e-02;
constexpr double kF4 = 7.86869131145613259100e-04;
constexpr double kF5 = 1.84631831751005468180e-05;
constexpr double kF6 = 1.42151175831644588870e-07;
constexpr double kF7 = 2.04426310338993978564e-15;

constexpr double kSplitCentre = 0.425;
constexpr double kSplitTail = 5.0;
constexpr double kCentreConst = 0.180625;  // 0.425^2
constexpr double kTailConst = 1.6;

}  // namespace

double normal_quantile(double p) {
  // Written as !(p > 0) etc. so that NaN takes this branch too.
  if (!(p > 0.0 && p < 1.0)) {
    if (p == 0.0) return -std::numeric_limits<double>::infinity();
    if (p == 1.0) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double q = p - 0.5;  // exact for p >= 0.25 (Sterbenz); below, within half an ulp of q
  if (std::fabs(q) <= kSplitCentre) {
    const double r = kCentreConst - q * q;
    const double num =
        ((((((kA7 * r + kA6) * r + kA5) * r + kA4) * r + kA3) * r + kA2) * r + kA1) * r + kA0;
    const double den =
        ((((((kB7 * r + kB6) * r + kB5) * r + kB4) * r + kB3) * r + kB2) * r + kB1) * r + 1.0;
    return q * num / den;
  }
  // Work with the smaller tail area; 1 - p is exact here because p > 0.5.
  double r = std::sqrt(-std::log(q < 0.0 ? p : 1.0 - p));
  double value;
  if (r <= kSplitTail) {
    r -= kTailConst;
    const double num =
        ((((((kC7 * r + kC6) * r + kC5) * r + kC4) * r + kC3) * r + kC2) * r + kC1) * r + kC0;
    const double den =
        ((((((kD7 * r + kD6) * r + kD5) * r + kD4) * r + kD3) * r + kD2) * r + kD1) * r + 1.0;
    value = num / den;
  } else {
    r -= kSplitTail;
    const double num =
        ((((((kE7 * r + kE6) * r + kE5) * r + kE4) * r + kE3) * r + kE2) * r + kE1) * r + kE0;
    const double den =
        ((((((kF7 * r + kF6) * r + kF5) * r + kF4) * r + kF3) * r + kF2) * r + kF1) * r + 1.0;
    value = num / den;
  }
  return q < 0.0 ? -value : value;
}

}  // namespace servesim::dist
