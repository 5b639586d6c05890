// File: sim/io/calibrate_loader.hpp
//
// The calibration file (`servesim calibrate CALIB.yaml`) -> CalibrateSpec: which base scenario,
// which of its keys are free (with bounds and scale), what was observed (targets, holdouts, a
// measured request log), how many replications and which optimiser. Only the file's own shape
// is checked here (keys, types, bounds in order, CSV cells); whether the free keys and the
// targets' overrides make valid scenarios, and whether a metric exists, is checked by
// run/calibrate_problem.cpp, which loads every point through the scenario loader and reports
// errors at the position in this file. docs/calibrate.md documents the format:
//
//   name:        calibration name (default: the file's name without .yaml)
//   base:        the base scenario (path; resolved like a sweep's base)
//   free:        {dotted.key: {min, max, scale: linear|log, start}, ...}
//   targets:     list of {set: {dotted.key: value, ...}, metric, observed, sigma | weight}
//                or {file: targets.csv} (columns metric, observed, optional sigma, weight;
//                every other column a dotted key whose cell overrides it, empty = not set)
//   holdout:     the same shape; reported in fit.csv, never fitted
//   request_log: list of {file, column, set, distance: wasserstein_log|ks, weight, holdout}
//   replications: replications per point (default: the base's run.replications)
//   optimizer:   {algorithm: bobyqa|neldermead|sbplx, max_evaluations, xtol, restarts}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/samples_table.hpp"
#include "sim/io/scenario_loader.hpp"

namespace servesim::io {

enum class FreeScale { kLinear, kLog };

// One free parameter: a dotted scenario key the optimiser moves within [min, max].
struct FreeKey {
  std::string key;
  double min = 0;
  double max = 0;
  FreeScale scale = FreeScale::kLinear;
  std::optional<double> start;  // nullopt: the middle of the range (geometric with log)
  core::SourceLocation where;   // the key in the calibration file
  core::SourceLocation min_where;
  core::SourceLocation max_where;
};

// A `--set` of a target row, with where it was written (file:line:col of the value).
struct PlacedOverride {
  Override override;
  core::SourceLocation where;
};

// One observed figure: at the scenario `overrides` describe, summary figure `metric` was
// `observed`. Residual: (simulated - observed) / sigma when sigma is given, else
// sqrt(weight) x (simulated - observed) / |observed| (a relative error).
struct TargetRow {
  std::vector<PlacedOverride> overrides;
  std::string metric;  // a summary.json figure by dotted key, e.g. latency_ms.p99
  double observed = 0;
  std::optional<double> sigma;  // absolute uncertainty, same unit as the metric
  double weight = 1;
  bool holdout = false;
  core::SourceLocation where;         // the row
  core::SourceLocation metric_where;  // the metric's cell or value
};

enum class LogDistance { kWassersteinLog, kKolmogorovSmirnov };

// A measured request log matched as a distribution: the simulated latencies at `overrides`
// against the log's. Residual: sqrt(weight) x distance.
struct RequestLogTarget {
  std::string file;  // as found (usable from the current directory)
  std::string column = std::string(kSamplesLatencyColumn.name);
  std::vector<PlacedOverride> overrides;
  LogDistance distance = LogDistance::kWassersteinLog;
  double weight = 1;
  bool holdout = false;
  std::vector<double> latencies_ms;  // the log's latencies, sorted ascending
  core::SourceLocation where;
};

enum class Algorithm { kBobyqa, kNelderMead, kSbplx };

struct OptimizerSpec {
  Algorithm algorithm = Algorithm::kBobyqa;  // default: bobyqa, or sbplx with one free key
  int max_evaluations = 100;
  // Stop when a step changes every free value by less than this fraction of its range.
  double xtol = 1e-3;
  // Runs of the algorithm after the first, each from the best point so far (0 = none).
  int restarts = 0;
};

struct CalibrateSpec {
  std::string file;
  std::string name;
  std::string base;  // as found
  core::SourceLocation base_where;
  std::vector<FreeKey> free;
  std::vector<TargetRow> targets;  // fitted and holdout rows, in file order (fitted first)
  std::vector<RequestLogTarget> request_logs;
  std::optional<int> replications;  // nullopt: the base's run.replications
  core::SourceLocation replications_where;
  OptimizerSpec optimizer;
  // Set from the command line (`--requests N` -> run.requests=N): applied to every point
  // before the free values and the targets' overrides, and kept in scenario.yaml.
  std::vector<Override> command_line;
};

// The algorithm's name as written in files and fit.json.
const char* algorithm_name(Algorithm algorithm);
const char* distance_name(LogDistance distance);

// Reads and checks `file`. Throws core::ConfigError at file:line:col.
CalibrateSpec load_calibrate(const std::string& file);
CalibrateSpec load_calibrate_text(const std::string& text, const std::string& file);

}  // namespace servesim::io
