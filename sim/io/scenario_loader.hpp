// File: sim/io/scenario_loader.hpp
//
// The scenario file -> ScenarioConfig, the one entry point the CLI and run/ use. Loading
// parses the YAML, applies --set overrides to the tree (so they are checked exactly like the
// file), checks every key, type and range, loads the files the scenario names (model profiles,
// arrival traces, empirical samples) and fills in defaults. Every user error is a
// core::ConfigError naming the dotted key path and, where there is one, file:line:col.
//
// The keys are documented next to the code that reads them: scenario_loader.cpp (top level and
// run), workload_yaml.cpp, distribution_yaml.hpp, model_yaml.hpp, profile_loader.hpp,
// cluster_yaml.cpp (network, pools, interference, platform), policy_yaml.cpp (load_balancer,
// redundancy).
//
// Relative paths in a scenario (profile, trace, empirical files) are tried relative to the
// current directory, then relative to the scenario's directory and each of its parents; the
// config holds them as found (usable from the current directory).
#pragma once

#include <string>
#include <vector>

#include "sim/io/field_table.hpp"
#include "sim/scenario/scenario_config.hpp"

namespace servesim::io {

// One `--set path=value`: a dotted key path (list elements by index, `pools.0.instances`) and
// a YAML value (a scalar, or a flow collection such as `{kind: hedge, delay: 5}`).
struct Override {
  std::string path;
  std::string value;
};

// Parses the text after --set, "a.b=c". Throws core::ConfigError when malformed.
Override parse_override(const std::string& text);
// The overrides as "a.b=c, d=e" (a sweep or calibration point in messages and logs); `none`
// when there are none.
std::string overrides_text(const std::vector<Override>& overrides, const std::string& none = "");
// Every --set of a command line, in order (run, check and the calibrator all take them).
std::vector<Override> parse_overrides(const std::vector<std::string>& texts);

// Loads, checks and resolves `file` with `overrides` applied in order. Throws core::ConfigError.
scenario::ScenarioConfig load_scenario(const std::string& file,
                                       const std::vector<Override>& overrides = {});

// The same from the scenario's text, already read: `file` names it in messages and anchors its
// relative paths (it need not exist). For tools that generate scenarios, and for tests.
scenario::ScenarioConfig load_scenario_text(const std::string& text, const std::string& file,
                                            const std::vector<Override>& overrides = {});

// The resolved scenario as YAML, every key with its value (defaults included), for
// `servesim check`. Distributions are printed in canonical form (lognormal as mu/sigma, with
// median and p99 in a comment), models from profiles as the profile path plus its latencies,
// traces as their file and settings. Loading the text again (from the same directory, with the
// same files) gives an equal scenario and the same text.
std::string resolved_scenario_yaml(const scenario::ScenarioConfig& config);

// The top-level keys (field_table.hpp), in the order `check` prints them; each section's own
// keys are in its reader's table.
const FieldTable<scenario::ScenarioConfig>& scenario_fields();

}  // namespace servesim::io
