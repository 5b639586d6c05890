// File: tests/support/servesim_process.hpp
//
// Runs the real `servesim` binary for whole-program tests (SimGrid .tesh, ns-3 examples-as-tests):
// scenarios are written to a fresh temporary directory, the binary is run with arguments, and its
// exit code, stdout, stderr and output files are returned for assertions.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace servesim::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A temporary directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to path()/name and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

// Runs SERVESIM_BINARY with `args` in `working_dir` (default: the source tree root).
ProcessResult run_servesim(const std::vector<std::string>& args,
                           const std::filesystem::path& working_dir = SERVESIM_SOURCE_DIR);

std::string read_file(const std::filesystem::path& path);
nlohmann::json read_json(const std::filesystem::path& path);
// Files (recursively) under `dir`, sorted; for "output folder untouched" assertions.
std::vector<std::string> list_files(const std::filesystem::path& dir);

// Runs a scenario (YAML text) and returns its summary.json; fails the calling test (via gtest
// ADD_FAILURE) with servesim's stderr if the run does not exit 0.
nlohmann::json run_scenario_text(const std::string& yaml, const std::vector<std::string>& extra_args = {});

}  // namespace servesim::testing
