// File: sim/io/csv_column.cpp
#include "sim/io/csv_column.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "sim/core/error.hpp"
#include "sim/io/number_text.hpp"

namespace servesim::io {

namespace {

[[noreturn]] void fail_at(const std::string& file, int line, int column,
                          const std::string& message) {
  throw core::ConfigError(core::SourceLocation{file, line, column}, message);
}

// Length of the UTF-8 sequence starting at text[pos], or 0 when it is not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  std::uint32_t code = 0;
  std::uint32_t min_code = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code = lead & 0x1F, min_code = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code = lead & 0x0F, min_code = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code = lead & 0x07, min_code = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(pos + i) & 0x3F);
  }
  if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

// Throws at the first byte that no text file has.
void require_text(std::string_view text, const std::string& file) {
  int line = 1;
  int column = 1;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    const bool control = (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F;
    const std::size_t length = control ? 0 : utf8_sequence_length(text, pos);
    if (length == 0) {
      fail_at(file, line, column,
              fmt::format("not a text file (byte 0x{:02x}); expected CSV text", c));
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    pos += length;
  }
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

std::vector<CsvCell> read_first_column(std::string_view text, const std::string& file,
                                       std::string_view header, bool header_optional) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  require_text(text, file);

  std::vector<CsvCell> cells;
  bool header_seen = false;
  int header_line = 0;
  int line = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(start, end - start);
    ++line;
    start = end + 1;

    std::size_t first = 0;
    while (first < row.size() && is_blank(row[first])) ++first;
    if (first == row.size()) continue;  // blank line
    std::size_t last = row.find(',', first);
    if (last == std::string_view::npos) last = row.size();
    while (last > first && is_blank(row[last - 1])) --last;
    CsvCell cell{row.substr(first, last - first), line, static_cast<int>(first) + 1};

    if (!header_seen) {
      header_seen = true;
      header_line = line;
      std::string_view name = cell.text;
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
      }
      if (name == header) continue;
      if (!(header_optional && parse_double(cell.text).status != NumberStatus::kNotANumber)) {
        fail_at(file, cell.line, cell.column,
                fmt::format("expected the header '{}' in the first line{}, got '{}'", header,
                            header_optional ? " (or a number)" : "", cell.text));
      }
    }
    cells.push_back(cell);
  }
  if (!header_seen) {
    throw core::ConfigError(core::SourceLocation{file, 0, 0},
                            fmt::format("empty file (expected a header line '{}')", header));
  }
  if (cells.empty()) fail_at(file, header_line, 1, "no data rows after the header");
  return cells;
}

std::vector<std::vector<CsvCell>> read_rows(std::string_view text, const std::string& file) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  require_text(text, file);
  std::vector<std::vector<CsvCell>> rows;
  int line = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(start, end - start);
    ++line;
    start = end + 1;
    if (std::all_of(row.begin(), row.end(), is_blank)) continue;
    std::vector<CsvCell> cells;
    for (std::size_t field = 0;;) {
      std::size_t stop = row.find(',', field);
      if (stop == std::string_view::npos) stop = row.size();
      std::size_t first = field;
      std::size_t last = stop;
      while (first < last && is_blank(row[first])) ++first;
      while (last > first && is_blank(row[last - 1])) --last;
      cells.push_back(CsvCell{row.substr(first, last - first), line, static_cast<int>(first) + 1});
      if (stop == row.size()) break;
      field = stop + 1;
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace servesim::io
