// File: sim/fit/goodness_of_fit.hpp
//
// How well a fitted distribution describes samples: the Kolmogorov-Smirnov statistic D with its
// asymptotic p-value, the Anderson-Darling statistic A^2, and the log-likelihood. With
// parameters estimated from the same samples, D and A^2 come out smaller than for a law fixed in
// advance, so the KS p-value is conservative (too large; Lilliefors 1967) and A^2 has no simple
// critical value: `servesim fit` uses them to rank families fitted to the same samples, and the
// p-value as a screening figure, not as a test.
#pragma once

#include <span>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::fit {

// P(X <= x) and P(X > x), each computed directly (not as 1 - the other) so the tails keep their
// relative precision. REQUIRES: a family other than empirical.
double cdf(const dist::DistributionSpec& spec, double x);
double ccdf(const dist::DistributionSpec& spec, double x);
// ln of the density at x (-inf outside the support). REQUIRES: a continuous family other than
// empirical.
double log_pdf(const dist::DistributionSpec& spec, double x);

// D = sup |F_n(x) - F(x)|. REQUIRES: `sorted` ascending, non-empty.
double ks_statistic(const dist::DistributionSpec& spec, std::span<const double> sorted);
// P(K > lambda) for the Kolmogorov distribution K (the limit law of sqrt(n) D), by its two
// series: the theta-function form below lambda = 1.18, the alternating one above; |error| < 1e-15.
double kolmogorov_survival(double lambda);
// The asymptotic p-value of D for n samples: P(K > sqrt(n) D).
double ks_p_value(double d, std::size_t n);
// A^2 = -n - (1/n) sum_i (2i - 1) [ln F(x_i) + ln(1 - F(x_{n+1-i}))] (Anderson & Darling 1954;
// Stephens 1974). Weights the tails by 1/(F(1-F)), so it is far more sensitive than D to a bad
// fit of p99 and beyond. +inf when a sample lies outside the law's support.
// REQUIRES: `sorted` ascending, non-empty.
double anderson_darling(const dist::DistributionSpec& spec, std::span<const double> sorted);
double log_likelihood(const dist::DistributionSpec& spec, std::span<const double> samples);

struct GoodnessOfFit {
  double ks_d = 0;
  double ks_p = 0;
  double ad_a2 = 0;
  double log_likelihood = 0;
};

// All four at once. REQUIRES: `sorted` ascending, non-empty.
GoodnessOfFit goodness_of_fit(const dist::DistributionSpec& spec, std::span<const double> sorted);

}  // namespace servesim::fit
