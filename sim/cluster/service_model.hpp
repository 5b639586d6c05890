// File: sim/cluster/service_model.hpp
//
// Service time of a batch, from a model's per-batch-size latency distributions. A batch size
// that was not measured is served by quantile interpolation: one uniform u is drawn and the
// result is the linear interpolation in batch size of the two neighbouring distributions'
// u-quantiles, so the law moves smoothly between measured sizes. Above the largest measured size
// the line through the two largest is extrapolated (clamped at 0).
#pragma once

#include <vector>

#include "sim/cluster/model_config.hpp"
#include "sim/core/rng.hpp"
#include "sim/dist/sampler.hpp"

namespace servesim::cluster {

class ServiceModel {
 public:
  // Throws core::ConfigError when max_batch needs extrapolation from a single measured size.
  ServiceModel(const ModelConfig& model, int max_batch);
  // Segments point into samplers_: moving keeps the vector's buffer, copying would not.
  ServiceModel(const ServiceModel&) = delete;
  ServiceModel& operator=(const ServiceModel&) = delete;
  ServiceModel(ServiceModel&&) = default;

  // Milliseconds. REQUIRES: 1 <= batch <= max_batch given at construction.
  double sample_ms(int batch, core::RngStream& rng) const {
    const double u = rng.uniform_open01();
    const Segment& seg = by_batch_[static_cast<std::size_t>(batch)];
    if (seg.weight_hi == 0.0) return seg.lo->quantile(u);
    const double lo = seg.lo->quantile(u);
    const double hi = seg.hi->quantile(u);
    const double value = lo + seg.weight_hi * (hi - lo);
    return value > 0 ? value : 0;
  }
  double mean_ms(int batch) const;

 private:
  struct Segment {
    const dist::Sampler* lo = nullptr;
    const dist::Sampler* hi = nullptr;
    double weight_hi = 0;  // 0: exactly `lo`
  };
  std::vector<int> sizes_;
  std::vector<dist::Sampler> samplers_;
  std::vector<Segment> by_batch_;  // index = batch size
};

}  // namespace servesim::cluster
