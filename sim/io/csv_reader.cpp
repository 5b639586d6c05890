// File: sim/io/csv_reader.cpp
#include "sim/io/csv_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "sim/core/error.hpp"

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

// True when the 8 bytes at `at` are printable ASCII (0x20..0x7E), the bytes of most lines: no
// byte >= 0x80, none < 0x20 (line breaks and tabs included) and no 0x7F. The tests for a byte
// below n and for a zero byte are exact (Anderson, "Bit Twiddling Hacks", hasless/haszero).
bool printable_ascii8(const char* at) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
  const std::uint64_t del = word ^ (kOnes * 0x7F);
  const std::uint64_t has_del = (del - kOnes) & ~del & kHigh;
  return ((word & kHigh) | below_space | has_del) == 0;
}

// Throws at the first byte that no text file has (column counted in characters).
void require_text(std::string_view text, const std::string& file) {
  int line = 1;
  int column = 1;
  for (std::size_t pos = 0; pos < text.size();) {
    if (pos + 8 <= text.size() && printable_ascii8(text.data() + pos)) {
      pos += 8;
      column += 8;
      continue;
    }
    // Character by character through the next 8 bytes (a line break, a tab, UTF-8 or a bad
    // byte is among them), or to the end of the line.
    for (const std::size_t stop = std::min(text.size(), pos + 8); pos < stop;) {
      const auto c = static_cast<unsigned char>(text[pos]);
      const bool control = (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F;
      const std::size_t length = control ? 0 : utf8_sequence_length(text, pos);
      if (length == 0) {
        fail_at(file, line, column,
                fmt::format("not a text file (byte 0x{:02x}); expected CSV text", c));
      }
      pos += length;
      if (c == '\n') {
        ++line;
        column = 1;
        break;  // a new line: try its first 8 bytes at once
      }
      ++column;
    }
  }
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

CsvRows parse_csv(std::string_view text, const std::string& file, const CsvOptions& options) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  require_text(text, file);

  CsvRows out;
  const std::size_t size = text.size();
  std::size_t pos = 0;
  std::size_t line_start = 0;  // offset of the current line's first byte
  int line = 1;
  // End of the current line (offset of its '\n', or size): found with one memchr per line, so
  // unquoted fields are split without looking at each byte twice.
  std::size_t line_end = 0;
  const auto current_line_end = [&] {
    if (line_end < pos || line_end == 0) {
      const std::size_t found = text.find('\n', pos);
      line_end = found == std::string_view::npos ? size : found;
    }
    return line_end;
  };
  // Offset of the next '"' at or after pos (or size), also found once and kept: most files
  // have no quote at all.
  std::size_t next_quote = 0;
  const auto quote_before = [&](std::size_t stop) {
    if (next_quote < pos || next_quote == 0) {
      const std::size_t found = text.find('"', pos);
      next_quote = found == std::string_view::npos ? size : found;
    }
    return next_quote < stop;
  };
  const auto skip_blanks = [&] {
    while (pos < size && (is_blank(text[pos]) ||
                          (text[pos] == '\r' && pos + 1 < size && text[pos + 1] != '\n'))) {
      ++pos;
    }
  };
  while (pos < size) {
    CsvRows::Row row{out.fields_.size(), 0, line};
    bool blank = true;  // the row so far is one empty unquoted field
    for (;;) {
      if (options.trim_blanks) skip_blanks();
      CsvField field{{}, line, static_cast<int>(pos - line_start) + 1};
      if (pos < size && text[pos] == '"') {
        blank = false;
        const int quote_line = line;
        const int quote_column = field.column;
        const std::size_t start = ++pos;
        bool doubled = false;
        std::size_t end = 0;
        for (;;) {
          const std::size_t quote = text.find('"', pos);
          for (std::size_t at = text.find('\n', pos); at < std::min(quote, size);
               at = text.find('\n', at + 1)) {
            ++line;
            line_start = at + 1;
          }
          if (quote == std::string_view::npos) {
            fail_at(file, quote_line, quote_column, "unterminated quoted field");
          }
          if (quote + 1 < size && text[quote + 1] == '"') {
            doubled = true;
            pos = quote + 2;
            continue;
          }
          end = quote;
          pos = quote + 1;
          break;
        }
        field.text = text.substr(start, end - start);
        if (doubled) {
          std::string unescaped;
          for (std::size_t at = start; at < end; ++at) {
            unescaped += text[at];
            if (text[at] == '"') ++at;
          }
          out.unescaped_.push_back(std::move(unescaped));
          field.text = out.unescaped_.back();
        }
        if (options.trim_blanks) skip_blanks();
        if (pos < size && text[pos] == '\r' && (pos + 1 == size || text[pos + 1] == '\n')) ++pos;
        if (pos < size && text[pos] != ',' && text[pos] != '\n') {
          fail_at(file, line, static_cast<int>(pos - line_start) + 1,
                  "unexpected text after a closing quote (a quote inside a quoted field is "
                  "written twice: \"\")");
        }
      } else {
        const std::size_t start = pos;
        const std::size_t stop = current_line_end();
        const void* comma = std::memchr(text.data() + pos, ',', stop - pos);
        pos = comma == nullptr
                  ? stop
                  : static_cast<std::size_t>(static_cast<const char*>(comma) - text.data());
        std::size_t end = pos;
        while (end > start &&
               (text[end - 1] == '\r' || (options.trim_blanks && is_blank(text[end - 1])))) {
          --end;
        }
        field.text = text.substr(start, end - start);
        if (end > start) blank = false;
      }
      if (!options.first_field_only || row.count == 0) {
        out.fields_.push_back(field);
        ++row.count;
      }
      if (pos < size && text[pos] == ',') {
        blank = false;
        ++pos;
        // The other fields are not kept: skip to the line's end unless a quote there could
        // start a field that spans lines.
        const std::size_t stop = current_line_end();
        if (options.first_field_only && !quote_before(stop)) {
          pos = stop;
        } else {
          continue;
        }
      }
      if (pos < size) {  // '\n'
        ++pos;
        ++line;
        line_start = pos;
      }
      break;
    }
    if (blank) {
      out.fields_.resize(row.first);
    } else {
      out.rows_.push_back(row);
    }
  }
  return out;
}

void require_unique_names(std::span<const CsvField> header, const std::string& file) {
  for (std::size_t idx = 0; idx < header.size(); ++idx) {
    for (std::size_t earlier = 0; earlier < idx; ++earlier) {
      if (header[idx].text == header[earlier].text) {
        fail_at(file, header[idx].line, header[idx].column,
                fmt::format("column '{}' appears twice in the header (columns {} and {})",
                            header[idx].text, earlier + 1, idx + 1));
      }
    }
  }
}

}  // namespace servesim::io
