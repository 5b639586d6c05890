// File: sim/io/model_yaml.hpp
//
// `models:` — name -> model. A model is one of
//   {profile: FILE}                          a profile file (profile_loader.hpp)
//   {latency: DIST}                          inline, batch size 1 only
//   {latency_by_batch: {1: DIST, 8: DIST}}   inline, per batch size
// plus optional `accuracy` (top-1 in [0, 1]). Inline keys next to `profile` replace the
// profile's values (`servesim check` prints profiles that way: the file and its latencies).
#pragma once

#include <map>
#include <string>

#include "sim/cluster/model_config.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// Required and non-empty.
std::map<std::string, cluster::ModelConfig> parse_models(const YamlValue& value);
void print_models(YAML::Emitter& out, const std::map<std::string, cluster::ModelConfig>& models);

}  // namespace servesim::io
