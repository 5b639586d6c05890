// File: sim/run/calibrate_metrics.cpp
#include "sim/run/calibrate_metrics.hpp"

#include "sim/core/error.hpp"
#include "sim/run/metrics.hpp"

namespace servesim::run {

// Every name comes from the metric declarations (run/metrics.hpp): a target may name any
// numeric figure summary.json can hold.
std::string calibration_metric_problem(const std::string& metric) {
  try {
    const Metric& declared = require_metric(metric);
    if (declared.type == MetricType::kString)
      return "metric '" + metric + "' is text, not a number";
  } catch (const core::ConfigError& error) {
    return error.what();
  }
  return "";
}

std::optional<MetricValue> read_metric(const io::Summary& summary, const std::string& metric) {
  const MetricReading reading = metric_reading(summary, metric);
  if (!reading.value) return std::nullopt;
  return MetricValue{*reading.value, reading.ci95};
}

}  // namespace servesim::run
