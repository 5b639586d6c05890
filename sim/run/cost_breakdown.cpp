// File: sim/run/cost_breakdown.cpp
#include "sim/run/cost_breakdown.hpp"

#include <cmath>
#include <limits>
#include <numeric>

#include "sim/core/error.hpp"
#include "sim/stats/tally.hpp"

namespace servesim::run {

namespace {

using Parts = std::array<double, kCostPartNames.size()>;

Parts as_array(const cluster::CostParts& parts) {
  return {parts.compute,  parts.idle,     parts.provisioned,
          parts.init,     parts.requests, parts.orchestrator};
}

double left_sum(const Parts& parts) {
  return std::accumulate(parts.begin(), parts.end(), 0.0);
}

}  // namespace

void reconcile_parts(Parts& parts, double total) {
  std::size_t largest = 0;
  for (std::size_t idx = 1; idx < parts.size(); ++idx) {
    if (std::abs(parts[idx]) > std::abs(parts[largest])) largest = idx;
  }
  parts[largest] += total - left_sum(parts);
  // Each step moves the sum by at most about one ulp of the total, since the largest part is at
  // least a sixth of it; a handful of steps suffice.
  for (int step = 0; step < 64; ++step) {
    const double sum = left_sum(parts);
    if (sum == total) return;
    parts[largest] = std::nextafter(parts[largest], sum < total
                                                        ? std::numeric_limits<double>::infinity()
                                                        : -std::numeric_limits<double>::infinity());
  }
  SERVESIM_ASSERT(left_sum(parts) == total, "cost parts do not add up to the total");
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
    summary.add(std::string("cost.breakdown.") + kCostPartNames[idx], means[idx], ci95);
  }
}

}  // namespace servesim::run
