// File: sim/stats/tally.cpp
//
// Welford's running mean and sum of squared deviations, which stay accurate where the naive
// sum-of-squares formula cancels catastrophically (large mean, small spread: latencies in ns).
// Merging uses Chan, Golub and LeVeque's pairwise update ("Updating formulae and a pairwise
// algorithm for computing sample variances", 1979), so per-replication tallies combine without
// revisiting observations.
#include "sim/stats/tally.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace servesim::stats {

void Tally::record(double x) {
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  // Uses the updated mean on purpose: delta * (x - new mean) is Welford's unbiased increment.
  m2_ += delta * (x - mean_);
  if (count_ == 1) {
    min_ = x;
    max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
}

void Tally::merge(const Tally& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  const double n_a = static_cast<double>(count_);
  const double n_b = static_cast<double>(other.count_);
  const double n = n_a + n_b;
  const double delta = other.mean_ - mean_;
  mean_ += delta * (n_b / n);
  m2_ += other.m2_ + delta * delta * (n_a * n_b / n);
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double Tally::variance() const {
  if (count_ < 2) return 0;
  return m2_ / static_cast<double>(count_ - 1);
}

double Tally::stddev() const { return std::sqrt(variance()); }

double ci95_half_width(double stddev, std::uint64_t samples) {
  if (samples < 2) return 0;
  const double degrees_of_freedom = static_cast<double>(samples - 1);
  const boost::math::students_t distribution(degrees_of_freedom);
  const double t = boost::math::quantile(distribution, 0.975);
  return t * stddev / std::sqrt(static_cast<double>(samples));
}

}  // namespace servesim::stats
