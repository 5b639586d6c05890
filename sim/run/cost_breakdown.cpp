// File: sim/run/cost_breakdown.cpp
#include "sim/run/cost_breakdown.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "sim/core/error.hpp"
#include "sim/run/metrics.hpp"
#include "sim/stats/tally.hpp"

namespace servesim::run {

namespace {

using Parts = std::array<double, kCostPartNames.size()>;

Parts as_array(const cluster::CostParts& parts) {
  return {parts.compute, parts.idle,     parts.provisioned,
          parts.init,    parts.requests, parts.orchestrator};
}

double left_sum(const Parts& parts) { return std::accumulate(parts.begin(), parts.end(), 0.0); }

}  // namespace

void reconcile_parts(Parts& parts, double total) {
  if (left_sum(parts) == total) return;
  // Candidates to absorb the rounding, largest first. Moving the largest part by one ulp moves
  // the sum by about one ulp; but when the exact sum falls on halfway points, round-half-even
  // reaches only every other double by that part, and a smaller part (finer ulps) is needed.
  std::array<std::size_t, kCostPartNames.size()> order{};
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(parts[a]) > std::abs(parts[b]);
  });
  for (const std::size_t absorber : order) {
    if (parts[absorber] == 0) break;
    Parts trial = parts;
    trial[absorber] += total - left_sum(trial);
    for (int step = 0; step < 64; ++step) {
      const double sum = left_sum(trial);
      if (sum == total) {
        parts = trial;
        return;
      }
      trial[absorber] =
          std::nextafter(trial[absorber], sum < total ? std::numeric_limits<double>::infinity()
                                                      : -std::numeric_limits<double>::infinity());
    }
  }
  SERVESIM_ASSERT(false, "cost parts do not add up to the total");
}

void add_cost_breakdown(io::Summary& summary, const std::vector<ReplicationResult>& replications) {
  // The total exactly as summarize() computes cost.usd_total: the mean of the replications'
  // costs, recorded in replication order.
  stats::Tally total;
  std::array<stats::Tally, kCostPartNames.size()> tallies;
  for (const auto& rep : replications) {
    total.record(rep.cost_usd);
    const Parts parts = as_array(rep.cost_parts);
    for (std::size_t idx = 0; idx < parts.size(); ++idx) tallies[idx].record(parts[idx]);
  }
  Parts means{};
  for (std::size_t idx = 0; idx < means.size(); ++idx) means[idx] = tallies[idx].mean();
  reconcile_parts(means, total.mean());
  for (std::size_t idx = 0; idx < means.size(); ++idx) {
    std::optional<double> ci95;
    if (replications.size() >= 2) {
      ci95 = stats::ci95_half_width(std::sqrt(tallies[idx].variance()), tallies[idx].count());
    }
    summary.add(metric_key(MetricId::kCostPart, kCostPartNames[idx]), means[idx], ci95);
  }
}

}  // namespace servesim::run
