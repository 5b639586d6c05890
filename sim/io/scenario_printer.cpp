// File: sim/io/scenario_printer.cpp
//
// resolved_scenario_yaml: the loaded scenario written back as YAML with every key, for
// `servesim check`. Each key is printed by its row of a field table (field_table.hpp), in the
// table's order, in a form the loader reads back to the same value: numbers in shortest
// round-trip form, lognormals as mu/sigma, files as the paths they were found at.
#include <yaml-cpp/yaml.h>

#include "sim/io/field_table.hpp"
#include "sim/io/scenario_loader.hpp"

namespace servesim::io {

std::string resolved_scenario_yaml(const scenario::ScenarioConfig& config) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment("resolved scenario: every key with its value, defaults filled in");
  out << YAML::BeginMap;
  print_fields(out, scenario_fields(), config);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace servesim::io
