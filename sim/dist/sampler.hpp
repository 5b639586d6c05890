// File: sim/dist/sampler.hpp
//
// Turns a DistributionSpec into a fast sampler. Every family draws by inverse CDF from exactly
// one uniform (core::RngStream::uniform_open01), so: (1) draws are identical on every platform
// and standard library, (2) a stream's position depends only on the number of draws, and (3) two
// samplers can be evaluated at the same uniform, which is how latency is interpolated between
// measured batch sizes (quantile interpolation).
#pragma once

#include <cmath>
#include <cstddef>

#include "sim/core/rng.hpp"
#include "sim/dist/distribution_spec.hpp"

namespace servesim::dist {

class Sampler {
 public:
  Sampler() = default;  // constant 0
  explicit Sampler(const DistributionSpec& spec);

  double sample(core::RngStream& rng) const { return quantile(rng.uniform_open01()); }
  // REQUIRES: 0 < u < 1.
  double quantile(double u) const {
    // The exponential (Poisson gaps, M/M/c service) inline: this is on the hot path.
    if (spec_.family == Family::kExponential) return a_ * std::log1p(-u);
    return quantile_any(u);
  }
  double mean() const;
  const DistributionSpec& spec() const { return spec_; }

 private:
  double quantile_any(double u) const;  // every family

  DistributionSpec spec_ = DistributionSpec::constant(0);
  // Precomputed per family to keep quantile() cheap:
  //   constant            a_ = value
  //   exponential         a_ = -mean                      a_ * log1p(-u)
  //   lognormal           a_ = mu, b_ = sigma             exp(a_ + b_ * Phi^{-1}(u))
  //   gamma               a_ = shape k, b_ = scale theta  Boost gamma quantile
  //   weibull             a_ = scale, b_ = 1/shape        a_ * (-log1p(-u))^b_
  //   pareto              a_ = scale, b_ = -1/shape       a_ * (1 - u)^b_
  //   shifted_exponential a_ = shift, b_ = -mean          a_ + b_ * log1p(-u)
  //   empirical           samples_, sample_count_         type-7 interpolation
  //   uniform             a_ = min, b_ = max - min        a_ + b_ * u
  // c_ is spare: no current family needs a third constant.
  double a_ = 0;
  double b_ = 0;
  double c_ = 0;
  // Empirical only: the sorted samples, owned by spec_.samples (shared, immutable), so copies
  // of this Sampler may keep pointing at the same array.
  const double* samples_ = nullptr;
  std::size_t sample_count_ = 0;
  double mean_ = 0;  // mean_of(spec_), cached: it is O(n) for empirical
};

}  // namespace servesim::dist
