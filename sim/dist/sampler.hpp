// File: sim/dist/sampler.hpp
//
// Turns a DistributionSpec into a fast sampler. Every family draws by inverse CDF from exactly
// one uniform (core::RngStream::uniform_open01), so: (1) draws are identical on every platform
// and standard library, (2) a stream's position depends only on the number of draws, and (3) two
// samplers can be evaluated at the same uniform, which is how latency is interpolated between
// measured batch sizes (quantile interpolation).
#pragma once

#include "sim/core/rng.hpp"
#include "sim/dist/distribution_spec.hpp"

namespace servesim::dist {

class Sampler {
 public:
  Sampler() = default;  // constant 0
  explicit Sampler(const DistributionSpec& spec);

  double sample(core::RngStream& rng) const { return quantile(rng.uniform_open01()); }
  // REQUIRES: 0 < u < 1.
  double quantile(double u) const;
  double mean() const;
  const DistributionSpec& spec() const { return spec_; }

 private:
  DistributionSpec spec_ = DistributionSpec::constant(0);
  // Precomputed per family to keep quantile() cheap.
  double a_ = 0;
  double b_ = 0;
  double c_ = 0;
};

}  // namespace servesim::dist
