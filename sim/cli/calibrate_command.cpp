// File: sim/cli/calibrate_command.cpp
//
// `servesim calibrate CALIB.yaml [-o DIR] [-j JOBS]`: loads and checks the calibration file and
// every point it needs (so a bad key fails before anything runs), minimises the objective with
// NLopt (progress bar on a terminal), evaluates the fit with the holdouts, prints a table of
// observed vs simulated, and writes DIR/fit.json, DIR/fit.csv and DIR/scenario.yaml all at once
// (io::OutputDir: an interrupted or failed run leaves none of them). See docs/calibrate.md.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/cli/progress_bar.hpp"
#include "sim/core/error.hpp"
#include "sim/io/calibrate_loader.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/run/calibrate.hpp"
#include "sim/run/calibrate_outputs.hpp"

namespace servesim::cli {

namespace {

std::string fit_table(const run::CalibrationProblem& problem,
                      const run::CalibrationOutcome& outcome) {
  const io::CalibrateSpec& spec = problem.spec();
  std::string out = "free key                               fitted        start   [min, max]\n";
  for (std::size_t idx = 0; idx < spec.free.size(); ++idx) {
    const io::FreeKey& key = spec.free[idx];
    out += fmt::format("{:<38} {:>10.6g} {:>10.6g}   [{}, {}]{}\n", key.key,
                       outcome.best.values[idx], outcome.start.values[idx], key.min, key.max,
                       key.scale == io::FreeScale::kLog ? " log" : "");
  }
  out += fmt::format("\nobjective {:.6g} -> {:.6g} in {} evaluations ({})\n\n",
                     outcome.start.objective, outcome.best.objective, outcome.evaluations,
                     outcome.stop_reason);
  out += "kind     metric               observed    simulated     ci95  rel.err  point\n";
  for (std::size_t idx = 0; idx < spec.targets.size(); ++idx) {
    const io::TargetRow& target = spec.targets[idx];
    const run::TargetResult& result = *outcome.best.targets[idx];
    const std::string relative =
        target.observed != 0 ? fmt::format("{:+.1f}%", 100 * (result.simulated - target.observed) /
                                                           std::abs(target.observed))
                             : "";
    out += fmt::format("{:<8} {:<20} {:>9.4g} {:>12.4g} {:>8} {:>8}  {}\n",
                       target.holdout ? "holdout" : "target", target.metric, target.observed,
                       result.simulated, result.ci95 ? fmt::format("{:.3g}", *result.ci95) : "",
                       relative, problem.point_text(problem.target_point(idx)));
  }
  for (std::size_t idx = 0; idx < spec.request_logs.size(); ++idx) {
    const io::RequestLogTarget& log = spec.request_logs[idx];
    out += fmt::format("{:<8} {:<20} {:>9} {:>12.4g} {:>8} {:>8}  {}\n",
                       log.holdout ? "holdout" : "log", io::distance_name(log.distance), "",
                       outcome.best.logs[idx]->simulated, "", "",
                       problem.point_text(problem.log_point(idx)));
  }
  return out;
}

}  // namespace

int calibrate_command(const CalibrateOptions& options) {
  check_jobs(options.jobs);
  io::CalibrateSpec spec = io::load_calibrate(options.calibration);
  if (options.requests) spec.command_line.push_back({"run.requests", *options.requests});
  if (options.max_evaluations) {
    if (*options.max_evaluations < 1 || *options.max_evaluations > 100000) {
      throw core::ConfigError(
          fmt::format("--max-evaluations {}: must be in [1, 100000]", *options.max_evaluations));
    }
    spec.optimizer.max_evaluations = *options.max_evaluations;
  }
  const run::CalibrationProblem problem(std::move(spec));
  if (options.dry_run) {
    const io::CalibrateSpec& spec = problem.spec();
    std::cout << fmt::format(
        "calibration {}: base {}, {} free key{}, {} target{}, {} request "
        "log{}, {} replication{}, {} (at most {} evaluations)\n",
        spec.name, spec.base, spec.free.size(), spec.free.size() == 1 ? "" : "s",
        spec.targets.size(), spec.targets.size() == 1 ? "" : "s", spec.request_logs.size(),
        spec.request_logs.size() == 1 ? "" : "s", problem.replications(),
        problem.replications() == 1 ? "" : "s", io::algorithm_name(spec.optimizer.algorithm),
        spec.optimizer.max_evaluations);
    std::cout << "every point checked\n";
    return 0;
  }
  const std::string dir =
      options.output_dir.empty() ? "out/" + problem.spec().name : options.output_dir;

  ProgressBar bar("calibrate " + problem.spec().name, !options.quiet && stderr_is_terminal());
  run::CalibrationOptions run_options;
  run_options.jobs = options.jobs;
  run_options.progress = [&bar](int done, int budget, double) {
    bar.update(static_cast<std::size_t>(done), static_cast<std::size_t>(budget));
  };
  const auto start = std::chrono::steady_clock::now();
  const run::CalibrationOutcome outcome = run::calibrate(problem, run_options);
  bar.finish();

  // Written only now, all at once: an interrupt before commit() leaves nothing behind.
  io::OutputDir output(dir);
  output.open("fit.json") << run::fit_json_text(problem, outcome);
  output.open("fit.csv") << run::fit_csv_text(problem, outcome);
  output.open("scenario.yaml") << run::fitted_scenario_text(problem, outcome.best.values);
  output.commit();

  if (!options.quiet) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << fit_table(problem, outcome);
    std::cout << fmt::format(
        "\nservesim calibrate: {}: {:.1f} s on {} thread{}; wrote {}/fit.json, "
        "fit.csv, scenario.yaml\n",
        problem.spec().name, seconds, options.jobs, options.jobs == 1 ? "" : "s", dir);
  }
  return 0;
}

}  // namespace servesim::cli
