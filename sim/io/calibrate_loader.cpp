// File: sim/io/calibrate_loader.cpp
#include "sim/io/calibrate_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "sim/io/csv_column.hpp"
#include "sim/io/csv_reader.hpp"
#include "sim/io/file_access.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/output_name.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/samples_table.hpp"
#include "sim/io/set_text.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

namespace {

// A calibration is a handful of targets, each a full simulation per evaluation; more rows than
// this is a wrong file (a request log passed as targets), not a study.
constexpr std::size_t kMaxTargetRows = 10000;
constexpr int kMaxEvaluations = 100000;

core::SourceLocation location(const YamlValue& value) {
  return mark_location(value.source().file(), value.mark());
}

std::vector<PlacedOverride> parse_set(const YamlValue& block) {
  std::vector<PlacedOverride> overrides;
  if (block.is_null()) return overrides;
  if (!block.is_map()) block.fail("expected a map of dotted.key: value, got " + block.describe());
  for (const auto& [key, value] : map_entries(block)) {
    const std::string path = key.node().Scalar();
    if (!valid_key_path(path)) {
      key.fail(fmt::format("'{}' is not a dotted key path (e.g. redundancy.kind)", path));
    }
    if (value.is_null()) value.fail("a value to set cannot be empty");
    overrides.push_back({{path, set_value_text(value)}, location(value)});
  }
  return overrides;
}

void read_residual_scale(const MapReader& map, TargetRow& row) {
  if (const auto sigma = map.get("sigma")) {
    if (map.has("weight")) sigma->fail("give sigma or weight, not both");
    row.sigma = sigma->as_number(greater_than(0));
  }
  map.number("weight", row.weight, greater_than(0));
}

// A relative residual divides by |observed|, so it needs observed != 0 unless sigma is given.
void check_observed(const TargetRow& row, const core::SourceLocation& where) {
  if (!row.sigma && row.observed == 0) {
    throw core::ConfigError(where,
                            "observed: is 0, so its relative error is undefined; give "
                            "sigma (an absolute uncertainty) instead of weight");
  }
}

TargetRow parse_target_map(const YamlValue& item, bool holdout) {
  const MapReader map(item, {"set", "metric", "observed", "sigma", "weight"});
  TargetRow row;
  row.holdout = holdout;
  row.where = location(item);
  if (const auto set = map.get("set")) row.overrides = parse_set(*set);
  const YamlValue metric = map.require("metric");
  row.metric = metric.as_string();
  row.metric_where = location(metric);
  if (row.metric.empty()) metric.fail("expected a summary figure, e.g. latency_ms.p99");
  const YamlValue observed = map.require("observed");
  row.observed = observed.as_number();
  read_residual_scale(map, row);
  check_observed(row, location(observed));
  return row;
}

double csv_number(const CsvField& cell, const std::string& file, const std::string& column,
                  bool positive) {
  const auto parsed = parse_double(cell.text);
  const core::SourceLocation where{file, cell.line, cell.column};
  if (parsed.status != NumberStatus::kOk || !std::isfinite(parsed.value)) {
    throw core::ConfigError(where,
                            fmt::format("{}: expected a number, got '{}'", column, cell.text));
  }
  if (positive && parsed.value <= 0) {
    throw core::ConfigError(where, fmt::format("{}: must be > 0 (got {})", column, cell.text));
  }
  return parsed.value;
}

// targets: {file: targets.csv}. Columns metric and observed are required, sigma and weight
// optional (an empty cell = not given); every other column is a dotted key to set.
std::vector<TargetRow> parse_target_csv(const YamlValue& block, bool holdout) {
  const MapReader map(block, {"file"});
  const YamlValue file_value = map.require("file");
  const std::string found = resolve_referenced_path(file_value);
  const FileText text = read_text_file(found);
  if (!text.ok) {
    file_value.fail(fmt::format("cannot read '{}': {}", file_value.as_string(), text.error));
  }
  const CsvRows rows = parse_csv(text.text, found, CsvOptions{.trim_blanks = true});
  const core::SourceLocation head{found, 1, 1};
  if (rows.empty()) throw core::ConfigError(head, "empty targets file (expected a header line)");
  int metric_col = -1;
  int observed_col = -1;
  int sigma_col = -1;
  int weight_col = -1;
  require_unique_names(rows[0], found);
  std::vector<std::string> names;
  for (std::size_t col = 0; col < rows[0].size(); ++col) {
    const std::string name(rows[0][col].text);
    const core::SourceLocation where{found, rows[0][col].line, rows[0][col].column};
    names.push_back(name);
    const int index = static_cast<int>(col);
    if (name == "metric") {
      metric_col = index;
    } else if (name == "observed") {
      observed_col = index;
    } else if (name == "sigma") {
      sigma_col = index;
    } else if (name == "weight") {
      weight_col = index;
    } else if (!valid_key_path(name)) {
      throw core::ConfigError(where, fmt::format("column '{}': expected metric, observed, "
                                                 "sigma, weight or a dotted scenario key",
                                                 name));
    }
  }
  if (metric_col < 0 || observed_col < 0) {
    throw core::ConfigError(head, "the header needs the columns metric and observed");
  }
  if (rows.size() == 1) throw core::ConfigError(head, "no target rows after the header");
  if (rows.size() - 1 > kMaxTargetRows) {
    throw core::ConfigError(head, fmt::format("more than {} target rows", kMaxTargetRows));
  }
  std::vector<TargetRow> targets;
  for (std::size_t line = 1; line < rows.size(); ++line) {
    const std::span<const CsvField> cells = rows[line];
    const core::SourceLocation where{found, cells[0].line, 1};
    if (cells.size() != names.size()) {
      throw core::ConfigError(
          where, fmt::format("{} fields, but the header has {}", cells.size(), names.size()));
    }
    TargetRow row;
    row.holdout = holdout;
    row.where = where;
    for (std::size_t col = 0; col < cells.size(); ++col) {
      const CsvField& cell = cells[col];
      const int index = static_cast<int>(col);
      if (index == metric_col) {
        row.metric = std::string(cell.text);
        row.metric_where = {found, cell.line, cell.column};
        if (row.metric.empty()) throw core::ConfigError(row.metric_where, "metric: is empty");
      } else if (index == observed_col) {
        row.observed = csv_number(cell, found, "observed", false);
      } else if (index == sigma_col) {
        if (!cell.text.empty()) row.sigma = csv_number(cell, found, "sigma", true);
      } else if (index == weight_col) {
        if (!cell.text.empty()) row.weight = csv_number(cell, found, "weight", true);
      } else if (!cell.text.empty()) {
        row.overrides.push_back(
            {{names[col], std::string(cell.text)}, {found, cell.line, cell.column}});
      }
    }
    check_observed(row, {found, cells[static_cast<std::size_t>(observed_col)].line,
                         cells[static_cast<std::size_t>(observed_col)].column});
    targets.push_back(std::move(row));
  }
  return targets;
}

std::vector<TargetRow> parse_targets(const YamlValue& block, bool holdout) {
  if (block.is_map()) return parse_target_csv(block, holdout);
  if (!block.is_list()) {
    block.fail("expected a list of {set, metric, observed, sigma | weight} or {file: CSV}, got " +
               block.describe());
  }
  std::vector<TargetRow> targets;
  for (const YamlValue& item : block.as_list()) targets.push_back(parse_target_map(item, holdout));
  if (targets.size() > kMaxTargetRows) {
    block.fail(fmt::format("more than {} target rows", kMaxTargetRows));
  }
  return targets;
}

FreeKey parse_free_key(const YamlValue& key, const YamlValue& value) {
  FreeKey free;
  free.key = key.node().Scalar();
  free.where = location(key);
  if (!valid_key_path(free.key)) {
    key.fail(fmt::format("'{}' is not a dotted key path (e.g. workload.arrival.rate)", free.key));
  }
  const MapReader map(value, {"min", "max", "scale", "start"});
  const YamlValue min = map.require("min");
  const YamlValue max = map.require("max");
  free.min = min.as_number();
  free.max = max.as_number();
  free.min_where = location(min);
  free.max_where = location(max);
  if (!(free.min < free.max)) {
    max.fail(fmt::format("must be greater than min ({}); the bounds are inverted or equal",
                         min.node().Scalar()));
  }
  if (const auto scale = map.get("scale")) {
    free.scale = scale->as_choice("scale", {"linear", "log"}) == "log" ? FreeScale::kLog
                                                                       : FreeScale::kLinear;
    if (free.scale == FreeScale::kLog && free.min <= 0) {
      min.fail(fmt::format("must be > 0 with scale: log (got {})", min.node().Scalar()));
    }
  }
  if (const auto start = map.get("start")) {
    free.start = start->as_number(between(free.min, free.max));
  }
  return free;
}

RequestLogTarget parse_request_log(const YamlValue& item) {
  const MapReader map(item, {"file", "column", "set", "distance", "weight", "holdout"});
  RequestLogTarget log;
  log.where = location(item);
  map.string("column", log.column);
  if (const auto set = map.get("set")) log.overrides = parse_set(*set);
  if (const auto distance = map.get("distance")) {
    log.distance = distance->as_choice("distance", {"wasserstein_log", "ks"}) == "ks"
                       ? LogDistance::kKolmogorovSmirnov
                       : LogDistance::kWassersteinLog;
  }
  map.number("weight", log.weight, greater_than(0));
  map.boolean("holdout", log.holdout);
  const YamlValue file_value = map.require("file");
  log.file = resolve_referenced_path(file_value);
  const FileText text = read_text_file(log.file);
  if (!text.ok) {
    file_value.fail(fmt::format("cannot read '{}': {}", file_value.as_string(), text.error));
  }
  SamplesTableColumns columns;
  columns.latency = log.column;
  const SamplesTable table = parse_samples_table(text.text, log.file, columns);
  for (const auto& [batch, latencies] : table.latency_by_batch) {
    log.latencies_ms.insert(log.latencies_ms.end(), latencies.begin(), latencies.end());
  }
  std::sort(log.latencies_ms.begin(), log.latencies_ms.end());
  if (log.latencies_ms.empty()) {
    file_value.fail(fmt::format("'{}' holds no latencies", file_value.as_string()));
  }
  return log;
}

}  // namespace

