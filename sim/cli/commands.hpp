// File: sim/cli/commands.hpp
//
// One function per `servesim` command. Each returns the process exit code; user errors are
// thrown as core::ConfigError and turned into exit code 2 by main().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace servesim::cli {

struct RunOptions {
  std::string scenario;
  std::string output_dir;  // "" = out/<scenario name>
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> requests;
  std::vector<std::string> overrides;  // key.path=value
  bool trace = false;
  bool timing = true;  // --no-timing leaves wall-clock figures out of summary.json
  bool quiet = false;
};

int run_command(const RunOptions& options);

struct CheckOptions {
  std::string scenario;
  std::vector<std::string> overrides;
};

int check_command(const CheckOptions& options);

}  // namespace servesim::cli
