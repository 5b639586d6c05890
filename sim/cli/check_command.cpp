// File: sim/cli/check_command.cpp
//
// `servesim check`: validate a scenario (loading, overrides, and everything building it would
// check) without running it, and print it fully resolved as YAML.
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/simulation.hpp"

namespace servesim::cli {

int check_command(const CheckOptions& options) {
  const scenario::ScenarioConfig config =
      io::load_scenario(options.scenario, io::parse_overrides(options.overrides));
  run::check_buildable(config);
  std::cout << io::resolved_scenario_yaml(config);
  return 0;
}

}  // namespace servesim::cli
