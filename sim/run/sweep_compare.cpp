// File: sim/run/sweep_compare.cpp
#include "sim/run/sweep_compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/core/error.hpp"
#include "sim/io/did_you_mean.hpp"
#include "sim/io/number_text.hpp"
#include "sim/run/metrics.hpp"
#include "sim/stats/tally.hpp"

namespace servesim::run {

namespace {

// One file's view of the metric: per point, the replication values and the aggregate rows.
struct PointData {
  std::vector<std::string> values;  // swept values in the base key order
  std::map<std::int64_t, std::optional<double>> replications;
  std::optional<double> mean;
  std::optional<double> ci95;
  bool has_mean_row = false;
};

struct FileData {
  std::vector<PointData> points;                          // in file order
  std::map<std::vector<std::string>, std::size_t> index;  // values -> points[...]
};

// The metric's number in a row: nullopt for an empty cell. Text is refused (compare takes
// only numeric figures; an undeclared column of another version may still hold a number).
std::optional<double> number(const SweepTable& table, const SweepTableRow& row, int column,
                             const std::string& metric) {
  const io::SummaryValue& value = row.figures[static_cast<std::size_t>(column)].second;
  if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
  if (const auto* number = std::get_if<double>(&value)) return *number;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? 1.0 : 0.0;
  const std::string* text = std::get_if<std::string>(&value);
  const auto parsed = io::parse_double(text != nullptr ? *text : std::string());
  if (parsed.status != io::NumberStatus::kOk) {
    throw core::ConfigError(core::SourceLocation{table.file, row.line, 1},
                            fmt::format("{}: '{}' is not a number", metric, text ? *text : ""));
  }
  return parsed.value;
}

FileData read_metric(const SweepTable& table, const std::vector<std::string>& keys,
                     const std::string& metric) {
  const int column = table.column(metric);
  if (column < 0) {
    const std::optional<std::string> near = io::closest_match(metric, table.columns);
    throw core::ConfigError(core::SourceLocation{table.file, 1, 1},
                            fmt::format("no column '{}'{}", metric,
                                        near ? fmt::format(" (did you mean '{}'?)", *near) : ""));
  }
  std::vector<std::size_t> key_columns;
  for (const auto& key : keys) {
    key_columns.push_back(static_cast<std::size_t>(
        std::find(table.keys.begin(), table.keys.end(), key) - table.keys.begin()));
  }
  FileData data;
  for (const SweepTableRow& row : table.rows) {
    std::vector<std::string> values;
    for (const std::size_t col : key_columns) values.push_back(row.values[col]);
    auto [it, added] = data.index.emplace(values, data.points.size());
    if (added) data.points.push_back(PointData{values, {}, {}, {}, false});
    PointData& point = data.points[it->second];
    const std::optional<double> value = number(table, row, column, metric);
    switch (row.kind) {
      case SweepRowKind::kMean:
        point.mean = value;
        point.has_mean_row = true;
        break;
      case SweepRowKind::kCi95:
        point.ci95 = value;
        break;
      case SweepRowKind::kReplication:
        if (!point.replications.emplace(row.replication, value).second) {
          throw core::ConfigError(
              core::SourceLocation{table.file, row.line, 0},
              fmt::format("replication {} of this point appears twice", row.replication));
        }
    }
  }
  // Files without aggregate rows: the mean of the replications.
  for (PointData& point : data.points) {
    if (point.has_mean_row || point.replications.empty()) continue;
    stats::Tally tally;
    bool complete = true;
    for (const auto& [rep, value] : point.replications) {
      if (!value)
        complete = false;
      else
        tally.record(*value);
    }
    if (!complete) continue;
    point.mean = tally.mean();
    if (tally.count() >= 2) point.ci95 = stats::ci95_half_width(tally.stddev(), tally.count());
  }
  return data;
}

// Paired half-width and mean difference, when both points have the same >= 2 replications, all
// with values.
std::optional<std::pair<double, double>> paired(const PointData& base, const PointData& next) {
  if (base.replications.size() < 2 || base.replications.size() != next.replications.size()) {
    return std::nullopt;
  }
  stats::Tally differences;
  for (const auto& [rep, value] : base.replications) {
    const auto other = next.replications.find(rep);
    if (other == next.replications.end() || !value || !other->second) return std::nullopt;
    differences.record(*other->second - *value);
  }
  return std::pair{differences.mean(),
                   stats::ci95_half_width(differences.stddev(), differences.count())};
}

std::string number_text(const std::optional<double>& value) {
  return value ? fmt::format("{:.5g}", *value) : std::string("-");
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kUnchanged:
      return "ok";
    case Verdict::kRegressed:
      return "REGRESSED";
    case Verdict::kImproved:
      return "improved";
    case Verdict::kNoValue:
      return "no value";
    case Verdict::kOnlyInBase:
      return "only in base";
    case Verdict::kOnlyInNew:
      return "only in new";
  }
  return "?";
}

bool higher_is_better_by_default(const std::string& metric) {
  const Metric* declared = find_metric(metric);
  return declared != nullptr && declared->better == Better::kHigher;
}

double parse_tolerance(const std::string& text) {
  std::string_view number = text;
  if (!number.empty() && number.back() == '%') number.remove_suffix(1);
  const auto parsed = io::parse_double(number);
  if (parsed.status != io::NumberStatus::kOk || parsed.value < 0) {
    throw core::ConfigError(
        fmt::format("--tolerance '{}': expected a percentage >= 0 such as 5%", text));
  }
  return parsed.value / 100.0;
}

Comparison compare_sweeps(const SweepTable& base, const SweepTable& candidate,
                          const std::string& metric, double tolerance,
                          std::optional<bool> higher_is_better) {
  // The metric must be a declared figure (exit 2 with a suggestion otherwise), and a number.
  const Metric& declared = require_metric(metric, base.columns);
  if (declared.type == MetricType::kString) {
    throw core::ConfigError(fmt::format("--metric {}: a text figure cannot be compared", metric));
  }
  Comparison result;
  result.metric = metric;
  result.tolerance = tolerance;
  result.higher_is_better = higher_is_better.value_or(higher_is_better_by_default(metric));
  result.keys = base.keys;
  std::vector<std::string> other_keys = candidate.keys;
  std::vector<std::string> sorted_keys = result.keys;
  std::sort(sorted_keys.begin(), sorted_keys.end());
  std::sort(other_keys.begin(), other_keys.end());
  if (sorted_keys != other_keys) {
    throw core::ConfigError(
        core::SourceLocation{candidate.file, 1, 1},
        fmt::format("swept keys differ from {}'s ({})", base.file, io::join_names(result.keys)));
  }
  const FileData old_data = read_metric(base, result.keys, metric);
  const FileData new_data = read_metric(candidate, result.keys, metric);

  int common = 0;
  for (const PointData& old_point : old_data.points) {
    PointComparison point;
    point.values = old_point.values;
    point.base_mean = old_point.mean;
    point.base_ci95 = old_point.ci95;
    const auto found = new_data.index.find(old_point.values);
    if (found == new_data.index.end()) {
      point.verdict = Verdict::kOnlyInBase;
      result.points.push_back(std::move(point));
      continue;
    }
    ++common;
    const PointData& new_point = new_data.points[found->second];
    point.new_mean = new_point.mean;
    point.new_ci95 = new_point.ci95;
    if (!point.base_mean || !point.new_mean) {
      point.verdict = Verdict::kNoValue;
      result.points.push_back(std::move(point));
      continue;
    }
    if (const auto pair = paired(old_point, new_point)) {
      point.paired = true;
      point.difference = pair->first;
      point.difference_ci95 = pair->second;
    } else {
      point.difference = *point.new_mean - *point.base_mean;
      const double a = old_point.ci95.value_or(0.0);
      const double b = new_point.ci95.value_or(0.0);
      point.difference_ci95 = std::sqrt(a * a + b * b);
    }
    const double worse = result.higher_is_better ? -point.difference : point.difference;
    const double threshold = tolerance * std::fabs(*point.base_mean);
    if (worse > threshold && worse > point.difference_ci95) {
      point.verdict = Verdict::kRegressed;
      ++result.regressions;
    } else if (-worse > threshold && -worse > point.difference_ci95) {
      point.verdict = Verdict::kImproved;
      ++result.improvements;
    }
    result.points.push_back(std::move(point));
  }
  for (const PointData& new_point : new_data.points) {
    if (old_data.index.count(new_point.values) != 0) continue;
    PointComparison point;
    point.values = new_point.values;
    point.new_mean = new_point.mean;
    point.new_ci95 = new_point.ci95;
    point.verdict = Verdict::kOnlyInNew;
    result.points.push_back(std::move(point));
  }
  if (common == 0) {
    throw core::ConfigError(
        fmt::format("{} and {} have no point in common", base.file, candidate.file));
  }
  return result;
}

std::string comparison_report(const Comparison& comparison) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = comparison.keys;
  for (const char* title : {"base", "+-ci95", "new", "+-ci95", "change", "+-ci95", "verdict"}) {
    header.emplace_back(title);
  }
  rows.push_back(header);
  for (const PointComparison& point : comparison.points) {
    std::vector<std::string> row = point.values;
    row.push_back(number_text(point.base_mean));
    row.push_back(number_text(point.base_ci95));
    row.push_back(number_text(point.new_mean));
    row.push_back(number_text(point.new_ci95));
    const bool compared = point.base_mean && point.new_mean;
    if (compared && *point.base_mean != 0) {
      row.push_back(
          fmt::format("{:+.2f}%", 100.0 * point.difference / std::fabs(*point.base_mean)));
    } else {
      row.push_back(compared ? fmt::format("{:+.5g}", point.difference) : "-");
    }
    row.push_back(
        compared ? fmt::format("{:.3g}{}", point.difference_ci95, point.paired ? " (paired)" : "")
                 : "-");
    row.push_back(verdict_name(point.verdict));
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t col = 0; col < row.size(); ++col)
      width[col] = std::max(width[col], row[col].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t col = 0; col < row.size(); ++col) {
      line += fmt::format("{:<{}}", row[col], width[col]);
      if (col + 1 < row.size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  const std::size_t compared =
      std::count_if(comparison.points.begin(), comparison.points.end(), [](const auto& point) {
        return point.verdict != Verdict::kOnlyInBase && point.verdict != Verdict::kOnlyInNew;
      });
  out += fmt::format(
      "compare: {}: {} of {} point{} regressed, {} improved (tolerance {:g}%, {} "
      "is better)\n",
      comparison.metric, comparison.regressions, compared, compared == 1 ? "" : "s",
      comparison.improvements, comparison.tolerance * 100,
      comparison.higher_is_better ? "higher" : "lower");
  return out;
}

}  // namespace servesim::run
