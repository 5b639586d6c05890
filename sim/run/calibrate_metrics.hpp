// File: sim/run/calibrate_metrics.hpp
//
// Which summary figures a calibration target may name, and reading one from a Summary. A local
// lookup: the figures are the numeric entries that run/summarize.cpp writes (latency, served
// fractions, accuracy, cost, SLO attainment, redundancy counters, per-pool figures). A pool's
// name is only known once the scenario is wired (redundancy adds pools), so `pools.NAME.FIGURE`
// is checked here for FIGURE, and NAME when the figure is read after the first evaluation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/io/summary.hpp"

namespace servesim::run {

// Every metric a target may name, for error messages ("pools.<name>.utilization" as a pattern).
const std::vector<std::string>& calibration_metric_names();

// "" when `metric` is a figure calibration can target; else the reason, with a suggestion.
std::string calibration_metric_problem(const std::string& metric);

struct MetricValue {
  double value = 0;
  std::optional<double> ci95;  // with two or more replications
};

// The figure from a summary; nullopt when the summary has no numeric value for it (a pool that
// this scenario does not have, accuracy without an accuracy table, ...).
std::optional<MetricValue> read_metric(const io::Summary& summary, const std::string& metric);

}  // namespace servesim::run
