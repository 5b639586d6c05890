// File: sim/io/samples_loader.cpp
#include "sim/io/samples_loader.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/io/csv_column.hpp"
#include "sim/io/number_text.hpp"

namespace servesim::io {

std::vector<double> parse_samples(std::string_view text, const std::string& file) {
  const CsvColumn column = read_first_column(text, file, kEmpiricalSamplesColumn.name, true);
  const std::span<const CsvField> cells = column.cells();
  std::vector<double> samples;
  samples.reserve(cells.size());
  for (const CsvField& cell : cells) {
    const core::SourceLocation where{file, cell.line, cell.column};
    const Parsed<double> parsed = parse_double(cell.text);
    if (parsed.status == NumberStatus::kNotFinite || parsed.status == NumberStatus::kOutOfRange) {
      throw core::ConfigError(where,
                              fmt::format("sample must be a finite number, got '{}'", cell.text));
    }
    if (parsed.status != NumberStatus::kOk) {
      throw core::ConfigError(where, fmt::format("not a number: '{}'", cell.text));
    }
    if (parsed.value < 0) {
      throw core::ConfigError(where, fmt::format("sample must be >= 0, got {}", cell.text));
    }
    samples.push_back(parsed.value);
  }
  return samples;
}

}  // namespace servesim::io
