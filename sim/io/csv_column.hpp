// File: sim/io/csv_column.hpp
//
// The one CSV shape servesim reads (traces, empirical samples): a header line, then one value
// per row in the first column; further columns are ignored. This file checks that the text is
// text and finds the cells with their positions; the loaders give the cells meaning.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace servesim::io {

struct CsvCell {
  std::string_view text;  // first field of the row, surrounding blanks removed
  int line = 0;           // 1-based
  int column = 0;         // 1-based byte column where the field starts
};

// Cells of the first column after the header line. `header`: the name the first column must
// have. `header_optional`: a file may also start straight with data (its first field a number).
// Blank lines are skipped; '\r\n' line ends and a UTF-8 byte-order mark are accepted.
// Throws core::ConfigError located in `file` for: an empty file, bytes that are not text (NUL,
// control characters, invalid UTF-8), a wrong header, no data rows.
// REQUIRES: `text` outlives the returned cells.
std::vector<CsvCell> read_first_column(std::string_view text, const std::string& file,
                                       std::string_view header, bool header_optional);

// Every non-blank row with all its comma-separated fields (surrounding blanks removed; no
// quoting: a quoted header name keeps its quotes), after the same text checks as above. For
// files with several columns (`servesim fit`'s `batch,latency_ms`). An empty result means the
// file holds no row at all. REQUIRES: `text` outlives the returned cells.
std::vector<std::vector<CsvCell>> read_rows(std::string_view text, const std::string& file);

}  // namespace servesim::io
