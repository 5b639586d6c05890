// File: tests/fit/linear_model_test.cpp
//
// The least-squares line: exact points give back their line; a case solved by hand.
#include "sim/fit/linear_model.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace servesim::fit {
namespace {

TEST(LeastSquaresLine, RecoversAnExactLine) {
  const std::vector<double> x = {1, 2, 4, 8, 16};
  std::vector<double> y;
  for (const double b : x) y.push_back(6.25 + 13.5 * b);
  const LinearFit fit = least_squares_line(x, y);
  EXPECT_NEAR(fit.intercept, 6.25, 1e-12);
  EXPECT_NEAR(fit.slope, 13.5, 1e-12);
  EXPECT_NEAR(fit.r_squared, 1, 1e-15);
  EXPECT_EQ(fit.points, 5);
  EXPECT_NEAR(fit.at(32), 6.25 + 13.5 * 32, 1e-10);
}

TEST(LeastSquaresLine, SolvedByHand) {
  // (0,0), (1,1), (2,0): slope 0, intercept 1/3, and the line explains nothing (R^2 = 0).
  const LinearFit flat =
      least_squares_line(std::vector<double>{0, 1, 2}, std::vector<double>{0, 1, 0});
  EXPECT_NEAR(flat.slope, 0, 1e-15);
  EXPECT_NEAR(flat.intercept, 1.0 / 3, 1e-15);
  EXPECT_NEAR(flat.r_squared, 0, 1e-15);
  // (0,1), (1,2), (2,4): slope 3/2, intercept 5/6; SS_res = 1/6, SS_tot = 14/3, R^2 = 27/28.
  const LinearFit rising =
      least_squares_line(std::vector<double>{0, 1, 2}, std::vector<double>{1, 2, 4});
  EXPECT_NEAR(rising.slope, 1.5, 1e-14);
  EXPECT_NEAR(rising.intercept, 5.0 / 6, 1e-14);
  EXPECT_NEAR(rising.r_squared, 27.0 / 28, 1e-14);
}

TEST(LeastSquaresLine, TwoPointsAreExact) {
  const LinearFit fit = least_squares_line(std::vector<double>{1, 8}, std::vector<double>{20, 117});
  EXPECT_NEAR(fit.slope, 97.0 / 7, 1e-12);
  EXPECT_NEAR(fit.intercept, 20 - 97.0 / 7, 1e-12);
  EXPECT_NEAR(fit.r_squared, 1, 1e-15);
}

}  // namespace
}  // namespace servesim::fit
