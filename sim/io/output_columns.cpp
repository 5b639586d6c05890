// File: sim/io/output_columns.cpp
#include "sim/io/output_columns.hpp"

#include "sim/core/error.hpp"

namespace servesim::io {

std::string fill_pattern(std::string_view pattern, std::string_view fill) {
  const std::size_t open = pattern.find('<');
  SERVESIM_ASSERT((open == std::string_view::npos) == fill.empty(),
                  "a pattern needs a name to fill in, a plain name none");
  if (open == std::string_view::npos) return std::string(pattern);
  const std::size_t close = pattern.find('>', open);
  std::string text(pattern.substr(0, open));
  text += fill;
  text += pattern.substr(close + 1);
  return text;
}

std::string OutputColumn::key(std::string_view fill) const { return fill_pattern(name, fill); }

std::string csv_header(std::span<const OutputColumn> columns) {
  std::string header;
  for (const OutputColumn& column : columns) {
    SERVESIM_ASSERT(!column.is_pattern(), "csv_header takes plain columns only");
    if (!header.empty()) header += ',';
    header += column.name;
  }
  return header;
}

bool matches_pattern(std::string_view pattern, std::string_view key) {
  const std::size_t open = pattern.find('<');
  if (open == std::string_view::npos) return pattern == key;
  const std::size_t close = pattern.find('>', open);
  const std::string_view prefix = pattern.substr(0, open);
  const std::string_view suffix = pattern.substr(close + 1);
  return key.size() > prefix.size() + suffix.size() && key.starts_with(prefix) &&
         key.ends_with(suffix);
}

}  // namespace servesim::io
