// File: sim/io/ensemble_yaml.hpp
//
// The `ensemble:` section: members, execution, deadline, aggregation, orchestrator overheads and
// prices, and the member-subset accuracy table (models/accuracy/*.csv with columns dataset,
// members, top1_accuracy, source; members joined by '+', in any order).
#pragma once

#include <map>
#include <string>

#include "sim/cluster/model_config.hpp"
#include "sim/io/yaml_reader.hpp"
#include "sim/policy/ensemble/ensemble_config.hpp"

namespace servesim::io {

policy::EnsembleConfig parse_ensemble(const YamlValue& value,
                                      const std::map<std::string, cluster::ModelConfig>& models);
void print_ensemble(YAML::Emitter& out, const policy::EnsembleConfig& ensemble);

}  // namespace servesim::io
