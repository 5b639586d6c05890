// File: tests/policy/redundancy_docs_test.cpp
//
// docs/scenario.md describes the policy kinds from the registries' rows: the redundancy kind
// table has one row per registry row, in the same order, naming every key the row says the kind
// reads; `redundancy.kind` lists the same names; and every key a redundancy or keep-alive row
// declares is a documented key. Adding a kind without its docs, or docs for a kind that does
// not exist, fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/policy/keep_alive/keep_alive_policy.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"
#include "sim/policy/registry_lookup.hpp"

namespace servesim::policy {
namespace {

std::string scenario_docs() {
  std::ifstream in(std::string(SERVESIM_SOURCE_DIR) + "/docs/scenario.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rows of the table under "## redundancy" whose header starts "| kind |": (kind, uses).
std::vector<std::pair<std::string, std::string>> kind_table(const std::string& docs) {
  std::vector<std::pair<std::string, std::string>> rows;
  const std::size_t section = docs.find("\n## redundancy\n");
  const std::size_t table = docs.find("\n| kind |", section);
  if (section == std::string::npos || table == std::string::npos) return rows;
  std::istringstream lines(docs.substr(table + 1));
  std::string line;
  std::getline(lines, line);  // header
  std::getline(lines, line);  // |---|
  while (std::getline(lines, line) && line.rfind("| `", 0) == 0) {
    const std::size_t name_end = line.find('`', 3);
    const std::size_t uses = line.rfind(" | ");
    rows.emplace_back(line.substr(3, name_end - 3), line.substr(uses + 3));
  }
  return rows;
}

TEST(RedundancyDocs, KindTableHasOneRowPerRegistryRowInOrder) {
  const auto rows = kind_table(scenario_docs());
  const auto registry = redundancy_registry();
  ASSERT_EQ(rows.size(), registry.size());
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    EXPECT_EQ(rows[idx].first, registry[idx].name);
    // Every key the row declares is named in the "uses" cell.
    std::istringstream keys(registry[idx].needs.keys);
    for (std::string key; std::getline(keys, key, ',');) {
      key.erase(0, key.find_first_not_of(' '));
      EXPECT_NE(rows[idx].second.find("`" + key + "`"), std::string::npos)
          << registry[idx].name << " reads '" << key << "', docs say: " << rows[idx].second;
    }
  }
}

// The key table's row for `redundancy.kind` names every kind (whatever the table's layout, which
// the field tables generate).
TEST(RedundancyDocs, KindKeyListsTheRegistryNames) {
  const std::string docs = scenario_docs();
  const std::size_t start = docs.find("| `redundancy.kind` |");
  ASSERT_NE(start, std::string::npos);
  const std::string row = docs.substr(start, docs.find('\n', start) - start);
  // A name counts only as a whole word (`replicate` is not found inside `replicate_fastest`).
  const auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  for (const std::string& name : registry_names(redundancy_registry())) {
    bool found = false;
    for (std::size_t at = row.find(name); at != std::string::npos && !found;
         at = row.find(name, at + 1)) {
      const std::size_t end = at + name.size();
      found = (at == 0 || !word_char(row[at - 1])) && (end == row.size() || !word_char(row[end]));
    }
    EXPECT_TRUE(found) << name << " missing from: " << row;
  }
}

std::vector<std::string> split_keys(const char* keys) {
  std::vector<std::string> out;
  std::istringstream in(keys);
  for (std::string key; std::getline(in, key, ',');) {
    key.erase(0, key.find_first_not_of(' '));
    if (!key.empty()) out.push_back(key);
  }
  return out;
}

TEST(PolicyDocs, EveryDeclaredKeyIsADocumentedKey) {
  const std::string docs = scenario_docs();
  for (const RedundancyEntry& row : redundancy_registry()) {
    for (const std::string& key : split_keys(row.needs.keys)) {
      EXPECT_NE(docs.find("`redundancy." + key), std::string::npos) << row.name << ": " << key;
    }
  }
  for (const KeepAliveEntry& row : keep_alive_registry()) {
    EXPECT_FALSE(split_keys(row.keys).empty()) << row.name;
    for (const std::string& key : split_keys(row.keys)) {
      EXPECT_NE(docs.find("`platform.keep_alive." + key + "`"), std::string::npos)
          << row.name << ": " << key;
    }
  }
}

}  // namespace
}  // namespace servesim::policy
