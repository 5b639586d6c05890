// File: sim/io/model_yaml.cpp
#include "sim/io/model_yaml.hpp"

#include "sim/io/distribution_yaml.hpp"
#include "sim/io/profile_loader.hpp"
#include "sim/io/referenced_file.hpp"

namespace servesim::io {

namespace {

cluster::ModelConfig parse_model(const std::string& name, const YamlValue& value) {
  const MapReader map(value, {"profile", "latency", "latency_by_batch", "accuracy"});
  cluster::ModelConfig model;
  if (const auto profile = map.get("profile")) model = load_profile(read_referenced_file(*profile));
  model.name = name;
  // profile: a model profile file (models/profiles/*.yaml).
  // latency: DIST of batch size 1, ms.
  // latency_by_batch: {batch size: DIST, ...}, ms.
  if (map.has("latency") && map.has("latency_by_batch")) {
    map.fail("give latency or latency_by_batch, not both");
  }
  if (const auto latency = map.get("latency")) {
    model.latency_by_batch = {{1, parse_distribution(*latency)}};
  } else if (const auto table = map.get("latency_by_batch")) {
    model.latency_by_batch = parse_latency_by_batch(*table);
  } else if (!map.has("profile")) {
    map.fail("needs a profile, latency or latency_by_batch");
  }
  // accuracy: top-1 accuracy of a primary answer, in [0, 1].
  if (const auto accuracy = map.get("accuracy"))
    model.accuracy = accuracy->as_number(between(0, 1));
  return model;
}

}  // namespace

std::map<std::string, cluster::ModelConfig> parse_models(const YamlValue& value) {
  std::map<std::string, cluster::ModelConfig> models;
  for (const auto& [key, item] : map_entries(value)) {
    const std::string name = key.as_string();
    if (name.empty()) key.fail("a model name must not be empty");
    models.emplace(name, parse_model(name, item));
  }
  if (models.empty()) value.fail("needs at least one model");
  return models;
}

}  // namespace servesim::io
