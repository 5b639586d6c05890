// File: tests/cluster/service_model_test.cpp
#include "sim/cluster/service_model.hpp"

#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace servesim::cluster {
namespace {

ModelConfig two_sizes() {
  ModelConfig model;
  model.name = "m";
  model.latency_by_batch[1] = dist::DistributionSpec::constant(2);
  model.latency_by_batch[4] = dist::DistributionSpec::constant(5);
  return model;
}

TEST(ServiceModel, MeasuredSizesAreUsedAsIs) {
  ServiceModel service(two_sizes(), 4);
  core::RngStream rng(1, 0, "t");
  EXPECT_DOUBLE_EQ(service.sample_ms(1, rng), 2);
  EXPECT_DOUBLE_EQ(service.sample_ms(4, rng), 5);
}

TEST(ServiceModel, InterpolatesLinearlyBetweenMeasuredSizes) {
  ServiceModel service(two_sizes(), 4);
  core::RngStream rng(1, 0, "t");
  EXPECT_DOUBLE_EQ(service.sample_ms(2, rng), 3);
  EXPECT_DOUBLE_EQ(service.sample_ms(3, rng), 4);
}

TEST(ServiceModel, ExtrapolatesAboveLargestMeasuredSize) {
  ServiceModel service(two_sizes(), 8);
  core::RngStream rng(1, 0, "t");
  EXPECT_DOUBLE_EQ(service.sample_ms(8, rng), 9);  // 2 + (8 - 1) * 1 ms per query
  EXPECT_DOUBLE_EQ(service.mean_ms(8), 9);
}

TEST(ServiceModel, QuantileInterpolationKeepsDistributionShape) {
  // Exponential means 2 (b=1) and 6 (b=3): at b=2 each draw is the average of the two
  // u-quantiles, i.e. an exponential with mean 4.
  ModelConfig model;
  model.name = "m";
  model.latency_by_batch[1] = dist::DistributionSpec::exponential(2);
  model.latency_by_batch[3] = dist::DistributionSpec::exponential(6);
  ServiceModel service(model, 3);
  core::RngStream rng(9, 0, "t");
  const int n = 400000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += service.sample_ms(2, rng);
  // sd of the mean = 4 / sqrt(n) = 0.0063; 5 sd.
  EXPECT_NEAR(sum / n, 4.0, 5 * 4.0 / std::sqrt(n));
  EXPECT_DOUBLE_EQ(service.mean_ms(2), 4.0);
}

TEST(ServiceModel, SingleSizeCannotExtrapolate) {
  ModelConfig model;
  model.name = "resnet";
  model.latency_by_batch[1] = dist::DistributionSpec::constant(2);
  try {
    ServiceModel service(model, 8);
    FAIL() << "expected ConfigError";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("max_batch 8"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace servesim::cluster
