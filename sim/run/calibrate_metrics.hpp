// File: sim/run/calibrate_metrics.hpp
//
// Which summary figures a calibration target may name, and reading one from a Summary, through
// the metric declarations (run/metrics.hpp). A pool's name is only known once the scenario is
// wired (redundancy adds pools), so `pools.NAME.FIGURE` is checked here for FIGURE, and NAME
// when the figure is read after the first evaluation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/io/summary.hpp"

namespace servesim::run {

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
