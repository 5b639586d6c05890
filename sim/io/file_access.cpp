// File: sim/io/file_access.cpp
#include "sim/io/file_access.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

namespace servesim::io {

namespace fs = std::filesystem;

namespace {

bool path_exists(const fs::path& path) {
  std::error_code ignored;
  return fs::exists(path, ignored);
}

}  // namespace

std::optional<std::string> resolve_path(const std::string& written, const PathBase& base) {
  const fs::path path(written);
  if (written.empty()) return std::nullopt;
  if (path.is_absolute()) {
    if (path_exists(path)) return written;
    return std::nullopt;
  }
  std::vector<fs::path> candidates;
  const fs::path directory = base.directory.empty() ? fs::path(".") : base.directory;
  if (base.directory_first) candidates.push_back((directory / path).lexically_normal());
  candidates.push_back(path);
  // Walk up from the directory; absolute so that ".." steps past the current directory too.
  std::error_code error;
  fs::path dir = fs::absolute(directory, error);
  if (!error) {
    dir = dir.lexically_normal();
    for (;;) {
      candidates.push_back((dir / path).lexically_normal());
      const fs::path parent = dir.parent_path();
      if (parent == dir || parent.empty()) break;
      dir = parent;
    }
  }
  for (const fs::path& candidate : candidates) {
    if (path_exists(candidate)) return candidate.string();
  }
  return std::nullopt;
}

FileText read_text_file(const std::string& path, std::size_t max_bytes) {
  FileText result;
  std::error_code status_error;
  const fs::file_status status = fs::status(path, status_error);
  if (status_error) {
    result.error = status_error.message();
    return result;
  }
  if (fs::is_directory(status)) {
    result.error = "is a directory";
    return result;
  }
  if (!fs::is_regular_file(status)) {
    result.error = "not a regular file";
    return result;
  }
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) {
    result.error = std::strerror(errno != 0 ? errno : EIO);
    return result;
  }
  char buffer[1 << 16];
  for (;;) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
    result.text.append(buffer, got);
    if (result.text.size() > max_bytes) {
      result.text.clear();
      result.error = "file too large (over " + std::to_string(max_bytes >> 20) + " MiB)";
      return result;
    }
    if (got < sizeof buffer) break;
  }
  if (std::ferror(file.get())) {
    result.text.clear();
    result.error = std::strerror(errno != 0 ? errno : EIO);
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace servesim::io
