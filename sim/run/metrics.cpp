// File: sim/run/metrics.cpp
#include "sim/run/metrics.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/did_you_mean.hpp"
#include "sim/io/output_columns.hpp"

namespace servesim::run {

namespace {

using enum MetricType;
using enum Combine;
using enum Better;

constexpr std::string_view kServerless = "serverless pools";

// The table. Rows in MetricId order (checked below), which is summary order.
constexpr std::array<Metric, static_cast<std::size_t>(MetricId::kCount)> kMetrics = {{
    {MetricId::kScenario, "scenario", kString, "", kSame, false, kNeither, "",
     "the scenario's `name`"},
    {MetricId::kSeed, "seed", kInteger, "", kSame, false, kNeither, "", "the seed used"},
    {MetricId::kRequests, "requests", kInteger, "count", kSum, false, kNeither, "",
     "measured requests (after the warm-up; dropped ones included)"},
    {MetricId::kReplications, "replications", kInteger, "count", kSame, false, kNeither, "",
     "`run.replications`"},
    {MetricId::kLatencyMean, "latency_ms.mean", kNumber, "ms", kMeanCi, true, kLower, "",
     "mean latency of the measured answered requests (dropped excluded)"},
    {MetricId::kLatencyP50, "latency_ms.p50", kNumber, "ms", kMeanCi, true, kLower, "",
     "median latency; every quantile comes from a log-bucketed histogram with <= 0.049% "
     "relative error"},
    {MetricId::kLatencyP90, "latency_ms.p90", kNumber, "ms", kMeanCi, true, kLower, "",
     "90th percentile latency"},
    {MetricId::kLatencyP99, "latency_ms.p99", kNumber, "ms", kMeanCi, true, kLower, "",
     "99th percentile latency"},
    {MetricId::kLatencyP999, "latency_ms.p999", kNumber, "ms", kMeanCi, true, kLower, "",
     "99.9th percentile latency"},
    {MetricId::kLatencyP9999, "latency_ms.p9999", kNumber, "ms", kMeanCi, true, kLower, "",
     "99.99th percentile latency"},
    {MetricId::kLatencyMax, "latency_ms.max", kNumber, "ms", kMeanCi, true, kLower, "",
     "largest latency"},
    {MetricId::kServedPrimary, "served.primary", kNumber, "fraction", kMean, false, kHigher, "",
     "share of measured requests answered by their primary copy"},
    {MetricId::kServedPath, "served.<path>", kNumber, "fraction", kMean, false, kLower, "",
     "share of measured requests answered by each other path (reconstructed, replica, backup, "
     "partial, default) or dropped; all served.* sum to 1"},
    {MetricId::kAccuracy, "accuracy", kNumber, "fraction", kMeanCi, true, kHigher, "",
     "expected accuracy of the answers served, rounded to 12 significant digits (so that the "
     "float noise of averaging does not show); null when a path that served has no known "
     "accuracy"},
    {MetricId::kCostTotal, "cost.usd_total", kNumber, "USD", kMeanCi, false, kLower, "",
     "cost of one replication"},
    {MetricId::kCostPerMillion, "cost.usd_per_million_requests", kNumber, "USD", kMeanCi, false,
     kLower, "", "cost per million offered requests (warm-up included)"},
    {MetricId::kCostPart, "cost.breakdown.<part>", kNumber, "USD", kMeanCi, false, kLower, "",
     "the cost by what is charged for (compute, idle, provisioned, init, requests, "
     "orchestrator); the parts add up exactly to cost.usd_total"},
    {MetricId::kSloTarget, "slo.target_ms", kNumber, "ms", kSame, true, kNeither, "",
     "`slo_ms`, or null when 0"},
    {MetricId::kSloAttainment, "slo.attainment", kNumber, "fraction", kMeanCi, true, kHigher, "",
     "share of measured requests answered within `slo_ms` (dropped ones are misses); null "
     "without an SLO"},
    {MetricId::kCopiesPerRequest, "redundancy.copies_per_request", kNumber, "count", kMeanCi, false,
     kLower, "", "copies sent to pools per offered request (1 without redundancy)"},
    {MetricId::kCancelledPerRequest, "redundancy.cancelled_per_request", kNumber, "count", kMeanCi,
     false, kLower, "", "copies cancelled per offered request"},
    {MetricId::kHedgeThreshold, "redundancy.hedge_threshold_ms", kNumber, "ms", kMeanCi, true,
     kNeither, "redundancy.kind: hedge",
     "the hedge delay in force when the run ended; null when no hedge would be sent then "
     "(percentile mode before `min_samples`, no `delay`)"},
    {MetricId::kPoolInstances, "pools.<pool>.instances", kInteger, "count", kFirst, false, kNeither,
     "", "instances of the built pool (serverless: the most sandboxes alive at once)"},
    {MetricId::kPoolUtilization, "pools.<pool>.utilization", kNumber, "fraction", kMeanCi, false,
     kNeither, "", "busy instance-time / (instances x simulated time)"},
    {MetricId::kPoolFailures, "pools.<pool>.failures", kInteger, "count", kSum, false, kLower, "",
     "instance failures"},
    {MetricId::kPoolRequeued, "pools.<pool>.requeued", kInteger, "count", kSum, false, kLower, "",
     "queries put back in the queue by failures"},
    {MetricId::kPoolCancelledQueued, "pools.<pool>.cancelled_queued", kInteger, "count", kSum,
     false, kNeither, "", "queued copies skipped as cancelled"},
    {MetricId::kPoolDiscarded, "pools.<pool>.discarded", kInteger, "count", kSum, false, kLower, "",
     "running copies finished and discarded (their request was already answered)"},
    {MetricId::kPoolRefused, "pools.<pool>.refused", kInteger, "count", kSum, false, kLower, "",
     "arrivals refused by `queue_capacity`"},
    {MetricId::kPoolMeanBatch, "pools.<pool>.mean_batch", kNumber, "count", kMeanCi, false,
     kNeither, "", "mean number of queries per batch (serverless: per invocation)"},
    {MetricId::kPoolColdStarts, "pools.<pool>.cold_starts", kInteger, "count", kSum, false, kLower,
     kServerless, "invocations that waited for a sandbox to start (warm-up included)"},
    {MetricId::kPoolThrottled, "pools.<pool>.throttled", kInteger, "count", kSum, false, kLower,
     kServerless, "invocation tries refused by a concurrency limit (warm-up included)"},
    {MetricId::kPoolColdStartFraction, "pools.<pool>.cold_start_fraction", kNumber, "fraction",
     kMeanCi, false, kLower, kServerless, "cold starts per invocation"},
    {MetricId::kPoolThrottledFraction, "pools.<pool>.throttled_fraction", kNumber, "fraction",
     kMeanCi, false, kLower, kServerless, "throttled tries per try"},
    {MetricId::kPoolSandboxS, "pools.<pool>.sandbox_s", kNumber, "s", kMeanCi, false, kLower,
     kServerless,
     "sandbox-seconds: sandboxes alive (cold starts included) integrated from time 0 to the end "
     "of the run (the last answer), the memory-time keep-alive costs the provider"},
    {MetricId::kStable, "stability.stable", kBoolean, "", kAll, false, kHigher, "",
     "false when the run looks overloaded ([Stability](#stability)); sweep.csv writes it as "
     "`stable` (1/0; the `mean` row is 0 when any replication is 0)",
     "stable"},
    {MetricId::kStabilityReason, "stability.reason", kString, "", kFirstFailure, false, kNeither,
     "",
     "why the run is not stable (with the replication, when there are several); \"\" when "
     "stable"},
    {MetricId::kEvents, "sim.events", kInteger, "count", kSum, false, kNeither, "",
     "events executed (model events only: the stability monitor's samples are not counted)"},
    {MetricId::kWallS, "sim.wall_s", kNumber, "s", kSum, false, kNeither, "",
     "wall-clock time of the replications; left out by --no-timing and of sweep.csv", "", true},
    {MetricId::kEventsPerS, "sim.events_per_s", kNumber, "1/s", kRatioOfSums, false, kHigher, "",
     "events per wall-clock second; left out by --no-timing and of sweep.csv", "", true},
    {MetricId::kRequestsPerS, "sim.requests_per_s", kNumber, "1/s", kRatioOfSums, false, kHigher,
     "", "offered requests per wall-clock second; left out by --no-timing and of sweep.csv", "",
     true},
    {MetricId::kSimulatedS, "sim.simulated_s", kNumber, "s", kSum, false, kNeither, "",
     "simulated time (to the last event: warm-up and drain included)"},
    {MetricId::kSaturatedSamples, "sim.saturated_samples", kInteger, "count", kSum, false, kLower,
     "",
     "drawn durations that reached the largest representable time and were cut to it "
     "([Representable times](#representable-times))"},
}};

constexpr bool rows_in_id_order() {
  for (std::size_t idx = 0; idx < kMetrics.size(); ++idx) {
    if (static_cast<std::size_t>(kMetrics[idx].id) != idx) return false;
  }
  return true;
}
static_assert(rows_in_id_order(), "kMetrics rows must be in MetricId order");

}  // namespace

std::span<const Metric> metrics() { return kMetrics; }

const Metric& metric(MetricId id) { return kMetrics[static_cast<std::size_t>(id)]; }

std::string metric_key(MetricId id, std::string_view fill) {
  return io::fill_pattern(metric(id).name, fill);
}

const Metric* find_metric(std::string_view key) {
  // Exact names first, so "served.primary" is not taken for "served.<path>".
  for (const Metric& row : kMetrics) {
    if (!row.is_pattern() && (row.name == key || row.column() == key)) return &row;
  }
  for (const Metric& row : kMetrics) {
    if (row.is_pattern() && io::matches_pattern(row.name, key)) return &row;
  }
  return nullptr;
}

const Metric& require_metric(std::string_view key, std::span<const std::string> also) {
  if (const Metric* found = find_metric(key)) return *found;
  std::vector<std::string> names(also.begin(), also.end());
  for (const Metric& row : kMetrics) {
    if (!row.is_pattern()) names.emplace_back(row.column());
  }
  const std::optional<std::string> near = io::closest_match(key, names);
  throw core::ConfigError(
      fmt::format("unknown metric '{}'{}; `servesim metrics` lists them", key,
                  near ? fmt::format(" (did you mean '{}'?)", *near) : std::string()));
}

MetricReading metric_reading(const io::Summary& summary, std::string_view key) {
  const Metric& declared = require_metric(key);
  if (declared.type == kString) {
    throw core::ConfigError(fmt::format("metric '{}' is text, not a number", key));
  }
  const std::string name = declared.is_pattern() ? std::string(key) : std::string(declared.name);
  MetricReading reading;
  const io::SummaryEntry* entry = summary.find(name);
  if (entry == nullptr) return reading;
  reading.present = true;
  reading.ci95 = entry->ci95;
  if (const auto* number = std::get_if<double>(&entry->value)) {
    reading.value = *number;
  } else if (const auto* integer = std::get_if<std::int64_t>(&entry->value)) {
    reading.value = static_cast<double>(*integer);
  } else if (const auto* whole = std::get_if<std::uint64_t>(&entry->value)) {
    reading.value = static_cast<double>(*whole);
  } else if (const auto* flag = std::get_if<bool>(&entry->value)) {
    reading.value = *flag ? 1.0 : 0.0;
  }
  return reading;
}

}  // namespace servesim::run
