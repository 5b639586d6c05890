// File: sim/io/policy_yaml.hpp
//
// The policy choices: `load_balancer:` (a registry name) and `redundancy:`.
#pragma once

#include <string>
#include <vector>

#include "sim/io/yaml_reader.hpp"
#include "sim/policy/redundancy/redundancy_config.hpp"

namespace servesim::io {

// Names of the load balancers, in registry order. Mirrors the table in
// policy/load_balancer/registry.cpp (io may not link the policy library); a test checks the two
// agree where both are linked.
const std::vector<std::string>& load_balancer_names();
// Names of the redundancy kinds; mirrors policy/redundancy/registry.cpp.
const std::vector<std::string>& redundancy_kind_names();

std::string parse_load_balancer(const YamlValue& value);

void parse_redundancy(const YamlValue& value, policy::RedundancyConfig& out);

}  // namespace servesim::io
