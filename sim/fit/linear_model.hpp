// File: sim/fit/linear_model.hpp
//
// The straight line y = intercept + slope x through points (x_i, y_i) by ordinary least squares
// (Eigen, column-pivoting Householder QR). `servesim fit` uses it for latency versus batch size:
// the per-batch mean latency of a model on a batch of b inputs is close to a fixed cost per call
// plus a cost per input (research notes empirical.md, section 2.7, fit it to published tables).
#pragma once

#include <span>

namespace servesim::fit {

struct LinearFit {
  double intercept = 0;
  double slope = 0;
  // 1 - SS_residual / SS_total: the share of the y variance the line explains. 1 when every
  // point lies on the line (also when all y are equal).
  double r_squared = 0;
  int points = 0;

  double at(double x) const { return intercept + slope * x; }
};

// REQUIRES: x.size() == y.size(), at least two distinct x, all values finite.
LinearFit least_squares_line(std::span<const double> x, std::span<const double> y);

}  // namespace servesim::fit
