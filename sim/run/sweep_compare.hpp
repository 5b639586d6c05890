// File: sim/run/sweep_compare.hpp
//
// `servesim compare BASE.csv NEW.csv --metric KEY`: two sweep.csv files, point by point (points
// matched by their swept values), as a CI gate. A point regressed when its figure got worse by
// more than the tolerance AND by more than the 95% confidence half-width of the difference:
//   worse > tolerance x |base mean|   and   worse > ci95(new - base)
// ci95(new - base):
//  - paired, when both files have the same replications (>= 2) of the point: the Student-t
//    half-width of the per-replication differences new_r - base_r. With the sweep's default
//    common random numbers an unchanged rerun differs by exactly 0, and a real change stands out
//    far more sharply than against independent intervals.
//  - otherwise sqrt(ci_base^2 + ci_new^2) from the files' ci95 rows (0 for a single replication,
//    so only the tolerance applies).
// "Worse" is "higher" unless the metric's declaration says higher is better (metrics.hpp:
// accuracy, slo.attainment, served.primary, stable, ...); overridable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/run/sweep_table.hpp"

namespace servesim::run {

enum class Verdict { kUnchanged, kRegressed, kImproved, kNoValue, kOnlyInBase, kOnlyInNew };

const char* verdict_name(Verdict verdict);

struct PointComparison {
  std::vector<std::string> values;  // swept values, in the base file's key order
  std::optional<double> base_mean, base_ci95, new_mean, new_ci95;
  double difference = 0;       // new - base
  double difference_ci95 = 0;  // half-width used for the verdict
  bool paired = false;
  Verdict verdict = Verdict::kUnchanged;
};

struct Comparison {
  std::string metric;
  std::vector<std::string> keys;  // swept keys
  bool higher_is_better = false;
  double tolerance = 0;  // fraction of |base mean| (0.05 = 5%)
  std::vector<PointComparison> points;
  int regressions = 0;
  int improvements = 0;
};

// The default direction of `metric`.
bool higher_is_better_by_default(const std::string& metric);

// Parses a tolerance written "5%" or "5" (both: five percent) into a fraction (0.05). Throws
// core::ConfigError for anything else or a negative value.
double parse_tolerance(const std::string& text);

// Compares. Throws core::ConfigError when `metric` is not a declared figure or is text (with a
// did-you-mean), the files do not have the same swept keys, either lacks `metric`, or no point
// is in both.
Comparison compare_sweeps(const SweepTable& base, const SweepTable& candidate,
                          const std::string& metric, double tolerance,
                          std::optional<bool> higher_is_better = std::nullopt);

// The table `servesim compare` prints: one line per point, then a verdict line.
std::string comparison_report(const Comparison& comparison);

}  // namespace servesim::run
