// File: sim/run/simulation.hpp
//
// Wires a ScenarioConfig into a simulation (the "helper" layer of ns-3, gem5's Python) and runs
// replications. Each replication has its own Engine and streams seeded from (seed, replication),
// so replications are independent and their order of execution cannot change any result.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/cluster/cost_parts.hpp"
#include "sim/cluster/instance_pool.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"
#include "sim/run/stability.hpp"
#include "sim/scenario/scenario_config.hpp"
#include "sim/stats/latency_histogram.hpp"

namespace servesim::run {

struct PoolResult {
  std::string name;
  int instances = 0;
  double utilization = 0;  // busy time / (instances x simulated time)
  cluster::PoolStats stats;
  // Serverless: sandbox-seconds, the integral of sandboxes alive from time 0 to the end of the
  // run (what keep-alive costs the provider in memory-time); 0 for servers.
  double sandbox_s = 0;
};

struct ReplicationResult {
  stats::LatencyHistogram latency;  // measured, answered requests
  std::uint64_t offered = 0;        // all requests sent, warm-up included
  std::uint64_t measured = 0;       // requests after warm-up (answered + dropped)
  std::array<std::uint64_t, policy::kServedAsCount> served{};
  std::uint64_t within_slo = 0;
  std::optional<double> accuracy;
  std::uint64_t copies_sent = 0;
  std::uint64_t copies_cancelled = 0;
  std::uint64_t policy_tasks_sent = 0;  // parity queries
  std::uint64_t policy_tasks_cancelled = 0;
  std::uint64_t events = 0;
  std::uint64_t saturated_samples = 0;  // durations that reached core::Time::horizon()
  double wall_s = 0;
  double simulated_s = 0;
  double cost_usd = 0;
  cluster::CostParts cost_parts;  // cost_usd by what is charged for
  std::vector<PoolResult> pools;
  // hedge: the delay in force at the end of the run (ms); nullopt when none (no hedging).
  std::optional<double> hedge_threshold_ms;
  Stability stability;  // stability.hpp
  std::vector<MonitorSample> timeseries;  // run_monitor.hpp: 256-512 samples
};

// Header line of requests.csv (`--trace`); written once, before every replication's rows.
std::string trace_header();

// Runs replication `replication` of `config`. With `trace` set, writes one CSV row per request.
// Throws core::ConfigError for scenarios that parse but cannot be built (e.g. a model profile
// that cannot cover max_batch).
ReplicationResult run_replication(const scenario::ScenarioConfig& config,
                                  std::uint64_t replication, std::ostream* trace = nullptr);

// Throws the core::ConfigError that building `config` would throw, without running anything,
// so `check` reports it and `run` fails before it writes any output.
void check_buildable(const scenario::ScenarioConfig& config);

}  // namespace servesim::run
