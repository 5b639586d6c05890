// File: sim/cluster/service_model.cpp
#include "sim/cluster/service_model.hpp"

#include <string>

#include "sim/core/error.hpp"

namespace servesim::cluster {

ServiceModel::ServiceModel(const ModelConfig& model, int max_batch) {
  for (const auto& [size, spec] : model.latency_by_batch) {
    sizes_.push_back(size);
    if (model.time_scale == 1) {
      samplers_.emplace_back(spec);
    } else {
      samplers_.emplace_back(dist::scaled(spec, model.time_scale));
    }
  }
  SERVESIM_ASSERT(!sizes_.empty(), "model without latency");
  if (max_batch > sizes_.back() && sizes_.size() < 2) {
    throw core::ConfigError("model '" + model.name + "' has latency for batch size " +
                            std::to_string(sizes_.back()) + " only; max_batch " +
                            std::to_string(max_batch) +
                            " needs at least two measured sizes to extrapolate");
  }
  by_batch_.resize(static_cast<std::size_t>(max_batch) + 1);
  for (int batch = 1; batch <= max_batch; ++batch) {
    // hi_idx: first measured size >= batch, or past the end.
    std::size_t hi_idx = 0;
    while (hi_idx < sizes_.size() && sizes_[hi_idx] < batch) ++hi_idx;
    Segment seg;
    if (hi_idx < sizes_.size() && sizes_[hi_idx] == batch) {
      seg.lo = &samplers_[hi_idx];
    } else if (hi_idx == 0) {
      // Below the smallest measured size: use the smallest (no extrapolation downwards).
      seg.lo = &samplers_[0];
    } else {
      if (hi_idx == sizes_.size()) hi_idx = sizes_.size() - 1;  // extrapolate above
      const std::size_t lo_idx = hi_idx - 1;
      seg.lo = &samplers_[lo_idx];
      seg.hi = &samplers_[hi_idx];
      seg.weight_hi = static_cast<double>(batch - sizes_[lo_idx]) /
                      static_cast<double>(sizes_[hi_idx] - sizes_[lo_idx]);
    }
    by_batch_[static_cast<std::size_t>(batch)] = seg;
  }
}

double ServiceModel::mean_ms(int batch) const {
  const Segment& seg = by_batch_[static_cast<std::size_t>(batch)];
  if (seg.weight_hi == 0.0) return seg.lo->mean();
  return seg.lo->mean() + seg.weight_hi * (seg.hi->mean() - seg.lo->mean());
}

}  // namespace servesim::cluster
