// File: sim/io/csv_column.cpp
#include "sim/io/csv_column.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/io/number_text.hpp"

namespace servesim::io {

CsvColumn read_first_column(std::string_view text, const std::string& file, std::string_view header,
                            bool header_optional) {
  CsvColumn column{parse_csv(text, file, CsvOptions{true, true}), 1};
  if (column.rows.empty()) {
    throw core::ConfigError(core::SourceLocation{file, 0, 0},
                            fmt::format("empty file (expected a header line '{}')", header));
  }
  const CsvField& first = column.rows.fields().front();
  if (first.text != header) {
    if (!(header_optional && parse_double(first.text).status != NumberStatus::kNotANumber)) {
      throw core::ConfigError(
          core::SourceLocation{file, first.line, first.column},
          fmt::format("expected the header '{}' in the first line{}, got '{}'", header,
                      header_optional ? " (or a number)" : "", first.text));
    }
    column.first_data = 0;
  }
  if (column.cells().empty()) {
    throw core::ConfigError(core::SourceLocation{file, first.line, 1},
                            "no data rows after the header");
  }
  return column;
}

}  // namespace servesim::io
