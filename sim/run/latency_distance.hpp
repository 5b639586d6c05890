// File: sim/run/latency_distance.hpp
//
// Distances between a simulated latency distribution (a LatencyHistogram) and a measured
// request log (sorted latencies), for calibrating against a log rather than a few percentiles.
//  - Wasserstein-1 on log latency: the mean over u in (0, 1) of |ln Q_sim(u) - ln Q_log(u)|,
//    i.e. roughly the mean relative error over all quantiles. It moves smoothly with a
//    parameter under common random numbers, which derivative-free optimisers need.
//  - Kolmogorov-Smirnov: sup_x |F_sim(x) - F_log(x)| (unchanged by taking logs). Reported for
//    comparison; it is a step function of the parameters, a poor objective on its own.
#pragma once

#include <vector>

#include "sim/stats/latency_histogram.hpp"

namespace servesim::run {

// Quantile grid of the Wasserstein integral: midpoints (j + 0.5) / kWassersteinPoints, so
// resolution 1e-4 in u.
inline constexpr int kWassersteinPoints = 10000;

// REQUIRES: `sorted_ms` ascending, all > 0, non-empty; `simulated` non-empty.
double wasserstein_log(const stats::LatencyHistogram& simulated,
                       const std::vector<double>& sorted_ms);
double kolmogorov_smirnov(const stats::LatencyHistogram& simulated,
                          const std::vector<double>& sorted_ms);

}  // namespace servesim::run
