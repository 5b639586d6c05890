// File: sim/io/sweep_loader.cpp
#include "sim/io/sweep_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "sim/io/file_access.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/output_name.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/set_text.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

namespace {

// One `dotted.key: [values]` map (grid or zip); `labels`, if given, receives a zip group's
// `label: [...]` list instead of treating it as a key.
std::vector<SweptKey> parse_keys(const YamlValue& block, const std::string& file,
                                 std::vector<SweptValue>* labels = nullptr) {
  std::vector<SweptKey> keys;
  if (!block.is_map())
    block.fail("expected a map of dotted.key: [values], got " + block.describe());
  for (const auto& [key, list] : map_entries(block)) {
    if (labels != nullptr && key.node().Scalar() == "label") {
      if (!list.is_list())
        list.fail("expected a list of labels, one per entry, got " + list.describe());
      for (const YamlValue& element : list.as_list()) {
        if (!element.is_scalar())
          element.fail("a label must be a string, got " + element.describe());
        labels->push_back({element.node().Scalar(), mark_location(file, element.mark())});
      }
      continue;
    }
    SweptKey swept;
    swept.key = key.node().Scalar();
    swept.where = mark_location(file, key.node().Mark());
    if (!valid_key_path(swept.key)) {
      key.fail(
          fmt::format("'{}' is not a dotted key path (e.g. workload.arrival.rate)", swept.key));
    }
    if (swept.key == "run.replications") {
      key.fail("run.replications cannot be swept; set the sweep's own 'replications:' instead");
    }
    if (!list.is_list()) {
      list.fail("expected a list of values, e.g. [1000, 2000], got " + list.describe());
    }
    for (const YamlValue& element : list.as_list()) {
      if (element.is_null()) element.fail("a swept value cannot be empty");
      swept.values.push_back({set_value_text(element), mark_location(file, element.mark())});
    }
    if (swept.values.empty()) list.fail("needs at least one value");
    keys.push_back(std::move(swept));
  }
  return keys;
}

// One zip group: its keys all as long as each other, and its labels as long as they.
ZipGroup parse_zip_group(const YamlValue& block, const std::string& file) {
  ZipGroup group;
  group.keys = parse_keys(block, file, &group.labels);
  if (group.keys.empty()) block.fail("a zip group needs at least one dotted.key: [values]");
  for (const SweptKey& key : group.keys) {
    if (key.values.size() != group.keys.front().values.size()) {
      throw core::ConfigError(
          key.where, fmt::format("zip.{}: has {} values but zip.{} has {}; zipped lists pair up "
                                 "element by element, so they must have the same length",
                                 key.key, key.values.size(), group.keys.front().key,
                                 group.keys.front().values.size()));
    }
  }
  if (!group.labels.empty() && group.labels.size() != group.keys.front().values.size()) {
    throw core::ConfigError(
        group.labels.front().where,
        fmt::format("zip label: has {} labels but zip.{} has {} values; "
                    "give one label per entry",
                    group.labels.size(), group.keys.front().key, group.keys.front().values.size()));
  }
  return group;
}

std::string default_name(const std::string& file) {
  return std::filesystem::path(file).stem().string();
}

}  // namespace

SweepSpec load_sweep(const std::string& file) {
  return load_sweep_text(read_input_file(file, "sweep file"), file);
}

SweepSpec load_sweep_text(const std::string& text, const std::string& file) {
  const YAML::Node root = parse_yaml_document(
      text, file, "empty sweep file (expected a map with base and grid or zip)");
  const YamlSource source(file, PathBase{std::filesystem::path(file).parent_path(), true});
  const YamlValue top(source, root, "");
  if (!root.IsMap()) top.fail("a sweep file must be a map (base, grid, zip, replications, ...)");
  const MapReader map(top,
                      {"name", "base", "grid", "zip", "label", "outputs", "replications", "seeds"});

  SweepSpec spec;
  spec.file = file;
  spec.name = default_name(file);
  read_output_name(map, "name", spec.name);

  const YamlValue base = map.require("base");
  if (base.as_string().empty()) {
    base.fail("expected the base scenario's file name, got an empty string");
  }
  spec.base = resolve_referenced_path(base);
  spec.base_where = mark_location(file, base.mark());

  if (const auto grid = map.get("grid")) spec.grid = parse_keys(*grid, file);
  // Duplicate points would make two rows with one identity (compare then refuses sweep.csv):
  // a grid value listed twice, or a zip tuple listed twice, is an error at the second.
  for (const SweptKey& key : spec.grid) {
    std::set<std::string> seen;
    for (const SweptValue& value : key.values) {
      if (!seen.insert(value.text).second) {
        throw core::ConfigError(
            value.where, fmt::format("grid.{}: value {} is listed twice", key.key, value.text));
      }
    }
  }
  if (const auto zip = map.get("zip")) {
    if (zip->is_list()) {
      for (const YamlValue& group : zip->as_list())
        spec.zips.push_back(parse_zip_group(group, file));
    } else {
      spec.zips.push_back(parse_zip_group(*zip, file));
    }
  }
  for (const ZipGroup& group : spec.zips) {
    std::set<std::vector<std::string>> seen;
    for (std::size_t at = 0; at < group.size(); ++at) {
      std::vector<std::string> tuple;
      for (const SweptKey& key : group.keys) tuple.push_back(key.values[at].text);
      if (!seen.insert(tuple).second) {
        throw core::ConfigError(group.keys.front().values[at].where,
                                fmt::format("zip: element {} repeats an earlier element (every "
                                            "zipped value the same)",
                                            at));
      }
    }
  }
  std::vector<const SweptKey*> swept;
  for (const SweptKey& key : spec.grid) swept.push_back(&key);
  for (const ZipGroup& group : spec.zips) {
    for (const SweptKey& key : group.keys) {
      for (const SweptKey* other : swept) {
        if (other->key == key.key) {
          throw core::ConfigError(key.where, fmt::format("zip.{}: is also swept at line {}",
                                                         key.key, other->where.line));
        }
      }
      swept.push_back(&key);
    }
  }
  if (const auto label = map.get("label")) {
    spec.label = label->as_string();
    spec.label_where = mark_location(file, label->mark());
  }
  if (const auto outputs = map.get("outputs")) {
    const MapReader reader(*outputs, {"cdf"});
    if (const auto cdf = reader.get("cdf")) spec.outputs.cdf = cdf->as_bool();
  }
  if (const auto reps = map.get("replications")) {
    spec.replications = reps->as_int(1, kMaxReplications);
  }
  if (const auto seeds = map.get("seeds")) {
    spec.seeds = seeds->as_choice("seed scheme", {"common", "independent"}) == "common"
                     ? SweepSeeds::kCommon
                     : SweepSeeds::kIndependent;
  }
  return spec;
}

}  // namespace servesim::io
