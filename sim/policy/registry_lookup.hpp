// File: sim/policy/registry_lookup.hpp
//
// What every policy registry (redundancy/, load_balancer/, keep_alive/ registry.cpp) does with
// its table besides holding it: list the names (for io's "valid: ..." choices and docs) and find
// a row by name. One copy here instead of one per family and one per io reader. A row type
// needs only a `const char* name` member.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::policy {

// The rows' names in table order.
template <class Entry>
std::vector<std::string> registry_names(std::span<const Entry> rows) {
  std::vector<std::string> names;
  names.reserve(rows.size());
  for (const Entry& row : rows) names.emplace_back(row.name);
  return names;
}

// "a, b, c": the names as error messages list them.
template <class Entry>
std::string registry_name_list(std::span<const Entry> rows) {
  std::string text;
  for (const Entry& row : rows) {
    if (!text.empty()) text += ", ";
    text += row.name;
  }
  return text;
}

// The row called `name`, or nullptr.
template <class Entry>
const Entry* find_registry_row(std::span<const Entry> rows, std::string_view name) {
  for (const Entry& row : rows) {
    if (name == row.name) return &row;
  }
  return nullptr;
}

}  // namespace servesim::policy
