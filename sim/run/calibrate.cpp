// File: sim/run/calibrate.cpp
#include "sim/run/calibrate.hpp"

#include <fmt/format.h>

#include <map>

#include "sim/run/calibrate_optimizer.hpp"

namespace servesim::run {

CalibrationOutcome calibrate(const CalibrationProblem& problem, const CalibrationOptions& options) {
  CalibrationOutcome outcome;
  const io::OptimizerSpec& optimizer = problem.spec().optimizer;
  // Simplex methods may ask for a point twice (a shrink step onto a vertex); each is run once.
  std::map<std::vector<double>, double> seen;
  std::size_t best_index = 0;
  const auto objective = [&](const std::vector<double>& unit) {
    const auto found = seen.find(unit);
    if (found != seen.end()) return found->second;
    const std::vector<double> values = problem.to_values(unit);
    Evaluation evaluation = problem.evaluate(values, options.jobs, false);
    if (outcome.history.empty()) outcome.start = evaluation;
    outcome.history.push_back({values, evaluation.objective});
    if (evaluation.objective < outcome.history[best_index].objective) {
      best_index = outcome.history.size() - 1;
    }
    seen.emplace(unit, evaluation.objective);
    if (options.progress) {
      options.progress(static_cast<int>(outcome.history.size()), optimizer.max_evaluations,
                       outcome.history[best_index].objective);
    }
    return evaluation.objective;
  };
  std::vector<double> start = problem.to_unit(problem.start_values());
  objective(start);  // the start is reported even if the optimiser never returns to it
  // Restarts begin again from the best point with the full initial step: a local method that
  // stopped on a kink of the objective (quantile steps, an active bound) gets a fresh model.
  // Each run has the budget that is left.
  for (int run = 0; run <= optimizer.restarts; ++run) {
    io::OptimizerSpec budget = optimizer;
    budget.max_evaluations = optimizer.max_evaluations - static_cast<int>(outcome.history.size());
    if (budget.max_evaluations < 1) break;
    const OptimizerResult result = minimize_unit_box(budget, start, objective);
    outcome.stop_reason = result.stop_reason;
    if (run > 0)
      outcome.stop_reason += fmt::format(" (after {} restart{})", run, run == 1 ? "" : "s");
    start = problem.to_unit(outcome.history[best_index].values);
  }
  outcome.evaluations = static_cast<int>(outcome.history.size());
  outcome.best = problem.evaluate(outcome.history[best_index].values, options.jobs, true);
  return outcome;
}

}  // namespace servesim::run
