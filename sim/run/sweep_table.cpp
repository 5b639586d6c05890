// File: sim/run/sweep_table.cpp
#include "sim/run/sweep_table.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/io/number_text.hpp"
#include "sim/run/metrics.hpp"

namespace servesim::run {

namespace {

// The cell of a figure declared `declared` in a row of `kind`: its value, or the text as
// written when it does not hold the declared type (a file of another version, an edited cell),
// so that --merge writes it back unchanged and compare reports it only for the metric it reads.
// Aggregate rows hold means and half-widths, so every numeric or boolean figure is a number
// there.
io::SummaryValue typed_cell(const std::string& text, const Metric* declared, SweepRowKind kind) {
  if (text.empty()) return std::monostate{};
  if (declared == nullptr || declared->type == MetricType::kString) return text;
  if (kind == SweepRowKind::kReplication) {
    if (declared->type == MetricType::kBoolean) {
      if (text == "1" || text == "0")
        return io::SummaryValue(std::in_place_type<bool>, text == "1");
      return text;
    }
    if (declared->type == MetricType::kInteger) {
      const auto parsed = io::parse_int64(text);
      if (parsed.status == io::NumberStatus::kOk) return parsed.value;
      // A seed spans [0, 2^64).
      const auto whole = io::parse_uint64(text);
      if (whole.status == io::NumberStatus::kOk) return whole.value;
      return text;
    }
  }
  const auto parsed = io::parse_double(text);
  if (parsed.status != io::NumberStatus::kOk) return text;
  return parsed.value;
}

}  // namespace

int SweepTable::column(std::string_view name) const {
  for (std::size_t idx = 0; idx < columns.size(); ++idx) {
    if (columns[idx] == name) return static_cast<int>(idx);
  }
  return -1;
}

SweepTable sweep_table(const io::CsvTable& csv) {
  const int replication = csv.column(kReplicationColumn);
  if (replication < 0) {
    throw core::ConfigError(core::SourceLocation{csv.file, 1, 1},
                            "no 'replication' column; is this a sweep.csv?");
  }
  const auto nkeys = static_cast<std::size_t>(replication);
  SweepTable table;
  table.file = csv.file;
  table.keys.assign(csv.header.begin(), csv.header.begin() + replication);
  table.columns.assign(csv.header.begin() + replication + 1, csv.header.end());
  std::vector<const Metric*> declared;
  for (const auto& name : table.columns) declared.push_back(find_metric(name));

  for (std::size_t row = 0; row < csv.rows.size(); ++row) {
    const auto& cells = csv.rows[row];
    SweepTableRow out;
    out.line = csv.row_lines[row];
    const core::SourceLocation where{csv.file, out.line, 0};
    out.values.assign(cells.begin(), cells.begin() + replication);
    const std::string& rep = cells[nkeys];
    if (rep == "mean") {
      out.kind = SweepRowKind::kMean;
    } else if (rep == "ci95") {
      out.kind = SweepRowKind::kCi95;
    } else {
      const auto parsed = io::parse_int64(rep);
      if (parsed.status != io::NumberStatus::kOk || parsed.value < 0) {
        throw core::ConfigError(
            where,
            fmt::format("replication: expected mean, ci95 or an integer >= 0, got '{}'", rep));
      }
      out.replication = parsed.value;
    }
    for (std::size_t col = 0; col < table.columns.size(); ++col) {
      out.figures.emplace_back(table.columns[col],
                               typed_cell(cells[nkeys + 1 + col], declared[col], out.kind));
    }
    table.rows.push_back(std::move(out));
  }
  return table;
}

SweepTable read_sweep_table(const std::string& file) {
  return sweep_table(io::read_csv_table(file));
}

}  // namespace servesim::run
