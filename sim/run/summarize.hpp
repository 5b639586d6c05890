// File: sim/run/summarize.hpp
//
// Turns replications into the figures of summary.json. With one replication a figure is that
// replication's value; with several it is the mean over replications (the replication/deletion
// method) with a Student-t 95% half-width. Replications are combined in index order.
#pragma once

#include <vector>

#include "sim/io/summary.hpp"
#include "sim/run/simulation.hpp"
#include "sim/scenario/scenario_config.hpp"

namespace servesim::run {

io::Summary summarize(const scenario::ScenarioConfig& config,
                      const std::vector<ReplicationResult>& replications);

// The latency histogram of all replications merged (for cdf.csv).
stats::LatencyHistogram merged_latency(const std::vector<ReplicationResult>& replications);

}  // namespace servesim::run
