// File: tests/system/theory.hpp
//
// Closed forms from queueing theory, computed independently of the simulator, and the tolerance
// rule shared by the whole-program statistical tests.
#pragma once

#include <cmath>
#include <functional>

namespace servesim::testing {

// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda/mu < c.
inline double erlang_c(int servers, double offered_load) {
  double term = 1;  // a^k / k!
  double sum = 1;   // sum_{k<c} a^k / k!
  for (int k = 1; k < servers; ++k) {
    term *= offered_load / k;
    sum += term;
  }
  const double top = term * offered_load / servers * servers / (servers - offered_load);
  return top / (sum + top);
}

// Erlang B: probability that an arrival finds all c servers busy in M/G/c/c (no waiting room)
// with offered load a = lambda E[S]; insensitive to the service law beyond its mean. By the
// recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), which stays in [0, 1].
inline double erlang_b(int servers, double offered_load) {
  double blocked = 1;
  for (int k = 1; k <= servers; ++k)
    blocked = offered_load * blocked / (k + offered_load * blocked);
  return blocked;
}

// Smallest t with survival(t) <= 1 - p, by bisection on a decreasing survival function.
inline double quantile_from_survival(const std::function<double(double)>& survival, double p) {
  double lo = 0;
  double hi = 1;
  while (survival(hi) > 1 - p) hi *= 2;
  for (int iter = 0; iter < 200; ++iter) {
    const double mid = 0.5 * (lo + hi);
    (survival(mid) > 1 - p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Replication means of a figure have a Student-t 95% half-width `ci95` (from summary.json).
// The tests accept |simulated - theory| <= kCiWidening * ci95 + resolution. With 10
// replications t(0.9995, 9) / t(0.975, 9) = 4.781 / 2.262 = 2.11, so a widening of 2.2 makes a
// spurious failure about a 1-in-1000 event per assertion; `resolution` covers the histogram's
// 0.05% quantile error.
inline constexpr double kCiWidening = 2.2;
inline double tolerance(double ci95, double value) {
  return kCiWidening * ci95 + 5e-4 * std::abs(value);
}

}  // namespace servesim::testing
