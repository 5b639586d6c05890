// File: sim/io/profile_loader.cpp
#include "sim/io/profile_loader.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iterator>
#include <vector>

#include "sim/io/distribution_yaml.hpp"
#include "sim/io/limits.hpp"

namespace servesim::io {

namespace {

// Rows in ProfileKey order.
constexpr OutputColumn kProfileKeys[] = {
    {"model", "", "", "the model's name (free text; the scenario's key is what pools refer to)"},
    {"hardware", "", "", "what it ran on: device, software stack, threads, ..."},
    {"source", "", "",
     "citation: repo@commit/file, paper and table, or 'measured by servesim: "
     "models/measurements/...'"},
    {"status", "", "", "`measured`, `published` or `estimate`"},
    {"method", "", "",
     "how the numbers were derived (for `status: estimate` or derived numbers; free text)"},
    {"accuracy", "fraction", "", "optional: top-1 accuracy of the model, in [0, 1]"},
    {"latency_by_batch", "ms", "",
     "{batch size (integer in [1, 100000]): DIST, ...}; required, at least one entry"},
};
static_assert(std::size(kProfileKeys) == static_cast<std::size_t>(ProfileKey::kLatencyByBatch) + 1);
static_assert(kMaxBatchSize == 100000, "latency_by_batch's meaning states the largest batch size");

}  // namespace

std::span<const OutputColumn> profile_keys() { return kProfileKeys; }

std::string_view profile_key(ProfileKey key) {
  return kProfileKeys[static_cast<std::size_t>(key)].name;
}

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
  std::vector<std::string> allowed;
  for (const OutputColumn& key : kProfileKeys) allowed.emplace_back(key.name);
  const MapReader map(root, std::move(allowed));
  using enum ProfileKey;
  cluster::ModelConfig model;
  model.profile = file.resolved;
  std::string unused;
  map.string(profile_key(kModel), unused);
  map.string(profile_key(kHardware), model.hardware);
  map.string(profile_key(kSource), model.source);
  if (const auto status = map.get(profile_key(kStatus))) {
    status->as_choice(profile_key(kStatus), {"measured", "published", "estimate"});
  }
  map.string(profile_key(kMethod), unused);
  if (const auto accuracy = map.get(profile_key(kAccuracy)))
    model.accuracy = accuracy->as_number(between(0, 1));
  model.latency_by_batch = parse_latency_by_batch(map.require(profile_key(kLatencyByBatch)));
  return model;
}

}  // namespace servesim::io
