// File: sim/run/calibrate_problem.hpp
//
// A calibration as a function of the free values: the objective that the optimiser minimises
// and everything fit.csv reports. One evaluation runs every point the targets need (a point is
// the base scenario + the free values + one target's overrides; targets with the same overrides
// share a point) for every replication, and reads the targets' figures from the points'
// summaries.
//
// Common random numbers: replication r of every point at every evaluation uses the base seed
// and stream set r, so two evaluations differ only through the free values. The objective is
// then a deterministic, nearly continuous function of them, which derivative-free optimisers
// need (with fresh seeds each evaluation it would jump by the sampling noise).
//
// Objective = sum over fitted targets of residual^2, where a target's residual is
// (simulated - observed) / sigma, or sqrt(weight) (simulated - observed) / |observed|, and a
// request log's is sqrt(weight) x distance. Holdout rows are evaluated only when asked
// (final evaluation), never in the objective.
//
// Thread-safety: evaluate() is const and runs its (point, replication) items on `jobs` threads;
// results are put in place by index and combined in index order, so they do not depend on jobs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/io/calibrate_loader.hpp"
#include "sim/scenario/scenario_config.hpp"

namespace servesim::run {

// One target's or request log's figures at one evaluation.
struct TargetResult {
  double simulated = 0;        // the mean over replications (log: the distance)
  std::optional<double> ci95;  // Student-t 95% half-width over replications
  double residual = 0;
};

struct Evaluation {
  std::vector<double> values;  // the free values, in spec order
  double objective = 0;        // over fitted targets and logs only
  // In spec order; holdouts filled only when the evaluation included them.
  std::vector<std::optional<TargetResult>> targets;
  std::vector<std::optional<TargetResult>> logs;
};

class CalibrationProblem {
 public:
  // Loads the base, and checks every free key (it names a number of the scenario, and both its
  // bounds give a valid scenario), every point (its overrides at the start values) and every
  // metric. Throws core::ConfigError located in the calibration file.
  explicit CalibrationProblem(io::CalibrateSpec spec);

  const io::CalibrateSpec& spec() const { return spec_; }
  std::size_t dimension() const { return spec_.free.size(); }
  int replications() const { return replications_; }
  const scenario::ScenarioConfig& base() const { return base_; }

  // Free values <-> the unit box the optimiser works in (log-scaled keys geometrically).
  std::vector<double> to_values(const std::vector<double>& unit) const;
  std::vector<double> to_unit(const std::vector<double>& values) const;
  std::vector<double> start_values() const;

  // The command line's overrides, then the free values as --set overrides (shortest
  // round-trip text).
  std::vector<io::Override> free_overrides(const std::vector<double>& values) const;

  // Runs the points needed for the fitted targets (and the holdouts' with `holdouts`).
  Evaluation evaluate(const std::vector<double>& values, int jobs, bool holdouts) const;

  // A point's overrides as text ("redundancy.kind=parity, workload.arrival.rate=300").
  std::string point_text(std::size_t point) const;
  std::size_t target_point(std::size_t target) const { return target_points_[target]; }
  std::size_t log_point(std::size_t log) const { return log_points_[log]; }

 private:
  struct Point {
    std::vector<io::PlacedOverride> overrides;
    bool fitted = false;  // needed by a fitted target or log
  };

  std::size_t point_for(const std::vector<io::PlacedOverride>& overrides, bool fitted);
  scenario::ScenarioConfig load_point(const Point& point, const std::vector<double>& values) const;
  void check_free_keys();
  void check_points();

  io::CalibrateSpec spec_;
  scenario::ScenarioConfig base_;
  int replications_ = 1;
  std::vector<Point> points_;
  std::vector<std::size_t> target_points_;
  std::vector<std::size_t> log_points_;
};

}  // namespace servesim::run
