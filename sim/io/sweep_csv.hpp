// File: sim/io/sweep_csv.hpp
//
// The CSV dialect of sweep.csv (RFC 4180): comma-separated, '\n' line ends, a field quoted with
// '"' (inner quotes doubled) only when it holds a comma, a quote or a line break. Writing one
// cell, and reading a whole table back as text (run/sweep_table.hpp gives sweep.csv's cells
// their types).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace servesim::io {

// `text` as one CSV field: unchanged, or quoted when it has to be.
std::string csv_field(std::string_view text);

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each exactly header.size() fields
  std::vector<int> row_lines;                  // 1-based line where each row starts

  // Index of `column` in the header, or -1.
  int column(std::string_view name) const;
};

// Reads a CSV file with a header line through the one CSV reader (csv_reader.hpp). Throws
// core::ConfigError at file:line:col for a missing or empty file, what parse_csv refuses (not
// text, an unterminated quote), a column named twice in the header, or a row whose field count
// differs from the header's.
CsvTable read_csv_table(const std::string& file);
CsvTable parse_csv_table(std::string_view text, const std::string& file);

}  // namespace servesim::io
