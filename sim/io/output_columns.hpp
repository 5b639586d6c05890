// File: sim/io/output_columns.hpp
//
// A column of a CSV file servesim writes or reads, declared once (the counterpart of
// run/metrics.hpp for files other than summary.json): its name or pattern, unit, when it is
// present and one line of meaning. Each writer builds its header from its table and each reader
// takes its column names from it; `servesim metrics --file NAME` lists the table and the docs'
// column tables are generated from it (run/output_files.hpp lists the files). A latency
// profile's YAML keys use the same declaration (io/profile_loader.hpp).
//
// A pattern has one placeholder, "utilization.<pool>", standing for one column per pool (or
// path, or part).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace servesim::io {

struct OutputColumn {
  std::string_view name;     // "time_s", or a pattern "utilization.<pool>"
  std::string_view unit;     // "ms", "s", "USD", "1/s", "count", "" (none)
  std::string_view when;     // "" = always present; else the condition (for the docs)
  std::string_view meaning;  // one line

  bool is_pattern() const { return name.find('<') != std::string_view::npos; }
  // The column name with the placeholder replaced by `fill` (the name itself for a plain one).
  std::string key(std::string_view fill = {}) const;
};

// The names of `columns` joined by commas (plain columns only: a header with no pattern).
// REQUIRES: no column of `columns` is a pattern.
std::string csv_header(std::span<const OutputColumn> columns);

// `pattern` with its placeholder replaced by `fill` ("pools.<pool>.utilization" and "gpu" give
// "pools.gpu.utilization"); a plain name is returned as it is. Serves OutputColumn::key and
// run::metric_key, whose names follow the same pattern rule.
// REQUIRES: `fill` is non-empty exactly when `pattern` has a placeholder.
std::string fill_pattern(std::string_view pattern, std::string_view fill);

// Does `key` instantiate `pattern` ("pools.<pool>.utilization" and "pools.gpu.utilization")?
// The placeholder stands for a non-empty name. A plain pattern matches only itself.
bool matches_pattern(std::string_view pattern, std::string_view key);

}  // namespace servesim::io
