// File: sim/io/samples_table.cpp
#include "sim/io/samples_table.hpp"

#include <fmt/format.h>

#include <optional>

#include "sim/core/error.hpp"
#include "sim/io/csv_reader.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/number_text.hpp"

static_assert(servesim::io::kMaxBatchSize == 100000,
              "kSamplesBatchColumn's meaning states the largest batch size");

namespace servesim::io {

namespace {

[[noreturn]] void fail_at(const std::string& file, const CsvField& cell,
                          const std::string& message) {
  throw core::ConfigError(core::SourceLocation{file, cell.line, cell.column}, message);
}

double parse_latency(const std::string& file, const CsvField& cell) {
  const Parsed<double> parsed = parse_double(cell.text);
  if (parsed.status == NumberStatus::kNotFinite || parsed.status == NumberStatus::kOutOfRange) {
    fail_at(file, cell, fmt::format("latency must be a finite number, got '{}'", cell.text));
  }
  if (parsed.status != NumberStatus::kOk) {
    fail_at(file, cell, fmt::format("latency: not a number: '{}'", cell.text));
  }
  if (!(parsed.value > 0)) {
    fail_at(file, cell, fmt::format("latency must be > 0 ms, got {}", cell.text));
  }
  return parsed.value;
}

int parse_batch(const std::string& file, const CsvField& cell) {
  const Parsed<std::int64_t> parsed = parse_int64(cell.text);
  switch (parsed.status) {
    case NumberStatus::kOk:
      break;
    case NumberStatus::kNotInteger:
      fail_at(file, cell, fmt::format("batch size must be an integer, got '{}'", cell.text));
    case NumberStatus::kNotANumber:
      fail_at(file, cell, fmt::format("batch size: not a number: '{}'", cell.text));
    case NumberStatus::kNotFinite:
    case NumberStatus::kOutOfRange:
      fail_at(file, cell,
              fmt::format("batch size must be in [1, {}], got '{}'", kMaxBatchSize, cell.text));
  }
  if (parsed.value < 1 || parsed.value > kMaxBatchSize) {
    fail_at(file, cell,
            fmt::format("batch size must be in [1, {}], got {}", kMaxBatchSize, parsed.value));
  }
  return static_cast<int>(parsed.value);
}

}  // namespace

SamplesTable parse_samples_table(std::string_view text, const std::string& file,
                                 const SamplesTableColumns& columns) {
  const CsvRows rows = parse_csv(text, file, CsvOptions{.trim_blanks = true});
  if (rows.empty()) {
    throw core::ConfigError(core::SourceLocation{file, 0, 0},
                            fmt::format("empty file (expected a header line such as '{},{}')",
                                        columns.batch, columns.latency));
  }
  const std::span<const CsvField> header = rows[0];
  SamplesTable table;
  std::size_t first_data = 1;
  std::optional<std::size_t> latency_col;
  std::optional<std::size_t> batch_col;
  const bool headerless =
      header.size() == 1 && parse_double(header[0].text).status != NumberStatus::kNotANumber;
  if (headerless) {
    // A single column of numbers (the samples files of {dist: empirical}): batch size 1.
    if (columns.batch_required) {
      fail_at(file, header[0],
              fmt::format("expected a header line naming the column '{}', got a number",
                          columns.batch));
    }
    first_data = 0;
    latency_col = 0;
  } else {
    for (std::size_t col = 0; col < header.size(); ++col) {
      const std::string_view name = header[col].text;
      for (auto [wanted, slot] :
           {std::pair{&columns.latency, &latency_col}, std::pair{&columns.batch, &batch_col}}) {
        if (name != *wanted) continue;
        if (*slot) fail_at(file, header[col], fmt::format("column '{}' given twice", name));
        *slot = col;
      }
    }
    std::string names;
    for (const CsvField& cell : header) {
      names += (names.empty() ? "'" : ", '") + std::string(cell.text) + "'";
    }
    if (!latency_col) {
      fail_at(file, header[0],
              fmt::format("no column '{}' in the header (columns: {}); name the latency column "
                          "with --latency-column",
                          columns.latency, names));
    }
    if (!batch_col && columns.batch_required) {
      fail_at(file, header[0],
              fmt::format("no column '{}' in the header (columns: {})", columns.batch, names));
    }
  }
  table.has_batch_column = batch_col.has_value();

  for (std::size_t r = first_data; r < rows.size(); ++r) {
    const std::span<const CsvField> row = rows[r];
    if (row.size() != header.size()) {
      fail_at(file, row.back(),
              fmt::format("row has {} field{}, the header has {}", row.size(),
                          row.size() == 1 ? "" : "s", header.size()));
    }
    const int batch = batch_col ? parse_batch(file, row[*batch_col]) : 1;
    table.latency_by_batch[batch].push_back(parse_latency(file, row[*latency_col]));
    ++table.rows;
  }
  if (table.rows == 0) fail_at(file, header[0], "no data rows after the header");
  return table;
}

}  // namespace servesim::io
