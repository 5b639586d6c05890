// File: sim/io/file_access.hpp
//
// Finding and reading the files a scenario names (profiles, traces, samples) and the scenario
// itself. Failures come back as a reason ("No such file or directory", "is a directory") for the
// caller to put in a ConfigError at the right location; nothing here throws.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace servesim::io {

// How relative paths written inside one file are looked up.
struct PathBase {
  // Directory of the file that contains the path ("" = the current directory).
  std::filesystem::path directory;
  // Scenario files: a path is tried relative to the current directory first, then relative to
  // `directory` and each of its parents upward (so scenarios/x.yaml can name traces/y.csv and
  // work from the repository root or from anywhere else).
  // Profile files: relative to `directory` first, then the same rule.
  bool directory_first = false;
};

// The first candidate location of `written` that exists (file or not: a directory found here is
// reported by read_text_file), as a path usable from the current directory: `written` itself when
// found relative to the current directory, else the joined path, made lexically normal. nullopt
// when no candidate exists.
std::optional<std::string> resolve_path(const std::string& written, const PathBase& base);

struct FileText {
  bool ok = false;
  std::string text;   // whole content when ok
  std::string error;  // strerror-style reason when !ok
};

// read_text_file's default cap (1 GiB): a guard against reading a device or a huge file by
// mistake, far above any input servesim reads whole.
inline constexpr std::size_t kMaxTextBytes = std::size_t{1} << 30;

// Reads a whole regular file. Directories, unreadable files and files over `max_bytes` fail with
// a reason.
FileText read_text_file(const std::string& path, std::size_t max_bytes = kMaxTextBytes);

}  // namespace servesim::io
