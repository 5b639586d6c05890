// File: sim/fit/linear_model.cpp
#include "sim/fit/linear_model.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <functional>

#include "sim/core/error.hpp"

namespace servesim::fit {

LinearFit least_squares_line(std::span<const double> x, std::span<const double> y) {
  SERVESIM_ASSERT(x.size() == y.size(), "least_squares_line: x and y differ in length");
  SERVESIM_ASSERT(
      x.size() >= 2 && std::adjacent_find(x.begin(), x.end(), std::not_equal_to<>()) != x.end(),
      "least_squares_line: needs two distinct x");
  const auto n = static_cast<Eigen::Index>(x.size());
  Eigen::MatrixXd design(n, 2);
  Eigen::VectorXd target(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    design(i, 0) = 1;
    design(i, 1) = x[static_cast<std::size_t>(i)];
    target(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::Vector2d coef = design.colPivHouseholderQr().solve(target);
  LinearFit fit;
  fit.intercept = coef(0);
  fit.slope = coef(1);
  fit.points = static_cast<int>(n);
  const double mean_y = target.mean();
  const double ss_total = (target.array() - mean_y).square().sum();
  const double ss_residual = (target - design * coef).squaredNorm();
  fit.r_squared = ss_total > 0 ? 1 - ss_residual / ss_total : 1;
  return fit;
}

}  // namespace servesim::fit
