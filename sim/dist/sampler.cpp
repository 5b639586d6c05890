// File: sim/dist/sampler.cpp
//
// Inverse-CDF evaluation for every family from the constants precomputed in the constructor.
// quantile() is on the simulator's hot path (one call per service time, network delay and
// arrival gap), so it is a single switch with no allocation; only gamma pays for an iterative
// inverse (Boost), which is exact rather than fast.
#include "sim/dist/sampler.hpp"

#include <cmath>

#include "sim/core/error.hpp"
#include "sim/dist/normal_quantile.hpp"
#include "sim/dist/quantile_detail.hpp"

namespace servesim::dist {

Sampler::Sampler(const DistributionSpec& spec) : spec_(spec), mean_(mean_of(spec)) {
  switch (spec_.family) {
    case Family::kConstant:
      a_ = spec_.value;
      break;
    case Family::kExponential:
      a_ = -spec_.mean;
      break;
    case Family::kLognormal:
      a_ = spec_.mu;
      b_ = spec_.sigma;
      break;
    case Family::kGamma:
      a_ = detail::gamma_shape(spec_.cv);
      b_ = detail::gamma_scale(spec_.mean, spec_.cv);
      break;
    case Family::kWeibull:
      a_ = spec_.scale;
      b_ = 1.0 / spec_.shape;
      break;
    case Family::kPareto:
      a_ = spec_.scale;
      b_ = -1.0 / spec_.shape;
      break;
    case Family::kShiftedExponential:
      a_ = spec_.shift;
      b_ = -spec_.mean;
      break;
    case Family::kEmpirical:
      // A spec built by hand rather than by DistributionSpec::empirical would crash here later;
      // that is a simulator bug, not a user error.
      SERVESIM_ASSERT(spec_.samples != nullptr && spec_.samples->size() >= 2,
                      "empirical spec must come from DistributionSpec::empirical");
      samples_ = spec_.samples->data();
      sample_count_ = spec_.samples->size();
      break;
    case Family::kUniform:
      a_ = spec_.min;
      b_ = spec_.max - spec_.min;
      break;
  }
}

double Sampler::quantile_any(double u) const {
  switch (spec_.family) {
    case Family::kConstant:
      return a_;
    case Family::kExponential:
      // log1p(-u) rather than log(1 - u): exact for small u, where 1 - u would round.
      return a_ * std::log1p(-u);
    case Family::kLognormal:
      return std::exp(a_ + b_ * normal_quantile(u));
    case Family::kGamma:
      return detail::gamma_quantile(a_, b_, u);
    case Family::kWeibull:
      return a_ * std::pow(-std::log1p(-u), b_);
    case Family::kPareto:
      // 1 - u is exact for u >= 1/2 (Sterbenz), which is the tail that matters; for small u its
      // half-ulp rounding moves the result by about 1e-16/shape relative.
      return a_ * std::pow(1.0 - u, b_);
    case Family::kShiftedExponential:
      return a_ + b_ * std::log1p(-u);
    case Family::kEmpirical:
      return detail::type7_quantile(samples_, sample_count_, u);
    case Family::kUniform:
      return a_ + b_ * u;
  }
  return a_;  // unreachable: the constructor accepted only valid families
}

double Sampler::mean() const { return mean_; }

}  // namespace servesim::dist
