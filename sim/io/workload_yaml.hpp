// File: sim/io/workload_yaml.hpp
//
// `workload:` — how requests arrive and how big they are.
#pragma once

#include "sim/cluster/workload_config.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/yaml_reader.hpp"

#include <string>
#include <vector>

namespace servesim::io {

// The keys of `workload:` (field_table.hpp), for the reader, `check` and `servesim keys`.
const FieldTable<cluster::WorkloadConfig>& workload_fields();
void print_workload(YAML::Emitter& out, const cluster::WorkloadConfig& workload);
// `out` holds the defaults; keys present in `value` replace them.
void parse_workload(const YamlValue& value, cluster::WorkloadConfig& out);

}  // namespace servesim::io
