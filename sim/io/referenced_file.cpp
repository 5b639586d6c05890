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
  const std::optional<std::string> resolved = resolve_path(file.written, value.source().paths());
  if (!resolved) {
    value.fail(fmt::format("cannot open '{}': {}", file.written, std::strerror(ENOENT)));
  }
  file.resolved = *resolved;
  FileText text = read_text_file(file.resolved);
  if (!text.ok) value.fail(fmt::format("cannot open '{}': {}", file.resolved, text.error));
  file.text = std::move(text.text);
  return file;
}

}  // namespace servesim::io
