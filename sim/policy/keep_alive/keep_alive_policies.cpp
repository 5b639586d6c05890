// File: sim/policy/keep_alive/keep_alive_policies.cpp
#include "sim/policy/keep_alive/keep_alive_policies.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace servesim::policy {

HybridHistogramKeepAlive::HybridHistogramKeepAlive(const KeepAliveConfig& config)
    : config_(config),
      bin_ns_(core::Time::from_s(config.bin_s).ns()),
      range_ns_(core::Time::from_s(config.range_s).ns()) {
  SERVESIM_ASSERT(bin_ns_ > 0 && range_ns_ >= 2 * bin_ns_,
                  "hybrid_histogram needs at least two bins (io checks bin_s and range_s)");
  const auto bins = static_cast<std::size_t>(std::llround(config.range_s / config.bin_s));
  counts_.assign(std::max<std::size_t>(bins, 2), 0);
}

void HybridHistogramKeepAlive::on_idle_time(core::Time idle) {
  SERVESIM_DEBUG_ASSERT(idle.ns() >= 0, "negative idle time");
  dirty_ = true;
  if (idle.ns() >= range_ns_) {
    ++out_of_bounds_;
    return;
  }
  const auto bin = std::min(static_cast<std::size_t>(idle.ns() / bin_ns_), counts_.size() - 1);
  sum_squares_ += 2 * counts_[bin] + 1;  // (c + 1)^2 - c^2
  ++counts_[bin];
  ++in_bound_;
}

double HybridHistogramKeepAlive::bin_count_cv() const {
  if (in_bound_ == 0) return 0;
  const auto bins = static_cast<double>(counts_.size());
  const auto total = static_cast<double>(in_bound_);
  const double mean = total / bins;
  // sum (c - m)^2 = sum c^2 - N^2 / B
  const double squares = static_cast<double>(sum_squares_) - total * total / bins;
  return std::sqrt(std::max(0.0, squares) / (bins - 1)) / mean;
}

bool HybridHistogramKeepAlive::representative() const {
  const std::uint64_t seen = in_bound_ + out_of_bounds_;
  if (seen == 0) return false;
  if (static_cast<double>(out_of_bounds_) >= config_.oob_threshold * static_cast<double>(seen)) {
    return false;
  }
  if (in_bound_ < static_cast<std::uint64_t>(config_.min_samples)) return false;
  return bin_count_cv() >= config_.cv_threshold;
}

std::size_t HybridHistogramKeepAlive::percentile_bin(double percentile) const {
  const double wanted = percentile / 100.0 * static_cast<double>(in_bound_);
  std::uint64_t cumulative = 0;
  for (std::size_t bin = 0; bin < counts_.size(); ++bin) {
    cumulative += counts_[bin];
    if (static_cast<double>(cumulative) >= wanted) return bin;
  }
  return counts_.size() - 1;
}

KeepAliveDecision HybridHistogramKeepAlive::decide() {
  if (!dirty_) return cached_;
  dirty_ = false;
  if (!representative()) {
    cached_ = {core::Time::zero(), core::Time::from_ns(range_ns_)};
    return cached_;
  }
  const auto head = static_cast<double>(percentile_bin(config_.head_percentile));
  const auto tail = static_cast<double>(percentile_bin(config_.tail_percentile));
  const double prewarm_s = head * config_.bin_s * (1 - config_.margin);
  const double until_s = (tail + 1) * config_.bin_s * (1 + config_.margin);
  cached_ = {core::Time::from_s(prewarm_s), core::Time::from_s(until_s - prewarm_s)};
  return cached_;
}

}  // namespace servesim::policy
