// File: tests/dist/uniform_test.cpp
//
// The uniform family: closed forms, the sampler's inverse CDF (one uniform per draw, pinned:
// min + u (max - min)), and its factory's errors.
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/dist/distribution_spec.hpp"
#include "sim/dist/sampler.hpp"

namespace servesim::dist {
namespace {

TEST(Uniform, ClosedForms) {
  const DistributionSpec spec = DistributionSpec::uniform(2, 6);
  EXPECT_DOUBLE_EQ(mean_of(spec), 4);
  EXPECT_DOUBLE_EQ(variance_of(spec), 16.0 / 12);
  EXPECT_DOUBLE_EQ(quantile_of(spec, 0.25), 3);
  EXPECT_EQ(family_name(spec.family), "uniform");
}

TEST(Uniform, SamplerIsTheInverseCdfOfOneUniform) {
  const DistributionSpec spec = DistributionSpec::uniform(2, 6);
  const Sampler sampler(spec);
  core::RngStream draws(5, 0, "test/uniform");
  core::RngStream same(5, 0, "test/uniform");
  for (int i = 0; i < 100; ++i) {
    const double u = same.uniform_open01();
    EXPECT_DOUBLE_EQ(sampler.sample(draws), 2 + u * 4);
  }
}

TEST(Uniform, BadBoundsAreConfigErrors) {
  EXPECT_THROW(DistributionSpec::uniform(3, 3), core::ConfigError);
  EXPECT_THROW(DistributionSpec::uniform(-1, 3), core::ConfigError);
}

}  // namespace
}  // namespace servesim::dist
