// File: sim/run/latency_distance.cpp
#include "sim/run/latency_distance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/core/error.hpp"

namespace servesim::run {

namespace {

constexpr double kNsPerMs = 1e6;

// The empirical quantile of the log: the smallest sample with at least u of the mass at or
// below it (the same rank rule as LatencyHistogram::quantile_ns).
double log_quantile(const std::vector<double>& sorted_ms, double u) {
  const auto n = static_cast<double>(sorted_ms.size());
  auto rank = static_cast<std::size_t>(std::ceil(u * n));
  rank = std::clamp<std::size_t>(rank, 1, sorted_ms.size());
  return sorted_ms[rank - 1];
}

}  // namespace

double wasserstein_log(const stats::LatencyHistogram& simulated,
                       const std::vector<double>& sorted_ms) {
  SERVESIM_ASSERT(!sorted_ms.empty() && simulated.count() > 0, "distance of an empty sample");
  double sum = 0;
  for (int j = 0; j < kWassersteinPoints; ++j) {
    const double u = (j + 0.5) / kWassersteinPoints;
    // A simulated latency of 0 (no delay anywhere) is floored at 1 ns so its log is finite.
    const double sim_ms = std::max(simulated.quantile_ns(u), 1.0) / kNsPerMs;
    sum += std::abs(std::log(sim_ms) - std::log(log_quantile(sorted_ms, u)));
  }
  return sum / kWassersteinPoints;
}

double kolmogorov_smirnov(const stats::LatencyHistogram& simulated,
                          const std::vector<double>& sorted_ms) {
  SERVESIM_ASSERT(!sorted_ms.empty() && simulated.count() > 0, "distance of an empty sample");
  const auto n = static_cast<double>(sorted_ms.size());
  double worst = 0;
  for (std::size_t i = 0; i < sorted_ms.size(); ++i) {
    // Only the last of equal samples is a step of F_log.
    if (i + 1 < sorted_ms.size() && sorted_ms[i + 1] == sorted_ms[i]) continue;
    const auto at_ns = static_cast<std::int64_t>(std::llround(sorted_ms[i] * kNsPerMs));
    const double f_sim = simulated.cdf(at_ns);
    const double below =
        static_cast<double>(std::lower_bound(sorted_ms.begin(), sorted_ms.end(), sorted_ms[i]) -
                            sorted_ms.begin()) /
        n;
    const double at = static_cast<double>(i + 1) / n;
    worst = std::max({worst, std::abs(f_sim - at), std::abs(f_sim - below)});
  }
  return worst;
}

}  // namespace servesim::run
