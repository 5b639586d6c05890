// File: sim/io/sweep_csv.cpp
#include "sim/io/sweep_csv.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
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
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte-order mark
  CsvTable table;
  table.file = file;
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;  // inside a quoted field
  bool any = false;     // the current record has content
  int line = 1;
  int record_line = 1;
  int quote_line = 0;
  int column = 1;                       // of the character at pos, 1-based
  int field_column = 1;                 // where the current field starts
  std::vector<int> header_columns;      // where each header field starts
  const auto end_record = [&] {
    if (records.empty()) header_columns.push_back(field_column);
    record.push_back(std::move(field));
    field.clear();
    if (any) {
      records.push_back(std::move(record));
      lines.push_back(record_line);
    } else if (records.empty()) {
      header_columns.clear();
    }
    record.clear();
    any = false;
  };
  for (std::size_t pos = 0; pos < text.size(); ++pos, ++column) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') {
          ++line;
          column = 0;
        }
        field += c;
      }
      continue;
    }
    if (!any && record.empty() && field.empty()) record_line = line;
    switch (c) {
      case '"':
        quoted = true;
        quote_line = line;
        any = true;
        break;
      case ',':
        if (records.empty()) header_columns.push_back(field_column);
        record.push_back(std::move(field));
        field.clear();
        field_column = column + 1;
        any = true;
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        column = 0;
        field_column = 1;
        break;
      default:
        field += c;
        any = true;
    }
  }
  if (quoted) {
    throw core::ConfigError(core::SourceLocation{file, quote_line, 1}, "unterminated quoted field");
  }
  if (any || !record.empty()) end_record();
  if (records.empty()) {
    throw core::ConfigError(core::SourceLocation{file, 0, 0},
                            "empty file (expected a header line)");
  }
  table.header = std::move(records.front());
  // Two columns of one name: a reader would silently take the first.
  for (std::size_t idx = 0; idx < table.header.size(); ++idx) {
    for (std::size_t earlier = 0; earlier < idx; ++earlier) {
      if (table.header[idx] == table.header[earlier]) {
        const int at = idx < header_columns.size() ? header_columns[idx] : 1;
        throw core::ConfigError(
            core::SourceLocation{file, lines.front(), at},
            fmt::format("column '{}' appears twice in the header (columns {} and {})",
                        table.header[idx], earlier + 1, idx + 1));
      }
    }
  }
  for (std::size_t idx = 1; idx < records.size(); ++idx) {
    if (records[idx].size() != table.header.size()) {
      throw core::ConfigError(core::SourceLocation{file, lines[idx], 1},
                              fmt::format("expected {} fields (as in the header), got {}",
                                          table.header.size(), records[idx].size()));
    }
    table.rows.push_back(std::move(records[idx]));
    table.row_lines.push_back(lines[idx]);
  }
  return table;
}

}  // namespace servesim::io
