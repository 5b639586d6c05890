// File: sim/io/cdf_csv.cpp
#include "sim/io/cdf_csv.hpp"

#include <fmt/format.h>

#include <cmath>
#include <utility>
#include <vector>

namespace servesim::io {

namespace {

constexpr OutputColumn kCdfColumns[] = {
    {"latency_ms", "ms", "", "a latency of the measured answered requests (all replications)"},
    {"fraction", "fraction", "",
     "share of them at or below it: 0.001 to 0.998 in steps of 0.001, then 20 points per decade "
     "of the tail from 1 - 1e-3 to 1 - 1e-6, then 1 at the maximum; where several fractions "
     "share one latency, only the largest is kept"},
};

}  // namespace

std::span<const OutputColumn> cdf_columns() { return kCdfColumns; }

void write_cdf_csv(const stats::LatencyHistogram& latency, std::ostream& out) {
  out << csv_header(kCdfColumns) << '\n';
  if (latency.count() == 0) return;
  std::vector<double> fractions;
  for (int permille = 1; permille < 999; ++permille) fractions.push_back(permille / 1000.0);
  // Tail: 1 - f = 10^(-3 - i/20), i.e. 20 points per decade from 1e-3 to 1e-6.
  for (int step = 0; step <= 60; ++step) fractions.push_back(1.0 - std::pow(10.0, -3.0 - step / 20.0));
  // Quantiles repeat where the data is coarser than the grid; F(ms) is then at least the largest
  // fraction with that latency, so keep that one.
  std::vector<std::pair<double, double>> rows;
  for (double fraction : fractions) {
    const double ms = latency.quantile_ns(fraction) * 1e-6;
    if (!rows.empty() && rows.back().first == ms) {
      rows.back().second = fraction;
    } else {
      rows.emplace_back(ms, fraction);
    }
  }
  const double max_ms = static_cast<double>(latency.max_ns()) * 1e-6;
  if (!rows.empty() && rows.back().first == max_ms) rows.pop_back();
  rows.emplace_back(max_ms, 1.0);
  for (const auto& [ms, fraction] : rows) out << fmt::format("{},{}\n", ms, fraction);
}

}  // namespace servesim::io
