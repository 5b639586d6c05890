// File: sim/io/cluster_yaml.hpp
//
// The sections describing the serving cluster: `network:`, `pools:` and `interference:`
// (`platform:` is in serverless_yaml.hpp). Each parser starts from the defaults in `out` and
// replaces what the YAML gives; the keys are documented in cluster_yaml.cpp next to the code
// reading them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/cluster/interference_config.hpp"
#include "sim/cluster/model_config.hpp"
#include "sim/cluster/network_config.hpp"
#include "sim/cluster/pool_config.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// The keys of each section (field_table.hpp), for `servesim keys` and the docs.
const FieldTable<cluster::NetworkConfig>& network_keys();
const FieldTable<cluster::PoolConfig>& pool_keys();
const FieldTable<cluster::InterferenceConfig>& interference_keys();

void parse_network(const YamlValue& value, cluster::NetworkConfig& out);
// The printers of `servesim check` (scenario_printer.cpp): each writes its section's value.
void print_network(YAML::Emitter& out, const cluster::NetworkConfig& network);
void print_pools(YAML::Emitter& out, const std::vector<cluster::PoolConfig>& pools);
void print_interference(YAML::Emitter& out, const cluster::InterferenceConfig& interference);

// Required, non-empty; each pool's model must be a key of `models`.
std::vector<cluster::PoolConfig> parse_pools(
    const YamlValue& value, const std::map<std::string, cluster::ModelConfig>& models);

// Background load names pools and instances of `pools`.
void parse_interference(const YamlValue& value, const std::vector<cluster::PoolConfig>& pools,
                        const std::map<std::string, cluster::ModelConfig>& models,
                        cluster::InterferenceConfig& out);

}  // namespace servesim::io
