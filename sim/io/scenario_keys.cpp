// File: sim/io/scenario_keys.cpp
#include "sim/io/scenario_keys.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/io/did_you_mean.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/policy_yaml.hpp"
#include "sim/io/scenario_loader.hpp"

namespace servesim::io {

namespace {

// The keys of every DIST map sit below this pseudo path: `servesim keys DIST`.
constexpr const char* kDistributionPrefix = "DIST";

KeySection section(std::string id, std::vector<KeyDoc> keys) {
  return KeySection{std::move(id), std::move(keys)};
}

template <class Config>
std::vector<KeyDoc> keys_of(std::string_view prefix, const FieldTable<Config>& table) {
  std::vector<KeyDoc> keys;
  append_key_docs(keys, prefix, table);
  return keys;
}

// "pools.0.batching" -> "pools.I.batching": --set addresses list elements by index.
std::string canonical_prefix(std::string_view prefix) {
  std::string out;
  std::size_t start = 0;
  while (start <= prefix.size()) {
    std::size_t dot = prefix.find('.', start);
    if (dot == std::string_view::npos) dot = prefix.size();
    const std::string_view segment = prefix.substr(start, dot - start);
    const bool index =
        !segment.empty() && segment.find_first_not_of("0123456789") == std::string_view::npos;
    if (!out.empty()) out += '.';
    out += index ? std::string_view("I") : segment;
    start = dot + 1;
  }
  return out;
}

// `path` is `prefix` or below it; a NAME segment (a free map key) matches any name.
bool at_or_below(std::string_view path, std::string_view prefix) {
  std::size_t p = 0;
  std::size_t q = 0;
  for (;;) {
    const std::size_t path_end = std::min(path.find('.', p), path.size());
    const std::size_t prefix_end = std::min(prefix.find('.', q), prefix.size());
    const std::string_view path_segment = path.substr(p, path_end - p);
    const std::string_view prefix_segment = prefix.substr(q, prefix_end - q);
    if (path_segment != prefix_segment && path_segment != "NAME") return false;
    if (prefix_end == prefix.size()) return true;
    if (path_end == path.size()) return false;
    p = path_end + 1;
    q = prefix_end + 1;
  }
}

std::string without_backticks(std::string text) {
  std::erase(text, '`');
  return text;
}

// Defaults that are words ("required", "none (0)") are printed as they are; values as code.
bool is_literal(const std::string& text) {
  if (text.empty() || text == "required" || text == "unknown" || text == "not set") return false;
  return text.find(' ') == std::string::npos || text.front() == '{';
}

std::string markdown_cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// The reference tables of docs/scenario.md, by the path their keys sit below ("" = the top
// level). A key goes to the section with the longest path it sits strictly below; a key that
// only some kinds take goes to the sections "PATH:KIND" of those kinds instead, where there are
// such sections (the distribution families share one table).
const std::vector<std::string>& section_paths() {
  static const std::vector<std::string> paths = {
      "",
      "run",
      "workload",
      "workload.arrival:poisson",
      "workload.arrival:gamma",
      "workload.arrival:mmpp",
      "workload.arrival:trace",
      "network",
      "models.NAME",
      "pools.I",
      "interference",
      "interference.stragglers",
      "interference.episodes",
      "interference.background.I",
      "interference.failures",
      "interference.shuffles",
      "interference.tenants",
      "redundancy",
      "ensemble",
      "platform",
      "platform:servers",
      "platform:serverless",
      kDistributionPrefix,
  };
  return paths;
}

bool strictly_below(std::string_view path, std::string_view section) {
  if (section.empty()) return true;
  return path.size() > section.size() && at_or_below(path, section) && path[section.size()] == '.';
}

}  // namespace

const std::vector<KeyDoc>& all_scenario_keys() {
  static const std::vector<KeyDoc> keys = [] {
    std::vector<KeyDoc> out = keys_of("", scenario_fields());
    const std::vector<KeyDoc> distribution = distribution_key_docs(kDistributionPrefix);
    out.insert(out.end(), distribution.begin(), distribution.end());
    return out;
  }();
  return keys;
}

const std::vector<KeySection>& scenario_key_sections() {
  static const std::vector<KeySection> sections = [] {
    std::vector<KeySection> out;
    for (const std::string& path : section_paths()) {
      out.push_back(section(path.empty() ? "top" : path, {}));
    }
    for (const KeyDoc& key : all_scenario_keys()) {
      std::size_t best = 0;
      bool in_kind_section = false;
      for (std::size_t index = 0; index < section_paths().size(); ++index) {
        const std::string& id = section_paths()[index];
        const std::size_t colon = id.find(':');
        if (colon != std::string::npos) {
          const std::string kind = id.substr(colon + 1);
          if (strictly_below(key.path, id.substr(0, colon)) &&
              std::find(key.kinds.begin(), key.kinds.end(), kind) != key.kinds.end()) {
            out[index].keys.push_back(key);
            in_kind_section = true;
          }
          continue;
        }
        if (strictly_below(key.path, id) && id.size() >= section_paths()[best].size()) {
          best = index;
        }
      }
      if (!in_kind_section) out[best].keys.push_back(key);
    }
    std::erase_if(out, [](const KeySection& each) { return each.keys.empty(); });
    return out;
  }();
  return sections;
}

std::vector<KeyDoc> scenario_keys(std::string_view prefix) {
  const std::string wanted = canonical_prefix(prefix);
  std::vector<KeyDoc> keys;
  for (const KeyDoc& key : all_scenario_keys()) {
    if (wanted.empty() || at_or_below(key.path, wanted)) keys.push_back(key);
  }
  return keys;
}

std::string keys_listing(const std::vector<KeyDoc>& keys) {
  std::string out;
  for (const KeyDoc& key : keys) {
    std::string facts = key.type;
    if (!key.unit.empty()) facts += ", " + key.unit;
    if (!key.default_value.empty()) {
      facts += key.default_value.rfind("required", 0) == 0 ? ", " + key.default_value
                                                           : ", default " + key.default_value;
    }
    if (!key.valid.empty()) facts += ", valid: " + key.valid;
    if (!key.kinds.empty()) facts += ", only for kind " + join_names(key.kinds);
    out += fmt::format("{}  ({})\n    {}\n", key.path, facts, without_backticks(key.meaning));
  }
  return out;
}

std::string keys_markdown_table(const std::vector<KeyDoc>& keys, bool kind_table) {
  std::string out =
      "| key | type | default | unit | valid | meaning |\n|---|---|---|---|---|---|\n";
  for (const KeyDoc& key : keys) {
    const std::string type = key.type == "DIST" ? "[DIST](#distributions)" : key.type;
    std::string default_value = key.default_value;
    if (default_value == "required") {
      default_value = "**required**";
    } else if (is_literal(default_value)) {
      default_value = "`" + default_value + "`";
    }
    // A key of some kinds in a table of several kinds says which.
    std::string meaning = key.meaning;
    if (!key.kinds.empty() && !kind_table) {
      std::string kinds;
      for (const std::string& kind : key.kinds) kinds += (kinds.empty() ? "`" : ", `") + kind + "`";
      meaning = kinds + ": " + meaning;
    }
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", key.path, type,
                       markdown_cell(default_value), markdown_cell(key.unit),
                       markdown_cell(key.valid), markdown_cell(meaning));
  }
  return out;
}

std::string keys_markdown_regions() {
  std::string out;
  for (const KeySection& each : scenario_key_sections()) {
    out += fmt::format("<!-- BEGIN generated keys: {} (servesim keys --markdown) -->\n", each.id);
    out += keys_markdown_table(each.keys, each.id.find(':') != std::string::npos);
    out += fmt::format("<!-- END generated keys: {} -->\n", each.id);
  }
  return out;
}

}  // namespace servesim::io
