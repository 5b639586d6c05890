// File: sim/io/scenario_keys.cpp
#include "sim/io/scenario_keys.hpp"

#include <fmt/format.h>

#include "sim/io/policy_yaml.hpp"

namespace servesim::io {

namespace {

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
    const bool index = !segment.empty() && segment.find_first_not_of("0123456789") ==
                                               std::string_view::npos;
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

}  // namespace

const std::vector<KeySection>& scenario_key_sections() {
  static const std::vector<KeySection> sections = {
      section("redundancy", keys_of("redundancy", redundancy_fields())),
  };
  return sections;
}

std::vector<KeyDoc> scenario_keys(std::string_view prefix) {
  const std::string wanted = canonical_prefix(prefix);
  std::vector<KeyDoc> keys;
  for (const KeySection& each : scenario_key_sections()) {
    for (const KeyDoc& key : each.keys) {
      if (!wanted.empty() && !at_or_below(key.path, wanted)) continue;
      bool seen = false;  // a key in two sections (arrival kinds share `rate`) is listed once
      for (const KeyDoc& earlier : keys) seen = seen || earlier.path == key.path;
      if (!seen) keys.push_back(key);
    }
  }
  return keys;
}

std::string keys_listing(const std::vector<KeyDoc>& keys) {
  std::string out;
  for (const KeyDoc& key : keys) {
    std::string facts = key.type;
    if (!key.unit.empty()) facts += ", " + key.unit;
    if (!key.default_value.empty()) {
      facts += key.default_value == "required" ? std::string(", required")
                                               : ", default " + key.default_value;
    }
    if (!key.valid.empty()) facts += ", valid: " + key.valid;
    out += fmt::format("{}  ({})\n    {}\n", key.path, facts, without_backticks(key.meaning));
  }
  return out;
}

std::string keys_markdown_table(const std::vector<KeyDoc>& keys) {
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
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", key.path, type,
                       markdown_cell(default_value), markdown_cell(key.unit),
                       markdown_cell(key.valid), markdown_cell(key.meaning));
  }
  return out;
}

std::string keys_markdown_regions() {
  std::string out;
  for (const KeySection& each : scenario_key_sections()) {
    out += fmt::format("<!-- BEGIN generated keys: {} (servesim keys --markdown) -->\n", each.id);
    out += keys_markdown_table(each.keys);
    out += fmt::format("<!-- END generated keys: {} -->\n", each.id);
  }
  return out;
}

}  // namespace servesim::io
