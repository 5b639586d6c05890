// File: sim/run/calibrate.hpp
//
// `servesim calibrate`'s run: minimise a CalibrationProblem's objective with the NLopt
// algorithm its file names, from the start values, then evaluate the best point once more with
// the holdouts. Deterministic: the optimiser is deterministic, every evaluation uses the same
// seeds, and one evaluation's threads (-j) cannot change its numbers.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/run/calibrate_problem.hpp"

namespace servesim::run {

struct CalibrationOptions {
  int jobs = 1;  // threads inside one evaluation
  // Called after every evaluation: evaluations done, the budget (max_evaluations), best so far.
  std::function<void(int done, int budget, double best)> progress;
};

struct HistoryEntry {
  std::vector<double> values;
  double objective = 0;
};

struct CalibrationOutcome {
  std::vector<HistoryEntry> history;  // every distinct point evaluated, in order
  Evaluation start;                   // at the start values (fitted targets only)
  Evaluation best;                    // at the fitted values, holdouts included
  int evaluations = 0;                // simulations of the whole target set
  std::string stop_reason;
};

CalibrationOutcome calibrate(const CalibrationProblem& problem, const CalibrationOptions& options);

}  // namespace servesim::run
