// File: sim/io/scenario_loader.cpp
//
// The top level of a scenario file:
//   name:          scenario name, for output (string, default "unnamed")
//   seed:          run seed, every RNG stream derives from it (integer in [0, 2^64), default 1)
//   run:           {requests, warmup, replications}
//     requests:      measured requests, after the warm-up ones (integer >= 1, default 100000)
//     warmup:        first requests (by arrival) left out of every figure (integer >= 0,
//                    default 10000)
//     replications:  independent runs; 95% CIs when >= 2 (integer in [1, 10000], default 1)
//     max_queued:    requests in the system (sent, not yet answered) at which the run stops as
//                    unstable, exit 2 (integer in [1, 10^9], default 10^7; bounds memory)
//   workload:      arrivals and sizes (workload_yaml.cpp)
//   network:       per-hop delays and bandwidth (cluster_yaml.cpp)
//   models:        name -> model (model_yaml.hpp). Required, non-empty.
//   pools:         list of pools of instances (cluster_yaml.cpp). Required, non-empty.
//   load_balancer: instance choice for per_instance queues (policy_yaml.cpp)
//   interference:  stragglers, episodes, background load, failures (cluster_yaml.cpp)
//   redundancy:    none | equal_resources | replicate | hedge (policy_yaml.cpp)
//   platform:      servers or serverless functions, and what serving costs (serverless_yaml.cpp)
//   slo_ms:        latency target, ms, >= 0; 0 = none (default)
#include "sim/io/output_name.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/time_range.hpp"

#include "sim/io/ensemble_yaml.hpp"

#include <filesystem>

#include "sim/core/error.hpp"
#include "sim/io/cluster_yaml.hpp"
#include "sim/io/file_access.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/model_yaml.hpp"
#include "sim/io/overrides.hpp"
#include "sim/io/policy_yaml.hpp"
#include "sim/io/pool_plan.hpp"
#include "sim/io/serverless_yaml.hpp"
#include "sim/io/load_resolver.hpp"
#include "sim/io/workload_yaml.hpp"
#include "sim/io/yaml_reader.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::io {

