// File: sim/run/metrics.hpp
//
// Every figure servesim reports, declared once (OMNeT++ @statistic, gem5 ADD_STAT): its dotted
// name, type, unit, how replications combine, when it is present, which direction is better and
// one line of meaning. summarize() emits figures by MetricId (the name is written only here),
// summary.json, the `servesim run` table and sweep.csv's columns carry those names, `servesim
// compare --metric` validates against this table, `servesim metrics` lists it, and the output
// tables of docs/scenario.md are generated from it (tests/run/metrics_doc_test).
//
// Per-pool, per-path and per-part figures are declared as patterns: "pools.<pool>.utilization"
// stands for "pools.gpu.utilization" and every other pool name.
//
// Lookup by name (find_metric, metric_reading) is the public way for other commands (e.g.
// `servesim calibrate`) to read a figure out of a summary.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/io/summary.hpp"

namespace servesim::run {

enum class MetricType {
  kNumber,   // double
  kInteger,  // int64 (uint64 for the seed)
  kString,
  kBoolean,
};

// How the figure of a run with several replications is made from the replications' values.
enum class Combine {
  kMeanCi,        // mean, with the Student-t 95% half-width in "ci95" when there are >= 2
  kMean,          // mean, without a half-width
  kSum,           // sum
  kSame,          // a setting of the scenario, the same in every replication
  kFirst,         // the first replication's value
  kAll,           // true only if true in every replication
  kFirstFailure,  // the first failing replication's text, with its index when there are >= 2
  kRatioOfSums,   // a rate made from sums over the replications
};

enum class Better { kLower, kHigher, kNeither };

// Emitted figures in summary order. Each has exactly one row in the table (metrics.cpp).
enum class MetricId {
  kScenario,
  kSeed,
  kRequests,
  kReplications,
  kLatencyMean,
  kLatencyP50,
  kLatencyP90,
  kLatencyP99,
  kLatencyP999,
  kLatencyP9999,
  kLatencyMax,
  kServedPrimary,
  kServedPath,
  kAccuracy,
  kCostTotal,
  kCostPerMillion,
  kCostPart,
  kSloTarget,
  kSloAttainment,
  kCopiesPerRequest,
  kCancelledPerRequest,
  kHedgeThreshold,
  kPoolInstances,
  kPoolUtilization,
  kPoolFailures,
  kPoolRequeued,
  kPoolCancelledQueued,
  kPoolDiscarded,
  kPoolRefused,
  kPoolMeanBatch,
  kPoolColdStarts,
  kPoolThrottled,
  kPoolColdStartFraction,
  kPoolThrottledFraction,
  kPoolSandboxS,
  kStable,
  kStabilityReason,
  kEvents,
  kWallS,
  kEventsPerS,
  kRequestsPerS,
  kSimulatedS,
  kSaturatedSamples,
  kCount
};

struct Metric {
  MetricId id;
  // Dotted key in summary.json; one "<placeholder>" for a family ("pools.<pool>.utilization").
  std::string_view name;
  MetricType type;
  std::string_view unit;  // "ms", "s", "USD", "fraction", "count", "" (none)
  Combine combine;
  bool nullable;          // may be null (no value: e.g. a latency when every request dropped)
  Better better;          // `compare`'s default direction
  std::string_view when;  // "" = always present; else the condition (for the docs)
  std::string_view meaning;
  // sweep.csv's column name when it differs from `name` ("" = the same).
  std::string_view sweep_column = {};
  // Differs between identical runs; left out of sweep.csv and of summary.json by --no-timing.
  bool wall_clock = false;

  std::string_view column() const { return sweep_column.empty() ? name : sweep_column; }
  bool is_pattern() const { return name.find('<') != std::string_view::npos; }
};

// Every declared figure, in summary order.
std::span<const Metric> metrics();
const Metric& metric(MetricId id);

// The key of `id`: its name, with the placeholder replaced by `fill` for a pattern.
// REQUIRES: `fill` is non-empty exactly when the metric is a pattern.
std::string metric_key(MetricId id, std::string_view fill = {});

// The declaration of a concrete key ("latency_ms.p999", "pools.gpu.utilization"), looked up by
// summary name or by sweep.csv column name ("stable"); nullptr when none matches.
const Metric* find_metric(std::string_view key);

// find_metric, or a core::ConfigError "unknown metric 'x' (did you mean 'y'?)" (exit 2).
// `also` are concrete keys to suggest as well (e.g. a file's columns, for pool names).
const Metric& require_metric(std::string_view key, std::span<const std::string> also = {});

// A figure read out of a summary by name.
struct MetricReading {
  std::optional<double> value;  // nullopt when the figure is null or absent from the summary
  std::optional<double> ci95;   // with replications, for kMeanCi figures
  bool present = false;         // the summary has the key (possibly null)
};

// Reads the numeric figure `key` from `summary`. Throws core::ConfigError for a key that is
// not declared (with did-you-mean) or is declared as text.
MetricReading metric_reading(const io::Summary& summary, std::string_view key);

}  // namespace servesim::run
