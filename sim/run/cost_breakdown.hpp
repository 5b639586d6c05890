// File: sim/run/cost_breakdown.hpp
//
// summary.json's `cost.breakdown`: the bill split by what is charged for (cluster::CostParts),
// each part the mean over replications, so that a reader can see, e.g., that an ensemble's bill
// is mostly orchestrator transitions. The parts are written in a fixed order (compute, idle,
// provisioned, init, requests, orchestrator) and sum, added left to right in doubles, to
// `cost.usd_total` exactly: one part (the largest that can) absorbs the last-bit rounding (a few
// ulps of the total), so a reader summing the printed parts gets the printed total.
#pragma once

#include <array>
#include <vector>

#include "sim/io/summary.hpp"
#include "sim/run/simulation.hpp"

namespace servesim::run {

// Part names in summary order (`cost.breakdown.<name>`).
inline constexpr std::array<const char*, 6> kCostPartNames = {
    "compute", "idle", "provisioned", "init", "requests", "orchestrator"};

// Adjusts one of `parts` (the largest that can do it) by as few ulps as needed so that their
// left-to-right sum is exactly `total`. REQUIRES: the parts already sum to `total` within a few
// ulps of it.
void reconcile_parts(std::array<double, kCostPartNames.size()>& parts, double total);

// Appends cost.breakdown.* (means over replications, with ci95 when there are several).
void add_cost_breakdown(io::Summary& summary, const std::vector<ReplicationResult>& replications);

}  // namespace servesim::run
