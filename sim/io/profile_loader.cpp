// File: sim/io/profile_loader.cpp
#include "sim/io/profile_loader.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/io/distribution_yaml.hpp"
#include "sim/io/limits.hpp"

namespace servesim::io {

std::map<int, dist::DistributionSpec> parse_latency_by_batch(const YamlValue& value) {
  std::map<int, dist::DistributionSpec> table;
  for (const auto& [key, item] : map_entries(value)) {
    const int batch = key.as_int(1, kMaxBatchSize);
    if (table.count(batch) != 0) key.fail(fmt::format("batch size {} given twice", batch));
    table.emplace(batch, parse_distribution(item));
  }
  if (table.empty())
    value.fail("needs at least one batch size, e.g. {1: {dist: constant, value: 5}}");
  return table;
}

cluster::ModelConfig load_profile(const ReferencedFile& file) {
  const YamlSource source(file.resolved,
                          PathBase{std::filesystem::path(file.resolved).parent_path(), true});
  const YamlValue root(source, parse_yaml_text(file.text, file.resolved), "");
  if (!root.is_map()) root.fail("a profile must be a map of keys, got " + root.describe());
  const MapReader map(
      root, {"model", "hardware", "source", "status", "method", "accuracy", "latency_by_batch"});
  cluster::ModelConfig model;
  model.profile = file.resolved;
  std::string unused;
  map.string("model", unused);
  map.string("hardware", model.hardware);
  map.string("source", model.source);
  if (const auto status = map.get("status")) {
    status->as_choice("status", {"measured", "published", "estimate"});
  }
  map.string("method", unused);
  if (const auto accuracy = map.get("accuracy"))
    model.accuracy = accuracy->as_number(between(0, 1));
  model.latency_by_batch = parse_latency_by_batch(map.require("latency_by_batch"));
  return model;
}

}  // namespace servesim::io
