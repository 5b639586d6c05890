// File: tests/io/scenario_keys_test.cpp
//
// The field tables (io/field_table.hpp) against what the loader and `servesim check` actually
// do: every key `check` prints is declared, every declared default is the value `check` prints
// for a scenario that leaves the key out, and a key the table declares is read through it.
#include "sim/io/scenario_keys.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <string>

#include "io_test_support.hpp"

namespace servesim::io::testing {
namespace {

// Every section's map written out, so that `check` prints every conditional key too.
constexpr const char* kEverySection = R"(models:
  m: {latency: {dist: exponential, mean: 1}}
pools:
  - {name: p, model: m, instances: 2}
run: {requests: 10, timeseries_s: 1, max_queued: 50}
workload: {load: 0.5}
interference:
  episodes: {on: 5, off: 50, slowdown: 2}
  background:
    - {pool: p, instances: [0], schedule: [{at: 0, factor: 2}], period: 10}
  shuffles: {count: 1, slowdown_per_transfer: 0.1}
  tenants: {rate: 1, pool: p, instances: 1, model: m, slowdown: 2}
redundancy: {kind: hedge, default_accuracy: 0.5, encoder: {latency: 1}, decoder: {latency: 1}}
hardware: {instances: 2}
)";

std::set<std::string> declared_paths() {
  std::set<std::string> paths;
  for (const KeyDoc& key : all_scenario_keys()) paths.insert(key.path);
  return paths;
}

// True for a key whose value is data rather than keys: a distribution, or a map of free names
// to values (`latency_by_batch`, `functions`).
bool holds_values(const std::string& path) {
  for (const KeyDoc& key : all_scenario_keys()) {
    if (key.path == path) {
      return key.type.find("DIST") != std::string::npos || key.type.rfind("map:", 0) == 0;
    }
  }
  return false;
}

// Collects the canonical paths (list indices as I, J; model names as NAME) of every key in
// `node`, down to values.
void collect(const YAML::Node& node, const std::string& path, int depth,
             std::set<std::string>& out) {
  if (holds_values(path)) return;
  if (path == "platform.functions") {  // pool names, each with the platform's function keys
    for (const auto& entry : node) collect(entry.second, "platform", depth, out);
    return;
  }
  if (node.IsMap()) {
    for (const auto& entry : node) {
      const std::string name = path == "models" ? "NAME" : entry.first.Scalar();
      const std::string child = path.empty() ? name : path + "." + name;
      if (name != "NAME") out.insert(child);  // a name, not a key
      collect(entry.second, child, depth, out);
    }
  } else if (node.IsSequence()) {
    for (const auto& element : node)
      collect(element, path + (depth == 0 ? ".I" : ".J"), depth + 1, out);
  }
}

// A scenario on serverless functions, with a pool's own function.
constexpr const char* kServerless = R"(models:
  m: {latency: {dist: exponential, mean: 1}}
pools:
  - {name: p, model: m}
workload: {arrival: {kind: gamma, rate: 50, cv: 2}}
platform:
  kind: serverless
  on_throttle: retry
  retry: {base_ms: 10, max_attempts: 3}
  functions: {p: {memory_mb: 512}}
)";

class ScenarioKeys : public IoTest {
 protected:
  // Every key `check` prints for `text` is declared; returns how many were compared.
  std::size_t expect_printed_keys_declared(const std::string& text) {
    const YAML::Node printed = YAML::Load(resolved_scenario_yaml(load(text)));
    const std::set<std::string> declared = declared_paths();
    std::size_t compared = 0;
    for (const auto& entry : printed) {
      const std::string section = entry.first.Scalar();
      EXPECT_TRUE(declared.count(section)) << section;
      std::set<std::string> paths;
      collect(entry.second, section, 0, paths);
      for (const std::string& path : paths) {
        const std::string& key = path;
        EXPECT_TRUE(declared.count(key)) << path << " is printed by check but not declared";
        ++compared;
      }
    }
    return compared;
  }
};

TEST_F(ScenarioKeys, EveryKeyCheckPrintsIsDeclared) {
  EXPECT_GT(expect_printed_keys_declared(kEverySection), 60u);  // every section is reached
  EXPECT_GT(expect_printed_keys_declared(kServerless), 40u);
}

