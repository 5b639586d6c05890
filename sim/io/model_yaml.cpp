// File: sim/io/model_yaml.cpp
#include "sim/io/model_yaml.hpp"

#include "sim/io/distribution_yaml.hpp"
#include "sim/io/profile_loader.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/time_range.hpp"

namespace servesim::io {

namespace {

cluster::ModelConfig parse_model(const std::string& name, const YamlValue& value) {
  const MapReader map(value, {"profile", "latency", "latency_by_batch", "accuracy", "time_scale",
                              "target_mean_ms"});
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
  // time_scale: factor on every service time (a measured profile standing for a slower or
  // faster device), in [1e-4, 1e4], default 1. target_mean_ms: the same, given as the mean
  // (> 0, ms) the smallest measured batch size should have. Not both.
  if (map.has("time_scale") && map.has("target_mean_ms")) {
    map.fail("give time_scale or target_mean_ms, not both");
  }
  map.number("time_scale", model.time_scale, with_note(between(1e-4, 1e4)));
  if (const auto target = map.get("target_mean_ms")) {
    const double mean = dist::mean_of(model.latency_by_batch.begin()->second);
    if (!(mean > 0)) target->fail("needs a latency with a mean > 0 to scale");
    const double scale = target->as_number(duration_ms_range(/*positive=*/true)) / mean;
    if (!(scale >= 1e-4 && scale <= 1e4)) {
      target->fail("gives a time scale of " + std::to_string(scale) +
                   " (mean of batch size " + std::to_string(model.latency_by_batch.begin()->first) +
                   ": " + std::to_string(mean) + " ms); the scale must be in [1e-4, 1e4]");
    }
    model.time_scale = scale;
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