const char* algorithm_name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kBobyqa:
      return "bobyqa";
    case Algorithm::kNelderMead:
      return "neldermead";
    case Algorithm::kSbplx:
      return "sbplx";
  }
  return "?";
}

const char* distance_name(LogDistance distance) {
  return distance == LogDistance::kKolmogorovSmirnov ? "ks" : "wasserstein_log";
}

CalibrateSpec load_calibrate(const std::string& file) {
  return load_calibrate_text(read_input_file(file, "calibration file", kMaxYamlBytes), file);
}

CalibrateSpec load_calibrate_text(const std::string& text, const std::string& file) {
  const YAML::Node root = parse_yaml_document(
      text, file, "empty calibration file (expected a map with base, free, targets)");
  const YamlSource source(file, PathBase{std::filesystem::path(file).parent_path(), true});
  const YamlValue top(source, root, "");
  if (!root.IsMap()) top.fail("a calibration file must be a map (base, free, targets, ...)");
  const MapReader map(top, {"name", "base", "free", "targets", "holdout", "request_log",
                            "replications", "optimizer"});

  CalibrateSpec spec;
  spec.file = file;
  spec.name = std::filesystem::path(file).stem().string();
  read_output_name(map, "name", spec.name);

  const YamlValue base = map.require("base");
  if (base.as_string().empty()) {
    base.fail("expected the base scenario's file name, got an empty string");
  }
  spec.base = resolve_referenced_path(base);
  spec.base_where = location(base);

  const YamlValue free = map.require("free");
  if (!free.is_map() || free.node().size() == 0) {
    free.fail("expected a map of dotted.key: {min, max, scale}, got " + free.describe());
  }
  for (const auto& [key, value] : map_entries(free))
    spec.free.push_back(parse_free_key(key, value));

  if (const auto targets = map.get("targets")) spec.targets = parse_targets(*targets, false);
  if (const auto holdout = map.get("holdout")) {
    std::vector<TargetRow> rows = parse_targets(*holdout, true);
    spec.targets.insert(spec.targets.end(), rows.begin(), rows.end());
  }
  if (const auto logs = map.get("request_log")) {
    if (logs->is_map()) {
      spec.request_logs.push_back(parse_request_log(*logs));
    } else {
      for (const YamlValue& item : logs->as_list()) {
        spec.request_logs.push_back(parse_request_log(item));
      }
    }
  }
  const bool fitted_target = std::any_of(spec.targets.begin(), spec.targets.end(),
                                         [](const auto& t) { return !t.holdout; });
  const bool fitted_log = std::any_of(spec.request_logs.begin(), spec.request_logs.end(),
                                      [](const auto& log) { return !log.holdout; });
  if (!fitted_target && !fitted_log) {
    top.fail("nothing to fit: give targets (or a request_log that is not a holdout)");
  }
  if (const auto reps = map.get("replications")) {
    spec.replications = reps->as_int(1, kMaxReplications);
    spec.replications_where = location(*reps);
  }
  // Default: BOBYQA (a quadratic trust-region model; few evaluations on smooth objectives),
  // Sbplx with a single free key.
  spec.optimizer.algorithm = spec.free.size() >= 2 ? Algorithm::kBobyqa : Algorithm::kSbplx;
  if (const auto optimizer = map.get("optimizer")) {
    const MapReader opt(*optimizer, {"algorithm", "max_evaluations", "xtol", "restarts"});
    if (const auto algorithm = opt.get("algorithm")) {
      const std::string name = algorithm->as_choice("algorithm", {"bobyqa", "neldermead", "sbplx"});
      spec.optimizer.algorithm = name == "bobyqa"       ? Algorithm::kBobyqa
                                 : name == "neldermead" ? Algorithm::kNelderMead
                                                        : Algorithm::kSbplx;
      if (spec.optimizer.algorithm == Algorithm::kBobyqa && spec.free.size() < 2) {
        // Powell's BOBYQA interpolates a quadratic through 2n + 1 points and needs n >= 2.
        algorithm->fail("bobyqa needs two or more free keys; with one, use sbplx or neldermead");
      }
    }
    opt.integer("max_evaluations", spec.optimizer.max_evaluations, 1, kMaxEvaluations);
    opt.number("xtol", spec.optimizer.xtol, between(0, 1));
    opt.integer("restarts", spec.optimizer.restarts, 0, 100);
  }
  return spec;
}

}  // namespace servesim::io