TEST_F(ScenarioKeys, DeclaredDefaultsAreWhatCheckPrints) {
  const YAML::Node printed = YAML::Load(resolved_scenario_yaml(
      load("models:\n  m: {latency: 1}\npools:\n  - {name: p, model: m}\n")));
  int compared = 0;
  for (const KeyDoc& key : all_scenario_keys()) {
    if (key.type != "number" && key.type != "integer" && key.type != "string" &&
        key.type != "boolean") {
      continue;
    }
    // Walk the printed tree along the path (list element 0 for I).
    YAML::Node node = YAML::Clone(printed);
    bool found = true;
    std::size_t start = 0;
    while (found && start <= key.path.size()) {
      std::size_t dot = key.path.find('.', start);
      if (dot == std::string::npos) dot = key.path.size();
      const std::string segment = key.path.substr(start, dot - start);
      YAML::Node next = segment == "I"
                            ? (node.IsSequence() && node.size() > 0 ? node[0] : YAML::Node())
                            : (node.IsMap() ? node[segment] : YAML::Node());
      found = next.IsDefined() && !next.IsNull();
      node.reset(next);
      start = dot + 1;
    }
    // Not printed for this scenario, or a default in words ("required", "not set").
    if (!found || !node.IsScalar() || key.default_value.find(' ') != std::string::npos ||
        key.default_value == "required") {
      continue;
    }
    const std::string shown = key.default_value == "\"\"" ? "" : key.default_value;
    EXPECT_EQ(node.Scalar(), shown) << key.path;
    ++compared;
  }
  EXPECT_GT(compared, 30);
}

TEST_F(ScenarioKeys, PrefixesFollowSetPaths) {
  // --set writes list elements by index; the listing takes the same path.
  const std::vector<KeyDoc> keys = scenario_keys("pools.0.batching");
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].path, "pools.I.batching");
  EXPECT_EQ(keys[1].path, "pools.I.batching.max_batch");
  EXPECT_EQ(keys[2].path, "pools.I.batching.timeout");
  EXPECT_EQ(scenario_keys("redundancy.fill_timeout").size(), 1u);
  EXPECT_TRUE(scenario_keys("redundancy.fill").empty());  // whole segments only
  EXPECT_TRUE(scenario_keys("nothing").empty());
}

// `servesim keys DIST` lists a distribution's keys with the families that take them, and the
// loader takes exactly those: every (family, key) pair is tried.
TEST_F(ScenarioKeys, DistributionKeysAreListedWithTheFamiliesThatTakeThem) {
  const std::vector<KeyDoc> keys = scenario_keys("DIST");
  ASSERT_EQ(keys.size(), 14u);  // dist + 13 parameters (mean is shared by three families)
  EXPECT_EQ(keys.front().path, "DIST.dist");
  const std::vector<KeyDoc> mean = scenario_keys("DIST.mean");
  ASSERT_EQ(mean.size(), 1u);
  EXPECT_EQ(mean[0].kinds,
            (std::vector<std::string>{"exponential", "gamma", "shifted_exponential"}));
  const std::vector<std::string> families = {"constant", "exponential", "lognormal",
                                             "gamma",    "weibull",     "pareto",
                                             "shifted_exponential", "empirical", "uniform"};
  int tried = 0;
  for (const std::string& family : families) {
    for (const KeyDoc& key : keys) {
      if (key.kinds.empty()) continue;
      const std::string name = key.path.substr(std::string("DIST.").size());
      const bool takes = std::find(key.kinds.begin(), key.kinds.end(), family) != key.kinds.end();
      const std::string error = error_of(std::string(testing::kMinimal) +
                                         "network:\n  client_frontend: {dist: " + family + ", " +
                                         name + ": 1}\n");
      const bool refused = error.find("key '" + name + "' is not valid for dist '" + family +
                                      "'") != std::string::npos;
      EXPECT_EQ(refused, !takes) << family << " " << name << ": " << error;
      ++tried;
    }
  }
  EXPECT_EQ(tried, 9 * 13);
}

TEST_F(ScenarioKeys, EveryKeyIsInOneDocSection) {
  std::multiset<std::string> placed;
  for (const KeySection& section : scenario_key_sections()) {
    for (const KeyDoc& key : section.keys) {
      placed.insert(key.path + (key.kinds.empty() ? "" : "#" + section.id));
    }
  }
  for (const KeyDoc& key : all_scenario_keys()) {
    if (!key.kinds.empty()) continue;  // one table per kind that takes it
    EXPECT_EQ(placed.count(key.path), 1u) << key.path;
  }
}

}  // namespace
}  // namespace servesim::io::testing
