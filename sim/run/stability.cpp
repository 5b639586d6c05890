// File: sim/run/stability.cpp
#include "sim/run/stability.hpp"

#include <fmt/format.h>

namespace servesim::run {

Stability judge_stability(const std::vector<MonitorSample>& samples,
                          const std::vector<double>& utilizations,
                          const std::vector<std::string>& pool_names) {
  for (std::size_t pool = 0; pool < utilizations.size(); ++pool) {
    if (utilizations[pool] >= kMaxUtilization) {
      return {false, fmt::format("pool '{}' utilisation {:.4f} >= {}", pool_names[pool],
                                 utilizations[pool], kMaxUtilization)};
    }
  }
  const std::size_t half = samples.size() / 2;
  const std::size_t count = samples.size() - half;
  if (count < kMinSamplesForTrend / 2) return {};
  std::vector<double> means(kBatches, 0.0);
  for (int batch = 0; batch < kBatches; ++batch) {
    const std::size_t begin = half + count * static_cast<std::size_t>(batch) / kBatches;
    const std::size_t end = half + count * static_cast<std::size_t>(batch + 1) / kBatches;
    double sum = 0;
    for (std::size_t idx = begin; idx < end; ++idx) sum += static_cast<double>(samples[idx].in_system);
    means[static_cast<std::size_t>(batch)] = sum / static_cast<double>(end - begin);
  }
  int score = 0;
  for (int i = 0; i < kBatches; ++i) {
    for (int j = i + 1; j < kBatches; ++j) {
      const double diff = means[static_cast<std::size_t>(j)] - means[static_cast<std::size_t>(i)];
      score += diff > 0 ? 1 : (diff < 0 ? -1 : 0);
    }
  }
  const double first = means.front();
  const double last = means.back();
  if (score >= kMinScore && last > 1.5 * first + 1) {
    return {false, fmt::format("requests in the system grew from {:.4g} to {:.4g} over the second "
                               "half (Mann-Kendall S = {} of 45, p < 0.0005)",
                               first, last, score)};
  }
  return {};
}

}  // namespace servesim::run
