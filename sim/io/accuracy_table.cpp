// File: sim/io/accuracy_table.cpp
#include "sim/io/accuracy_table.hpp"

#include <fmt/format.h>

#include <map>

#include "sim/core/error.hpp"
#include "sim/io/csv_reader.hpp"
#include "sim/io/number_text.hpp"

namespace servesim::io {

namespace {

struct Record {
  std::vector<std::string> fields;
  int line = 0;
};

// The table's rows through the one CSV reader, fields kept exactly (sources are citations with
// commas, so fields may be quoted). A column named twice is refused.
std::vector<Record> split_records(const std::string& text, const std::string& file) {
  const CsvRows rows = parse_csv(text, file);
  std::vector<Record> records;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    Record& record = records.emplace_back();
    record.line = rows.line(row);
    for (const CsvField& field : rows[row]) record.fields.emplace_back(field.text);
  }
  if (!rows.empty()) require_unique_names(rows[0], file);
  return records;
}

std::map<std::string, std::size_t> header_columns(const Record& header) {
  std::map<std::string, std::size_t> column;
  for (std::size_t idx = 0; idx < header.fields.size(); ++idx) column[header.fields[idx]] = idx;
  return column;
}

// The columns, in the order AccuracyRow holds them; `Col` indexes them.
enum Col { kDataset, kModel, kK, kR, kEncoder, kDecoder, kAvailable, kDegraded, kSource };
constexpr OutputColumn kColumns[] = {
    {"dataset", "", "", "data set name (row key)"},
    {"model", "", "", "deployed model (row key)"},
    {"k", "", "", "code parameter (row key for `parity`); empty or an integer in [1, 1000]"},
    {"r", "", "", "code parameter (row key for `parity`); empty or an integer in [1, 1000]"},
    {"encoder", "", "", "e.g. `sum` (row key); may be empty"},
    {"decoder", "", "", "e.g. `subtraction` (row key); may be empty"},
    {"available_accuracy", "fraction", "",
     "accuracy of the deployed model's own answers; empty or in [0, 1]"},
    {"degraded_accuracy", "fraction", "", "accuracy of reconstructed answers; empty or in [0, 1]"},
    {"source", "", "", "where the numbers come from"},
};

// The ensemble table's columns; `source` is documented but not required.
enum EnsembleCol { kEnsembleDataset, kMembers, kTop1 };
constexpr OutputColumn kEnsembleColumns[] = {
    {"dataset", "", "", "data set name (row key)"},
    {"members", "", "", "the member subset, model names joined by `+` (row key)"},
    {"top1_accuracy", "fraction", "",
     "top-1 accuracy of that subset's aggregated answer, in [0, 1]"},
    {"source", "", "", "optional: where the number comes from"},
};
constexpr std::size_t kEnsembleRequired = 3;

// "a, b, c": the names of `columns`, for "needs: ..." messages.
std::string names_of(std::span<const OutputColumn> columns) {
  std::string names;
  for (const OutputColumn& column : columns) {
    if (!names.empty()) names += ", ";
    names += column.name;
  }
  return names;
}

}  // namespace

std::span<const OutputColumn> accuracy_table_columns() { return kColumns; }
std::span<const OutputColumn> ensemble_accuracy_columns() { return kEnsembleColumns; }

std::vector<AccuracyRow> parse_accuracy_table(const std::string& text, const std::string& file) {
  const std::vector<Record> records = split_records(text, file);
  if (records.empty()) throw core::ConfigError({file, 1, 1}, "empty accuracy table");
  std::map<std::string, std::size_t> column = header_columns(records.front());
  for (const OutputColumn& required : kColumns) {
    if (!column.count(std::string(required.name))) {
      throw core::ConfigError({file, 1, 1},
                              fmt::format("accuracy table has no '{}' column (needs: {})",
                                          required.name, names_of(kColumns)));
    }
  }
  std::vector<AccuracyRow> rows;
  for (std::size_t idx = 1; idx < records.size(); ++idx) {
    const Record& record = records[idx];
    auto cell = [&](Col col) -> std::string {
      const std::size_t at = column[std::string(kColumns[col].name)];
      return at < record.fields.size() ? record.fields[at] : std::string();
    };
    auto accuracy = [&](Col col) -> std::optional<double> {
      const std::string_view name = kColumns[col].name;
      const std::string text_value = cell(col);
      if (text_value.empty()) return std::nullopt;
      const Parsed<double> parsed = parse_double(text_value);
      const std::optional<double> value =
          parsed.status == NumberStatus::kOk ? std::optional<double>(parsed.value) : std::nullopt;
      if (!value || *value < 0 || *value > 1) {
        throw core::ConfigError(
            {file, record.line, 0},
            std::string(name) + ": must be a number in [0, 1] (got '" + text_value + "')");
      }
      return value;
    };
    auto code = [&](Col col) -> std::optional<int> {
      const std::string_view name = kColumns[col].name;
      const std::string text_value = cell(col);
      if (text_value.empty()) return std::nullopt;
      const Parsed<std::int64_t> parsed = parse_int64(text_value);
      const std::optional<std::int64_t> value = parsed.status == NumberStatus::kOk
                                                    ? std::optional<std::int64_t>(parsed.value)
                                                    : std::nullopt;
      if (!value || *value < 1 || *value > 1000) {
        throw core::ConfigError({file, record.line, 0}, std::string(name) +
                                                            ": must be an integer in [1, 1000] "
                                                            "(got '" +
                                                            text_value + "')");
      }
      return static_cast<int>(*value);
    };
    rows.push_back(AccuracyRow{cell(kDataset), cell(kModel), code(kK), code(kR), cell(kEncoder),
                               cell(kDecoder), accuracy(kAvailable), accuracy(kDegraded),
                               cell(kSource), record.line});
  }
  return rows;
}

}  // namespace servesim::io

namespace servesim::io {

std::vector<EnsembleAccuracyRow> parse_ensemble_table(const std::string& text,
                                                      const std::string& file) {
  const std::vector<Record> records = split_records(text, file);
  if (records.empty()) throw core::ConfigError({file, 1, 1}, "empty accuracy table");
  const auto column = header_columns(records.front());
  const std::span<const OutputColumn> required(kEnsembleColumns, kEnsembleRequired);
  for (const OutputColumn& needed : required) {
    if (!column.count(std::string(needed.name))) {
      throw core::ConfigError({file, 1, 1},
                              fmt::format("ensemble accuracy table has no '{}' column (needs: {})",
                                          needed.name, names_of(required)));
    }
  }
  std::vector<EnsembleAccuracyRow> rows;
  for (std::size_t idx = 1; idx < records.size(); ++idx) {
    const Record& record = records[idx];
    auto cell = [&](EnsembleCol col) -> std::string {
      const std::size_t at = column.at(std::string(kEnsembleColumns[col].name));
      return at < record.fields.size() ? record.fields[at] : std::string();
    };
    const Parsed<double> parsed = parse_double(cell(kTop1));
    if (parsed.status != NumberStatus::kOk || parsed.value < 0 || parsed.value > 1) {
      throw core::ConfigError({file, record.line, 0},
                              fmt::format("{}: must be a number in [0, 1] (got '{}')",
                                          kEnsembleColumns[kTop1].name, cell(kTop1)));
    }
    rows.push_back({cell(kEnsembleDataset), cell(kMembers), parsed.value, record.line});
  }
  return rows;
}

}  // namespace servesim::io
