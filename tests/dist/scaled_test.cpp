// File: tests/dist/scaled_test.cpp
//
// dist::scaled(spec, s) is the law of s X: its mean is s E[X] and each quantile s q(p), for
// every family, checked through the closed forms of distribution_spec.hpp and the sampler.
#include <gtest/gtest.h>

#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/dist/distribution_spec.hpp"
#include "sim/dist/sampler.hpp"

namespace servesim::dist {
namespace {

std::vector<DistributionSpec> every_family() {
  return {DistributionSpec::constant(2),
          DistributionSpec::exponential(1.5),
          DistributionSpec::lognormal_from_median_p99(1, 4),
          DistributionSpec::gamma(2, 0.5),
          DistributionSpec::weibull(1.5, 2),
          DistributionSpec::pareto(2.5, 1),
          DistributionSpec::shifted_exponential(0.5, 1),
          DistributionSpec::empirical({1, 2, 3, 5, 8}, "test"),
          DistributionSpec::uniform(1, 3)};
}

TEST(Scaled, MeanAndQuantilesScale) {
  for (double factor : {0.25, 3.0, 13.3}) {
    for (const DistributionSpec& spec : every_family()) {
      const DistributionSpec out = scaled(spec, factor);
      const std::string name = family_name(spec.family);
      EXPECT_EQ(out.family, spec.family) << name;
      EXPECT_NEAR(mean_of(out), factor * mean_of(spec), 1e-12 * factor * mean_of(spec)) << name;
      for (double p : {0.1, 0.5, 0.9, 0.999}) {
        const double q = quantile_of(spec, p);
        EXPECT_NEAR(quantile_of(out, p), factor * q, 1e-9 * factor * q) << name << " p " << p;
      }
    }
  }
}

TEST(Scaled, SamplerDrawsTheScaledValueAtTheSameUniform) {
  for (const DistributionSpec& spec : every_family()) {
    const Sampler plain(spec);
    const Sampler times_three(scaled(spec, 3));
    for (double u : {0.01, 0.3, 0.77, 0.9999}) {
      EXPECT_NEAR(times_three.quantile(u), 3 * plain.quantile(u), 1e-9 * 3 * plain.quantile(u))
          << family_name(spec.family) << " u " << u;
    }
  }
}

TEST(Scaled, RefusesAFactorThatIsNotPositive) {
  EXPECT_THROW(scaled(DistributionSpec::constant(1), 0), core::ConfigError);
  EXPECT_THROW(scaled(DistributionSpec::constant(1), -2), core::ConfigError);
}

}  // namespace
}  // namespace servesim::dist
