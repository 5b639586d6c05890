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
#include "sim/io/output_dir.hpp"
#include "sim/run/output_files.hpp"

namespace {
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 1;

// `metrics --file`'s help: the names of the declared files (run/output_files.hpp).
std::string file_choices_help() {
  std::string outputs;
  std::string inputs;
  for (const servesim::run::OutputFile& file : servesim::run::output_files()) {
    std::string& list = file.input ? inputs : outputs;
    list += (list.empty() ? "" : ", ") + std::string(file.name);
  }
  return "list the columns of this file instead: an output (" + outputs + ") or an input (" +
         inputs + ")";
}
}  // namespace

int main(int argc, char** argv) {
  using namespace servesim;
  // SIGINT/SIGTERM/SIGHUP remove temporaries and created folders, exit 128 + signal.
  io::install_interrupt_cleanup();
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
  run_cmd->add_option("-j,--jobs", run.jobs, "run replications on N threads (same output bytes)");
  run_cmd->add_flag("!--no-fast-paths", run.fast_paths,
                    "take the general path where a fast path duplicates it (same output bytes; "
                    "for testing)");

  cli::CheckOptions check;
  CLI::App* check_cmd =
      app.add_subcommand("check", "validate a scenario and print it fully resolved, as YAML");
  check_cmd->add_option("scenario", check.scenario, "scenario YAML file")->required();
  check_cmd->add_option("--set", check.overrides, "override a scalar: key.path=value")
      ->allow_extra_args(false);

  cli::KeysOptions keys;
  CLI::App* keys_cmd = app.add_subcommand(
      "keys", "list scenario keys with type, unit, default, valid range and meaning");
  keys_cmd->add_option("prefix", keys.prefix,
                       "only keys at or below this dotted path, e.g. redundancy or pools.0");
  keys_cmd->add_flag("--markdown", keys.markdown,
                     "print docs/scenario.md's generated key tables (tools/scenario_doc.py)");

  cli::SweepOptions sweep;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep", "run every point of a parameter sweep with replications; write DIR/sweep.csv");
  sweep_cmd->add_option("sweep", sweep.sweep, "sweep YAML file (docs/sweep.md)")->required();
  sweep_cmd->add_option("-o,--output", sweep.output_dir,
                        "output directory (default out/<name>, /shard-I-of-N with --shard)");
  sweep_cmd->add_option("-j,--jobs", sweep.jobs,
                        "worker threads (default: all hardware threads; 1 per MPI rank)");
  sweep_cmd->add_option("--shard", sweep.shard,
                        "run only shard I of N (0 <= I < N): points with index % N == I");
  sweep_cmd->add_flag("--resume", sweep.resume,
                      "keep the rows an interrupted run of this sweep already finished");
  sweep_cmd->add_option("--merge", sweep.merge,
                        "combine the sweep.csv files of finished shards instead of running")
      ->expected(1, -1);
  sweep_cmd->add_flag("--dry-run", sweep.dry_run,
                      "load and check every point, list the points, run nothing");
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "no progress bar and no closing line");

  cli::CompareOptions compare;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "compare two sweep.csv files point by point; exit 3 on a regression");
  compare_cmd->add_option("base", compare.base, "baseline sweep.csv")->required();
  compare_cmd->add_option("new", compare.candidate, "new sweep.csv")->required();
  compare_cmd->add_option("--metric", compare.metric, "figure to compare, e.g. latency_ms.p999")
      ->required();
  compare_cmd->add_option("--tolerance", compare.tolerance,
                          "relative change allowed before a regression, e.g. 5% (default 0%)");
  compare_cmd->add_flag("--higher-is-better", compare.higher_is_better,
                        "a drop is a regression (default where the figure is declared so: "
                        "servesim metrics)");
  compare_cmd->add_flag("--lower-is-better", compare.lower_is_better,
                        "a rise is a regression (default for every other figure)");

  cli::FitOptions fit;
  CLI::App* fit_cmd = app.add_subcommand(
      "fit", "fit latency distributions to measured samples per batch size; print a profile");
  fit_cmd->add_option("samples", fit.samples, "CSV of measured latencies: batch,latency_ms")
      ->required();
  fit_cmd->add_option("--batch-column", fit.batch_column,
                      "batch-size column (default " + std::string(io::kSamplesBatchColumn.name) +
                          ")");
  fit_cmd->add_option("--latency-column", fit.latency_column, "latency column, in ms");
  fit_cmd->add_option("-o,--output", fit.output, "write the profile YAML here (default stdout)");
  fit_cmd->add_option("--model", fit.model, "the profile's model name");
  fit_cmd->add_option("--hardware", fit.hardware, "the profile's hardware text");
  fit_cmd->add_option("--source", fit.source, "the profile's source text");
  fit_cmd->add_option("--note", fit.notes, "a comment line for the profile's head (repeatable)")
      ->allow_extra_args(false);
  fit_cmd->add_option("--extrapolate", fit.extrapolate,
                      "add these batch sizes from the linear model, e.g. 16,32")
      ->delimiter(',');

  cli::MetricsOptions metrics;
  CLI::App* metrics_cmd = app.add_subcommand(
      "metrics",
      "list every figure of summary.json and sweep.csv (or a file's columns): type, unit, meaning");
  metrics_cmd->add_option("prefix", metrics.prefix, "only names starting with this");
  metrics_cmd->add_flag("--markdown", metrics.markdown,
                        "print the Markdown table of docs/scenario.md instead");
  metrics_cmd->add_option("--file", metrics.file,
                          file_choices_help());
  metrics_cmd->add_flag("--json", metrics.json,
                        "print every declared name (figures and every file's columns) as JSON");
  cli::CalibrateOptions calibrate;
  CLI::App* calibrate_cmd = app.add_subcommand(
      "calibrate", "fit a scenario's free keys to observed figures with NLopt; write "
                   "DIR/fit.json, fit.csv, scenario.yaml");
  calibrate_cmd->add_option("calibration", calibrate.calibration,
                            "calibration YAML file (docs/calibrate.md)")
      ->required();
  calibrate_cmd->add_option("-o,--output", calibrate.output_dir,
                            "output directory (default out/<name>)");
  calibrate_cmd->add_option("-j,--jobs", calibrate.jobs,
                            "threads inside one evaluation (same output bytes for every value)");
  calibrate_cmd->add_flag("-q,--quiet", calibrate.quiet, "no progress bar and no table");
  calibrate_cmd->add_option("--requests", calibrate.requests,
                            "run.requests of every point (smaller: a quicker, noisier fit)");
  calibrate_cmd->add_option("--max-evaluations", calibrate.max_evaluations,
                            "replace optimizer.max_evaluations");
  calibrate_cmd->add_flag("--dry-run", calibrate.dry_run,
                          "load and check the file and every point it needs, run nothing");

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
    if (*keys_cmd) return cli::keys_command(keys);
    if (*sweep_cmd) return cli::sweep_command(sweep);
    if (*compare_cmd) return cli::compare_command(compare);
    if (*fit_cmd) return cli::fit_command(fit);
    if (*metrics_cmd) return cli::metrics_command(metrics);
    if (*calibrate_cmd) return cli::calibrate_command(calibrate);
  } catch (const core::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.formatted().c_str());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return kExitInternal;
  }
  return kExitInternal;
}
