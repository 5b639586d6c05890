// File: sim/io/summary.cpp
#include "sim/io/summary.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace servesim::io {

namespace {
using Json = nlohmann::ordered_json;

Json to_json(const SummaryValue& value) {
  if (std::holds_alternative<double>(value)) return std::get<double>(value);
  if (std::holds_alternative<std::int64_t>(value)) return std::get<std::int64_t>(value);
  if (std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  if (std::holds_alternative<bool>(value)) return std::get<bool>(value);
  if (std::holds_alternative<std::uint64_t>(value)) return std::get<std::uint64_t>(value);
  return nullptr;
}

// Walks `root` down the dotted path, creating objects, and returns the last parent and name.
Json& parent_of(Json& root, const std::string& key, std::string& leaf) {
  Json* node = &root;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = key.find('.', start);
    if (dot == std::string::npos) {
      leaf = key.substr(start);
      return *node;
    }
    node = &(*node)[key.substr(start, dot - start)];
    start = dot + 1;
  }
}

std::string format_value(const SummaryValue& value) {
  if (std::holds_alternative<double>(value)) return fmt::format("{:.6g}", std::get<double>(value));
  if (std::holds_alternative<std::int64_t>(value)) return fmt::format("{}", std::get<std::int64_t>(value));
  if (std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  if (std::holds_alternative<bool>(value)) return std::get<bool>(value) ? "true" : "false";
  if (std::holds_alternative<std::uint64_t>(value)) return fmt::format("{}", std::get<std::uint64_t>(value));
  return "-";
}
}  // namespace

const SummaryEntry* Summary::find(const std::string& key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::string summary_json(const Summary& summary, bool include_wall_clock) {
  Json root = Json::object();
  for (const auto& entry : summary.entries) {
    if (entry.wall_clock && !include_wall_clock) continue;
    std::string leaf;
    Json& parent = parent_of(root, entry.key, leaf);
    parent[leaf] = to_json(entry.value);
  }
  // Half-widths go in a "ci95" object beside the figures they qualify.
  for (const auto& entry : summary.entries) {
    if (!entry.ci95) continue;
    std::string leaf;
    Json& parent = parent_of(root, entry.key, leaf);
    parent["ci95"][leaf] = *entry.ci95;
  }
  return root.dump(2) + "\n";
}

std::string summary_table(const Summary& summary) {
  std::string out;
  std::size_t width = 0;
  for (const auto& entry : summary.entries) width = std::max(width, entry.key.size());
  for (const auto& entry : summary.entries) {
    out += fmt::format("  {:<{}}  {:>12}", entry.key, width, format_value(entry.value));
    if (entry.ci95) out += fmt::format("  +- {:.3g}", *entry.ci95);
    out += "\n";
  }
  return out;
}

}  // namespace servesim::io
