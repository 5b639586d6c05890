// File: sim/io/summary.hpp
//
// A run's figures as a flat, ordered list of dotted keys ("latency_ms.p99", "served.primary"),
// each with a value and, with replications, a 95% confidence half-width. One list feeds
// summary.json (nested by the dots, half-widths in a sibling "ci95" object), the table printed on
// stdout, and the columns of sweep.csv, so the three never disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace servesim::io {

// uint64 for seeds, which span [0, 2^64) and printed negative as int64 (issue 12); bool for
// verdicts such as stability.stable.
using SummaryValue =
    std::variant<std::monostate, double, std::int64_t, std::string, bool, std::uint64_t>;

struct SummaryEntry {
  std::string key;
  SummaryValue value;
  std::optional<double> ci95;
  // Wall-clock figures differ between identical runs; --no-timing leaves them out so that
  // outputs are byte-identical.
  bool wall_clock = false;
};

struct Summary {
  std::vector<SummaryEntry> entries;

  void add(std::string key, SummaryValue value, std::optional<double> ci95 = std::nullopt) {
    entries.push_back({std::move(key), std::move(value), ci95, false});
  }
  const SummaryEntry* find(const std::string& key) const;
};

// summary.json text: nested objects in entry order, numbers in shortest round-trip form.
std::string summary_json(const Summary& summary, bool include_wall_clock);
// The human-readable table printed by `servesim run`.
std::string summary_table(const Summary& summary);

}  // namespace servesim::io
