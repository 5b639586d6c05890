// File: sim/io/policy_yaml.hpp
//
// The policy choices: `load_balancer:` (a registry name) and `redundancy:`.
#pragma once

#include <string>
#include <vector>

#include "sim/io/field_table.hpp"
#include "sim/io/yaml_reader.hpp"
#include "sim/policy/redundancy/redundancy_config.hpp"

namespace servesim::io {

// Names of the load balancers and of the redundancy kinds, in registry order, read from the
// policy registries (policy/*/registry.cpp) so there is one list of each.
const std::vector<std::string>& load_balancer_names();
const std::vector<std::string>& redundancy_kind_names();

std::string parse_load_balancer(const YamlValue& value);

// `redundancy:`'s keys, one row each (field_table.hpp): the reader, `check`'s printer and
// `servesim keys` use it.
const FieldTable<policy::RedundancyConfig>& redundancy_fields();
void parse_redundancy(const YamlValue& value, policy::RedundancyConfig& out);
void print_redundancy(YAML::Emitter& out, const policy::RedundancyConfig& redundancy);

}  // namespace servesim::io
