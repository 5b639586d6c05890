// File: sim/cli/main.cpp
//
// `servesim` entry point: parses the command line (CLI11) and dispatches to a command.
// Exit codes (SPEC §2): 0 success; 2 bad input or usage, one `FILE:LINE:COL: error: ...` line on
// stderr; 1 internal error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"

namespace {
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 1;
}  // namespace

int main(int argc, char** argv) {
  using namespace servesim;
  CLI::App app{"servesim: a discrete-event simulator of ML prediction-serving clusters"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "servesim 0.1.0");

  cli::RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "run one scenario and write its outputs");
  run_cmd->add_option("scenario", run.scenario, "scenario YAML file")->required();
  run_cmd->add_option("-o,--output", run.output_dir, "output directory (default out/<name>)");
  run_cmd->add_option("--seed", run.seed, "override the scenario's seed");
  run_cmd->add_option("--requests", run.requests, "override run.requests (measured requests)");
  run_cmd->add_option("--set", run.overrides, "override a scalar: key.path=value (repeatable)")
      ->allow_extra_args(false);
  run_cmd->add_flag("--trace", run.trace, "also write requests.csv (one row per request)");
  run_cmd->add_flag("!--no-timing", run.timing,
                    "leave wall-clock figures out of summary.json (byte-identical reruns)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "do not print the summary table");

  cli::CheckOptions check;
  CLI::App* check_cmd =
      app.add_subcommand("check", "validate a scenario and print it fully resolved, as YAML");
  check_cmd->add_option("scenario", check.scenario, "scenario YAML file")->required();
  check_cmd->add_option("--set", check.overrides, "override a scalar: key.path=value")
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "error: %s (see 'servesim --help')\n", e.what());
    return kExitUsage;
  }

  try {
    if (*run_cmd) return cli::run_command(run);
    if (*check_cmd) return cli::check_command(check);
  } catch (const core::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.formatted().c_str());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return kExitInternal;
  }
  return kExitInternal;
}
