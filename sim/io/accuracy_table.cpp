// File: sim/io/accuracy_table.cpp
#include "sim/io/accuracy_table.hpp"

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

const char* const kColumns[] = {
    "dataset",           "model", "k", "r", "encoder", "decoder", "available_accuracy",
    "degraded_accuracy", "source"};

}  // namespace

std::vector<AccuracyRow> parse_accuracy_table(const std::string& text, const std::string& file) {
  const std::vector<Record> records = split_records(text, file);
  if (records.empty()) throw core::ConfigError({file, 1, 1}, "empty accuracy table");
  std::map<std::string, std::size_t> column = header_columns(records.front());
  for (const char* name : kColumns) {
    if (!column.count(name)) {
      throw core::ConfigError({file, 1, 1}, std::string("accuracy table has no '") + name +
                                                "' column (needs: dataset, model, k, r, encoder, "
                                                "decoder, available_accuracy, degraded_accuracy, "
                                                "source)");
    }
  }
  std::vector<AccuracyRow> rows;
  for (std::size_t idx = 1; idx < records.size(); ++idx) {
    const Record& record = records[idx];
    auto cell = [&](const char* name) -> std::string {
      const std::size_t at = column[name];
      return at < record.fields.size() ? record.fields[at] : std::string();
    };
    auto accuracy = [&](const char* name) -> std::optional<double> {
      const std::string text_value = cell(name);
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
    auto code = [&](const char* name) -> std::optional<int> {
      const std::string text_value = cell(name);
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
    rows.push_back(AccuracyRow{cell("dataset"), cell("model"), code("k"), code("r"),
                               cell("encoder"), cell("decoder"), accuracy("available_accuracy"),
                               accuracy("degraded_accuracy"), cell("source"), record.line});
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
  for (const char* name : {"dataset", "members", "top1_accuracy"}) {
    if (!column.count(name)) {
      throw core::ConfigError({file, 1, 1}, std::string("ensemble accuracy table has no '") + name +
                                                "' column (needs: dataset, members, "
                                                "top1_accuracy, source)");
    }
  }
  std::vector<EnsembleAccuracyRow> rows;
  for (std::size_t idx = 1; idx < records.size(); ++idx) {
    const Record& record = records[idx];
    auto cell = [&](const char* name) -> std::string {
      const std::size_t at = column.at(name);
      return at < record.fields.size() ? record.fields[at] : std::string();
    };
    const Parsed<double> parsed = parse_double(cell("top1_accuracy"));
    if (parsed.status != NumberStatus::kOk || parsed.value < 0 || parsed.value > 1) {
      throw core::ConfigError({file, record.line, 0},
                              "top1_accuracy: must be a number in [0, 1] "
                              "(got '" +
                                  cell("top1_accuracy") + "')");
    }
    rows.push_back({cell("dataset"), cell("members"), parsed.value, record.line});
  }
  return rows;
}

}  // namespace servesim::io
