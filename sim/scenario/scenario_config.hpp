// File: sim/scenario/scenario_config.hpp
//
// The whole scenario as plain data: what io/ builds from YAML (defaults filled in, values
// checked) and what run/ wires into a simulation. Field names equal the YAML keys, so dotted
// paths such as `redundancy.k` address both.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/interference_config.hpp"
#include "sim/cluster/model_config.hpp"
#include "sim/cluster/network_config.hpp"
#include "sim/cluster/platform_config.hpp"
#include "sim/cluster/pool_config.hpp"
#include "sim/cluster/workload_config.hpp"
#include "sim/policy/ensemble/ensemble_config.hpp"
#include "sim/policy/redundancy/redundancy_config.hpp"

namespace servesim::scenario {

struct RunConfig {
  std::int64_t requests = 100000;  // measured requests, after the warm-up ones. >= 1
  std::int64_t warmup = 10000;     // first requests (by arrival) left out of every figure. >= 0
  int replications = 1;            // independent runs; figures get 95% CIs when >= 2. >= 1
  // Interval of timeseries.csv, simulated seconds; 0 = adaptive (256-512 intervals over the
  // run, run/run_monitor.hpp). > 0: that interval until RunMonitor::kMaxFixedSamples are held,
  // after which it doubles as the adaptive one does (memory stays bounded).
  double timeseries_s = 0;
  // Requests in the system (sent, not yet answered or dropped) beyond which the run stops as
  // unstable (exit 2): bounds an overloaded run's memory (issue 12). >= 1
  std::int64_t max_queued = 10'000'000;
  // false: every fast path that duplicates a general path is off (engine, pools, frontend), to
  // check that they change nothing (tests/system/fast_paths_test.sh). Not a scenario key: set
  // by `servesim run --no-fast-paths`.
  bool fast_paths = true;
};

struct ScenarioConfig {
  std::string name = "unnamed";
  std::uint64_t seed = 1;
  RunConfig run;
  cluster::WorkloadConfig workload;
  cluster::NetworkConfig network;
  std::map<std::string, cluster::ModelConfig> models;
  std::vector<cluster::PoolConfig> pools;
  std::string load_balancer = "round_robin";  // key of the load-balancer registry
  cluster::InterferenceConfig interference;
  policy::RedundancyConfig redundancy;
  // An ensemble answers each request from several models; it takes the place of a redundancy
  // scheme (redundancy.kind must then be none).
  std::optional<policy::EnsembleConfig> ensemble;
  cluster::PlatformConfig platform;
  // hardware.instances: instances in all, split between the pools the redundancy kind uses
  // (io/hardware_split.hpp); 0 = not given (each pool's own `instances`).
  int hardware_instances = 0;
  double slo_ms = 0;  // latency target; 0 = none (attainment then reported as null)
  std::string source_file;  // the scenario file, for messages
};

}  // namespace servesim::scenario