namespace {

void parse_run(const YamlValue& value, scenario::RunConfig& out) {
  const MapReader map(value, {"requests", "warmup", "replications", "timeseries_s", "max_queued"});
  const std::int64_t most = std::numeric_limits<std::int64_t>::max();
  map.integer("requests", out.requests, 1, most);
  map.integer("warmup", out.warmup, 0, most);
  map.integer("replications", out.replications, 1, kMaxReplications);
  // timeseries_s: interval of timeseries.csv in simulated seconds: 0 (adaptive, the default) or
  // in [1e-9, 4.6e9]: the monitor reschedules itself, so a period under 1 ns is refused as any
  // self-rescheduling process's is (issue 12, progress guarantee).
  if (const auto interval = map.get("timeseries_s")) {
    out.timeseries_s = interval->as_number(duration_s_range());
    if (out.timeseries_s != 0 && out.timeseries_s < 1e-9) {
      interval->fail("must be 0 (adaptive) or >= 1e-9 s (got " + interval->as_string() + "); " +
                     kTimeDomainNote);
    }
  }
  map.integer("max_queued", out.max_queued, 1, 1'000'000'000);
}

scenario::ScenarioConfig parse_scenario(const YamlValue& root) {
  const MapReader map(root, {"name", "seed", "run", "workload", "network", "models", "pools",
                             "load_balancer", "interference", "redundancy", "ensemble",
                             "platform", "slo_ms", "hardware"});
  scenario::ScenarioConfig config;
  read_output_name(map, "name", config.name);
  map.uint64("seed", config.seed);
  if (const auto run = map.get("run")) parse_run(*run, config.run);
  // Models before pools (pools name models), pools before interference (background load
  // names pools and instances).
  config.models = parse_models(map.require("models"));
  config.pools = parse_pools(map.require("pools"), config.models);
  if (const auto workload = map.get("workload")) parse_workload(*workload, config.workload);
  if (const auto network = map.get("network")) parse_network(*network, config.network);
  if (const auto balancer = map.get("load_balancer"))
    config.load_balancer = parse_load_balancer(*balancer);
  if (const auto interference = map.get("interference")) {
    parse_interference(*interference, config.pools, config.models, config.interference);
  }
  if (const auto redundancy = map.get("redundancy"))
    parse_redundancy(*redundancy, config.redundancy);
  // ensemble: several models answer each request together (ensemble_yaml.hpp).
  if (const auto ensemble = map.get("ensemble")) {
    config.ensemble = parse_ensemble(*ensemble, config.models);
    if (!policy::redundancy_entry(config.redundancy.kind).needs.with_ensemble) {
      throw ensemble->error("an ensemble cannot be combined with redundancy kind '" +
                            config.redundancy.kind + "' (set redundancy.kind: none)");
    }
  }
  if (const auto platform = map.get("platform")) {
    parse_platform(*platform, config.pools, map.require("pools"), config.models, config.platform);
  }
  map.number("slo_ms", config.slo_ms, duration_ms_range());
  // hardware: {instances: N}, N in [1, kMaxInstances]: equal hardware across redundancy kinds.
  if (const auto hardware = map.get("hardware")) {
    const MapReader hw(*hardware, {"instances"});
    hw.integer("instances", config.hardware_instances, 1, kMaxInstances);
  }
  // workload.load needs the first pool, its model and the interference: resolved last.
  if (config.workload.load > 0) {
    const YamlValue load = MapReader(map.require("workload"), {"arrival", "payload_bytes",
                                                               "response_bytes", "load"})
                               .require("load");
    try {
      apply_load(config);
    } catch (const core::ConfigError& error) {
      throw load.error(error.what());
    }
  }
  return config;
}

// The value at the dotted `path` under `root`, or its deepest ancestor the file has: a key left
// to its default has no position of its own, so the error points at the map it would be in.
YamlValue deepest_value(const YamlValue& root, const std::string& path) {
  // yaml-cpp nodes are references: assigning one to another changes the tree, so nodes are
  // rebound with reset() and read through const references.
  YAML::Node node;
  node.reset(root.node());
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('.', start);
    if (end == std::string::npos) end = path.size();
    const std::string key = path.substr(start, end - start);
    const YAML::Node& here = node;
    YAML::Node child;
    bool found = false;
    if (here.IsMap()) {
      for (const auto& entry : here) {
        if (entry.first.IsScalar() && entry.first.Scalar() == key) {
          child.reset(entry.second);
          found = true;
        }
      }
    } else if (here.IsSequence() && !key.empty() && key.size() < 10 &&
               key.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(key) < here.size()) {
      child.reset(here[std::stoul(key)]);
      found = true;
    }
    if (!found) break;
    node.reset(child);
    start = end + 1;
  }
  return YamlValue(root.source(), node, path);
}

// Checks that need the whole scenario (pool_plan.hpp), reported at the key they are about.
void check_fits(const YamlValue& root, const scenario::ScenarioConfig& config) {
  try {
    check_scenario_fits(config);
  } catch (const KeyError& error) {
    throw deepest_value(root, error.path()).error(error.reason());
  }
}

}  // namespace

scenario::ScenarioConfig load_scenario(const std::string& file,
                                       const std::vector<Override>& overrides) {
  const FileText text = read_text_file(file);
  if (!text.ok) throw core::ConfigError("cannot open scenario '" + file + "': " + text.error);
  return load_scenario_text(text.text, file, overrides);
}

scenario::ScenarioConfig load_scenario_text(const std::string& text, const std::string& file,
                                            const std::vector<Override>& overrides) {
  YAML::Node root = parse_yaml_text(text, file);
  if (!root.IsDefined() || root.IsNull()) {
    throw core::ConfigError(core::SourceLocation{file, 0, 0},
                            "empty scenario (expected a map with at least models and pools)");
  }
  if (!root.IsMap()) {
    const YamlSource source(file, PathBase{});
    throw source.error(root.Mark(), "",
                       "a scenario must be a map of keys (name, models, pools, ...)");
  }
  std::vector<OverrideOrigin> origins = apply_overrides(root, overrides);
  const YamlSource source(file, PathBase{std::filesystem::path(file).parent_path(), false},
                          std::move(origins));
  const YamlValue root_value(source, root, "");
  scenario::ScenarioConfig config = parse_scenario(root_value);
  check_fits(root_value, config);
  config.source_file = file;
  return config;
}

}  // namespace servesim::io
