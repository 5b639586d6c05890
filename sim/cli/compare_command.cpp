// File: sim/cli/compare_command.cpp
//
// `servesim compare BASE.csv NEW.csv --metric KEY [--tolerance P%]`: compares two sweep.csv
// files point by point and exits 3 when a point regressed beyond both the tolerance and the
// confidence interval of the difference (run/sweep_compare.hpp), so CI can gate on it. 3, not 1:
// 1 means an internal error (SPEC §2), and a gate must tell a regression from a crash.
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/run/sweep_compare.hpp"

namespace servesim::cli {

int compare_command(const CompareOptions& options) {
  if (options.higher_is_better && options.lower_is_better) {
    throw core::ConfigError("--higher-is-better and --lower-is-better exclude each other");
  }
  const double tolerance = run::parse_tolerance(options.tolerance);
  std::optional<bool> higher;
  if (options.higher_is_better) higher = true;
  if (options.lower_is_better) higher = false;
  const run::SweepTable base = run::read_sweep_table(options.base);
  const run::SweepTable candidate = run::read_sweep_table(options.candidate);
  const run::Comparison comparison =
      run::compare_sweeps(base, candidate, options.metric, tolerance, higher);
  std::cout << run::comparison_report(comparison);
  return comparison.regressions > 0 ? kExitRegression : 0;
}

}  // namespace servesim::cli
