// File: sim/run/stability.hpp
//
// Is a run steady, or is it overloaded (its figures then depend on the run's length and are not
// data)? Two tests, either of which flags the run:
//  1. Utilisation: some pool was busy >= kMaxUtilization of its instance-time.
//  2. Trend: requests in the system grew over the second half of the arrival period. The
//     monitor's samples there are cut into kBatches equal batches; their means get a one-sided
//     Mann-Kendall test, S = sum over pairs i < j of sign(mean_j - mean_i). S >= kMinScore has
//     probability 0.00047 for exchangeable batch means (exact null distribution for 10 batches),
//     and the rise must also be material: the last batch's mean exceeds the first's by more than
//     half of it plus one request, so a drift too small to matter is not flagged.
// Batch means over long batches are nearly independent for a stable queue (docs/scenario.md
// states the false-alarm rate measured on stable scenarios).
#pragma once

#include <string>
#include <vector>

#include "sim/run/run_monitor.hpp"

namespace servesim::run {

struct Stability {
  bool stable = true;
  std::string reason;  // "" when stable
};

inline constexpr double kMaxUtilization = 0.99;
inline constexpr int kBatches = 10;
inline constexpr int kMinScore = 35;  // of 45 pairs
inline constexpr std::size_t kMinSamplesForTrend = 40;

// `utilizations` is per pool, named by `pool_names`.
Stability judge_stability(const std::vector<MonitorSample>& samples,
                          const std::vector<double>& utilizations,
                          const std::vector<std::string>& pool_names);

}  // namespace servesim::run
