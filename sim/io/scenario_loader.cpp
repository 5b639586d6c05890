// File: sim/io/scenario_loader.cpp
//
// The top level of a scenario file and its `run:` section, declared in scenario_fields() and
// run_fields() (field_table.hpp); each section's keys are declared next to its reader
// (workload_yaml.cpp, cluster_yaml.cpp, model_yaml.cpp, policy_yaml.cpp, ensemble_yaml.cpp,
// serverless_yaml.cpp). `servesim keys` lists them all.
#include "sim/io/scenario_loader.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <limits>

#include "sim/core/error.hpp"
#include "sim/io/cluster_yaml.hpp"
#include "sim/io/did_you_mean.hpp"
#include "sim/io/ensemble_yaml.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/file_access.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/load_resolver.hpp"
#include "sim/io/model_yaml.hpp"
#include "sim/io/output_name.hpp"
#include "sim/io/overrides.hpp"
#include "sim/io/policy_yaml.hpp"
#include "sim/io/pool_plan.hpp"
#include "sim/io/serverless_yaml.hpp"
#include "sim/io/time_range.hpp"
#include "sim/io/workload_yaml.hpp"
#include "sim/io/yaml_reader.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::io {

namespace {

using scenario::RunConfig;
using scenario::ScenarioConfig;

const FieldTable<RunConfig>& run_fields() {
  constexpr std::int64_t kMost = std::numeric_limits<std::int64_t>::max();
  static const FieldTable<RunConfig> table = {
      integer_field<RunConfig>("requests", &RunConfig::requests, std::int64_t{1}, kMost, "requests",
                               "Measured requests per replication. They arrive after the "
                               "warm-up ones. `--requests N` overrides it."),
      integer_field<RunConfig>("warmup", &RunConfig::warmup, std::int64_t{0}, kMost, "requests",
                               "The first `warmup` requests **by arrival** in each replication. "
                               "They are simulated but left out of every latency, served, "
                               "accuracy and SLO figure."),
      integer_field<RunConfig>("replications", &RunConfig::replications, 1, kMaxReplications, "",
                               "Independent replications, each with its own streams (same seed, "
                               "replication index 0, 1, …). With ≥ 2 each figure is the mean "
                               "over replications, with a Student-t 95% half-width."),
      // 0 (adaptive) or at least 1e-9: the monitor reschedules itself, so a period under 1 ns
      // is refused as any self-rescheduling process's is (issue 12, progress guarantee).
      custom_field<RunConfig>(
          "timeseries_s",
          {"number", "s (simulated)", "0", "0, or in [1e-09, 4600000000]",
           "Interval of `timeseries.csv`. 0: adaptive, 256–512 equal intervals over the run. "
           "> 0: this interval, until 100,000 rows are held, after which it doubles (keeping "
           "every other row) so memory stays bounded."},
          [](const YamlValue& value, RunConfig& out, const MapReader&) {
            out.timeseries_s = value.as_number(duration_s_range());
            if (out.timeseries_s != 0 && out.timeseries_s < 1e-9) {
              value.fail("must be 0 (adaptive) or >= 1e-9 s (got " + value.as_string() + "); " +
                         kTimeDomainNote);
            }
          },
          [](YAML::Emitter& out, const RunConfig& run) { out << format_number(run.timeseries_s); })
          .printed_when([](const RunConfig& run) { return run.timeseries_s > 0; }),
      // Printed only when changed: the resolved text is a sweep point's identity
      // (run/sweep_plan.cpp), and the default's arrival must not change the ids of rows that
      // earlier sweeps wrote.
      integer_field<RunConfig>("max_queued", &RunConfig::max_queued, std::int64_t{1},
                               std::int64_t{1'000'000'000}, "requests",
                               "Requests in the system (sent, not yet answered or dropped) at "
                               "which the run stops with exit 2: \"the system is unstable at "
                               "this load\". Bounds an overloaded run's memory (about 70 bytes "
                               "per queued request). Raise it to study an overload on purpose.")
          .printed_when([](const RunConfig& run) {
            return run.max_queued != default_config<RunConfig>().max_queued;
          }),
  };
  return table;
}

const FieldTable<ScenarioConfig>& hardware_fields() {
  static const FieldTable<ScenarioConfig> table = {
      integer_field<ScenarioConfig>(
          "instances", &ScenarioConfig::hardware_instances, 1, kMaxInstances, "instances",
          "Equal hardware across redundancy kinds: N instances in all, replacing the pools' own "
          "`instances`. `none`, `equal_resources`, `replicate`, `hedge`: the first pool gets N. "
          "`parity`: ⌊N k / (k + r)⌋ deployed, the remaining N − ⌊N k / (k + r)⌋ serve parity "
          "queries (16 GPUs: k = 2 → 10 + 6, k = 3 → 12 + 4, k = 4 → 12 + 4). `backup`: "
          "⌊N k / (k + 1)⌋ deployed and the rest run the backup model (ParM's n/k backup "
          "instances). The deployed pool is rounded down, so the redundant pool gets the "
          "remainder; a split leaving a pool empty is refused.")
          .default_is("not set"),
  };
  return table;
}

// A section read by its own parser into a member of the scenario, printed by its own printer.
template <class Section>
Field<ScenarioConfig> section_field(std::string name, Section ScenarioConfig::*member,
                                    std::string meaning, void (*parse)(const YamlValue&, Section&),
                                    void (*print)(YAML::Emitter&, const Section&)) {
  return custom_field<ScenarioConfig>(
      std::move(name), {"map", "", "", "", std::move(meaning)},
      [member, parse](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
        parse(value, out.*member);
      },
      [member, print](YAML::Emitter& out, const ScenarioConfig& config) {
        print(out, config.*member);
      });
}

void parse_run(const YamlValue& value, RunConfig& out) { read_map(value, run_fields(), out); }
void print_run(YAML::Emitter& out, const RunConfig& run) {
  out << YAML::Flow << YAML::BeginMap;
  print_fields(out, run_fields(), run);
  out << YAML::EndMap;
}

ScenarioConfig parse_scenario(const YamlValue& root) {
  ScenarioConfig config;
  const MapReader map = read_map(root, scenario_fields(), config);
  // workload.load needs the first pool, its model and the interference: resolved last.
  if (config.workload.load > 0) {
    const YamlValue load =
        MapReader(map.require("workload"), field_names(workload_fields())).require("load");
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

const FieldTable<ScenarioConfig>& scenario_fields() {
  // In the order `check` prints them. Sections read after the ones they refer to: models before
  // pools (pools name models), pools before interference and platform (they name pools and
  // instances), redundancy before ensemble (an ensemble excludes redundancy).
  static const FieldTable<ScenarioConfig> table = {
      custom_field<ScenarioConfig>(
          "name",
          {"string", "", default_config<ScenarioConfig>().name, "a name safe as a folder name",
           "Scenario name. It goes into `summary.json` and gives the default output folder "
           "`out/<name>`."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            const std::string name = value.as_string();
            const std::string problem = output_name_problem(name);
            if (!problem.empty()) value.fail(problem);
            out.name = name;
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) { out << config.name; }),
      custom_field<ScenarioConfig>(
          "seed",
          {"integer", "", fmt::format("{}", default_config<ScenarioConfig>().seed),
           "in [0, 2^64 - 1]",
           "Run seed. Every random stream derives from (seed, replication, stream name). "
           "`--seed N` overrides it."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            out.seed = value.as_uint64();
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) {
            out << fmt::format("{}", config.seed);
          }),
      section_field<RunConfig>("run", &ScenarioConfig::run, "Run length and replications.",
                               parse_run, print_run)
          .with_keys(run_fields),
      section_field<cluster::WorkloadConfig>("workload", &ScenarioConfig::workload,
                                             "Arrival process and request sizes.", parse_workload,
                                             print_workload)
          .with_keys(workload_fields),
      section_field<cluster::NetworkConfig>("network", &ScenarioConfig::network,
                                            "Per-hop delays and bandwidth.", parse_network,
                                            print_network)
          .with_keys(network_keys),
      custom_field<ScenarioConfig>(
          "models", {"map", "", "", "at least 1 entry", "Model name → latency profile."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            out.models = parse_models(value);
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) {
            print_models(out, config.models);
          })
          .must_be_given()
          .with_keys(model_keys, "NAME"),
      custom_field<ScenarioConfig>(
          "pools",
          {"list", "", "", "at least 1 entry",
           "Pools of instances. The first pool serves the requests (an ensemble uses one pool "
           "per member)."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            out.pools = parse_pools(value, out.models);
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) { print_pools(out, config.pools); })
          .must_be_given()
          .with_keys(pool_keys, "I"),
      custom_field<ScenarioConfig>(
          "load_balancer",
          {"string", "", default_config<ScenarioConfig>().load_balancer,
           join_names(load_balancer_names()), "How a `per_instance` pool picks an instance."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            out.load_balancer = parse_load_balancer(value);
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) { out << config.load_balancer; }),
      custom_field<ScenarioConfig>(
          "interference",
          {"map", "", "", "",
           "Stragglers, episodes, background load, failures, shuffles, tenants."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            parse_interference(value, out.pools, out.models, out.interference);
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) {
            print_interference(out, config.interference);
          })
          .with_keys(interference_keys),
      section_field<policy::RedundancyConfig>("redundancy", &ScenarioConfig::redundancy,
                                              "Redundancy scheme.", parse_redundancy,
                                              print_redundancy)
          .default_is("{kind: none}")
          .with_keys(redundancy_fields),
      custom_field<ScenarioConfig>(
          "ensemble",
          {"map", "", "not set", "", "Ensemble of models answering each request together."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            out.ensemble = parse_ensemble(value, out.models);
            if (!policy::redundancy_entry(out.redundancy.kind).needs.with_ensemble) {
              value.fail("an ensemble cannot be combined with redundancy kind '" +
                         out.redundancy.kind + "' (set redundancy.kind: none)");
            }
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) {
            print_ensemble(out, *config.ensemble);
          })
          .printed_when([](const ScenarioConfig& config) { return config.ensemble.has_value(); })
          .with_keys(ensemble_keys),
      custom_field<ScenarioConfig>(
          "platform",
          {"map", "", "{kind: servers, usd_per_instance_hour: 0}", "",
           "Servers or serverless functions, and what serving costs."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader& map) {
            parse_platform(value, out.pools, map.require("pools"), out.models, out.platform);
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) {
            print_platform(out, config.platform);
          })
          .with_keys(platform_keys),
      custom_field<ScenarioConfig>(
          "hardware",
          {"map", "", "not set", "",
           "Equal hardware across redundancy kinds: `instances` in all, split between the "
           "pools the redundancy kind uses (`io/hardware_split.hpp`)."},
          [](const YamlValue& value, ScenarioConfig& out, const MapReader&) {
            read_map(value, hardware_fields(), out);
          },
          [](YAML::Emitter& out, const ScenarioConfig& config) {
            out << YAML::Flow << YAML::BeginMap;
            print_fields(out, hardware_fields(), config);
            out << YAML::EndMap;
          })
          .printed_when([](const ScenarioConfig& config) { return config.hardware_instances > 0; })
          .with_keys(hardware_fields),
      number_field<ScenarioConfig>("slo_ms", &ScenarioConfig::slo_ms, duration_ms_range(), "ms",
                                   "Latency target. With 0 there is no target and "
                                   "`slo.attainment` is `null`."),
  };
  return table;
}

scenario::ScenarioConfig load_scenario(const std::string& file,
                                       const std::vector<Override>& overrides) {
  return load_scenario_text(read_input_file(file, "scenario"), file, overrides);
}

scenario::ScenarioConfig load_scenario_text(const std::string& text, const std::string& file,
                                            const std::vector<Override>& overrides) {
  YAML::Node root = parse_yaml_document(
      text, file, "empty scenario (expected a map with at least models and pools)");
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
