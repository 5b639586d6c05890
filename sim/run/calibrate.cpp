// File: sim/run/calibrate.cpp
#include "sim/run/calibrate.hpp"

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
  const std::vector<double> start = problem.to_unit(problem.start_values());
  objective(start);  // the start is reported even if the optimiser never returns to it
  const OptimizerResult result = minimize_unit_box(optimizer, start, objective);
  outcome.stop_reason = result.stop_reason;
  outcome.evaluations = static_cast<int>(outcome.history.size());
  outcome.best = problem.evaluate(outcome.history[best_index].values, options.jobs, true);
  return outcome;
}

}  // namespace servesim::run
