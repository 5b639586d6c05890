// File: sim/io/sweep_csv.cpp
#include "sim/io/sweep_csv.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/io/csv_reader.hpp"
#include "sim/io/file_access.hpp"

namespace servesim::io {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

int CsvTable::column(std::string_view name) const {
  for (std::size_t idx = 0; idx < header.size(); ++idx) {
    if (header[idx] == name) return static_cast<int>(idx);
  }
  return -1;
}

CsvTable read_csv_table(const std::string& file) {
  const FileText text = read_text_file(file);
  if (!text.ok) throw core::ConfigError("cannot open '" + file + "': " + text.error);
  return parse_csv_table(text.text, file);
}

CsvTable parse_csv_table(std::string_view text, const std::string& file) {
  const CsvRows rows = parse_csv(text, file);
  if (rows.empty()) {
    throw core::ConfigError(core::SourceLocation{file, 0, 0},
                            "empty file (expected a header line)");
  }
  CsvTable table;
  table.file = file;
  const std::span<const CsvField> header = rows[0];
  for (const CsvField& field : header) table.header.emplace_back(field.text);
  require_unique_names(header, file);
  for (std::size_t idx = 1; idx < rows.size(); ++idx) {
    const std::span<const CsvField> row = rows[idx];
    if (row.size() != header.size()) {
      throw core::ConfigError(
          core::SourceLocation{file, rows.line(idx), 1},
          fmt::format("expected {} fields (as in the header), got {}", header.size(), row.size()));
    }
    std::vector<std::string>& cells = table.rows.emplace_back();
    for (const CsvField& field : row) cells.emplace_back(field.text);
    table.row_lines.push_back(rows.line(idx));
  }
  return table;
}

}  // namespace servesim::io
