// File: sim/io/csv_column.hpp
//
// The CSV shape of traces and empirical samples: a header line, then one value per row in the
// first column; further columns are ignored. Read with the one CSV reader (csv_reader.hpp),
// blanks around fields trimmed; the loaders give the cells meaning.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sim/io/csv_reader.hpp"

namespace servesim::io {

// The first column of a CSV text after its header line.
struct CsvColumn {
  CsvRows rows;                // every row's first field (owns what the cells view)
  std::size_t first_data = 0;  // 1 after a header line, 0 for a file without one

  std::span<const CsvField> cells() const { return rows.fields().subspan(first_data); }
};

// `header`: the name the first column must have. `header_optional`: a file may also start
// straight with data (its first field a number). Throws core::ConfigError located in `file`
// for: an empty file, bytes that are not text, a wrong header, no data rows, and what
// parse_csv refuses. REQUIRES: `text` outlives the result.
CsvColumn read_first_column(std::string_view text, const std::string& file, std::string_view header,
                            bool header_optional);

}  // namespace servesim::io
