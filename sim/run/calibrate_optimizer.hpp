// File: sim/run/calibrate_optimizer.hpp
//
// The adapter between a calibration objective and NLopt's derivative-free local optimisers
// (BOBYQA, Nelder-Mead, Sbplx; Johnson, "The NLopt nonlinear-optimization package",
// https://github.com/stevengj/nlopt). Every free parameter is mapped to [0, 1] (linearly or on
// a log scale, by the caller), so the optimiser sees one well-scaled box and one step size.
//
// NLopt runs sequentially: it asks for one point at a time. The objective it is given may use
// threads inside one evaluation. An exception thrown by the objective (a bad scenario at some
// point of the box) stops NLopt and is rethrown by minimize_unit_box.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/io/calibrate_loader.hpp"

namespace servesim::run {

struct OptimizerResult {
  std::vector<double> best;  // in [0, 1]^n
  double best_objective = 0;
  int evaluations = 0;
  std::string stop_reason;  // "xtol_rel reached", "max_evaluations reached", ...
};

// The initial step of the optimiser in the unit box: a quarter of every range, so the first
// simplex or trust region spans a good part of the box without leaving it.
inline constexpr double kInitialStep = 0.25;

// Minimises f over [0, 1]^n from `start`. Deterministic: the same f and options give the same
// sequence of points. REQUIRES: BOBYQA only with two or more free keys (Powell's method
// interpolates a quadratic through 2n + 1 points; the loader refuses one key).
OptimizerResult minimize_unit_box(const io::OptimizerSpec& options,
                                  const std::vector<double>& start,
                                  const std::function<double(const std::vector<double>&)>& f);

}  // namespace servesim::run
