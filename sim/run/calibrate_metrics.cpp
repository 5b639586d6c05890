// File: sim/run/calibrate_metrics.cpp
#include "sim/run/calibrate_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "sim/io/did_you_mean.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::run {

namespace {

// Per-pool figures of run/summarize.cpp that are numbers (counts are integers, read as well).
const std::vector<std::string>& pool_figures() {
  static const std::vector<std::string> figures = {"utilization",
                                                   "mean_batch",
                                                   "cold_start_fraction",
                                                   "throttled_fraction",
                                                   "sandbox_s",
                                                   "failures",
                                                   "requeued",
                                                   "cancelled_queued",
                                                   "discarded",
                                                   "refused",
                                                   "cold_starts",
                                                   "throttled",
                                                   "instances"};
  return figures;
}

}  // namespace

const std::vector<std::string>& calibration_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const char* q : {"mean", "p50", "p90", "p99", "p999", "p9999", "max"}) {
      all.push_back(std::string("latency_ms.") + q);
    }
    for (int path = 0; path < policy::kServedAsCount; ++path) {
      all.push_back(std::string("served.") +
                    policy::served_as_name(static_cast<policy::ServedAs>(path)));
    }
    for (const char* other :
         {"accuracy", "cost.usd_total", "cost.usd_per_million_requests", "slo.attainment",
          "redundancy.copies_per_request", "redundancy.cancelled_per_request",
          "redundancy.hedge_threshold_ms"}) {
      all.emplace_back(other);
    }
    for (const auto& figure : pool_figures()) all.push_back("pools.<name>." + figure);
    return all;
  }();
  return names;
}

std::string calibration_metric_problem(const std::string& metric) {
  const auto& names = calibration_metric_names();
  if (std::find(names.begin(), names.end(), metric) != names.end()) return "";
  if (metric.rfind("pools.", 0) == 0) {
    const std::size_t dot = metric.rfind('.');
    const std::string figure = metric.substr(dot + 1);
    if (dot > 6 &&
        std::find(pool_figures().begin(), pool_figures().end(), figure) != pool_figures().end()) {
      return "";
    }
    return io::unknown_name_message("pool figure", figure, pool_figures());
  }
  return io::unknown_name_message("metric", metric, names);
}

std::optional<MetricValue> read_metric(const io::Summary& summary, const std::string& metric) {
  const io::SummaryEntry* entry = summary.find(metric);
  if (entry == nullptr) return std::nullopt;
  MetricValue out;
  out.ci95 = entry->ci95;
  if (const auto* number = std::get_if<double>(&entry->value)) {
    out.value = *number;
  } else if (const auto* integer = std::get_if<std::int64_t>(&entry->value)) {
    out.value = static_cast<double>(*integer);
  } else {
    return std::nullopt;
  }
  return out;
}

}  // namespace servesim::run
