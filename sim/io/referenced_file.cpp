// File: sim/io/referenced_file.cpp
#include "sim/io/referenced_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "sim/io/file_access.hpp"

namespace servesim::io {

ReferencedFile read_referenced_file(const YamlValue& value) {
  ReferencedFile file;
  file.written = value.as_string();
  if (file.written.empty()) value.fail("expected a file name, got an empty string");
  file.resolved = resolve_referenced_path(value);
  FileText text = read_text_file(file.resolved);
  if (!text.ok) value.fail(fmt::format("cannot open '{}': {}", file.resolved, text.error));
  file.text = std::move(text.text);
  return file;
}

std::string resolve_referenced_path(const YamlValue& value) {
  const std::string written = value.as_string();
  const std::optional<std::string> found = resolve_path(written, value.source().paths());
  if (!found) value.fail(fmt::format("cannot open '{}': {}", written, std::strerror(ENOENT)));
  return *found;
}

}  // namespace servesim::io
