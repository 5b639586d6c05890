// File: sim/cli/commands.hpp
//
// One function per `servesim` command. Each returns the process exit code; user errors are
// thrown as core::ConfigError and turned into exit code 2 by main().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/io/samples_table.hpp"

namespace servesim::cli {

struct RunOptions {
  std::string scenario;
  std::string output_dir;  // "" = out/<scenario name>
  // Kept as text and applied as --set seed=TEXT / run.requests=TEXT, so they are validated
  // exactly as the same values in the file (a CLI11 integer parse wrapped -1 to 2^64 - 1).
  std::optional<std::string> seed;
  std::optional<std::string> requests;
  std::vector<std::string> overrides;  // key.path=value
  bool trace = false;
  bool timing = true;  // --no-timing leaves wall-clock figures out of summary.json
  bool quiet = false;
  int jobs = 1;  // replications run on this many threads; outputs identical for every value
  bool fast_paths = true;  // --no-fast-paths: scenario::RunConfig::fast_paths
};

int run_command(const RunOptions& options);

struct CheckOptions {
  std::string scenario;
  std::vector<std::string> overrides;
};

int check_command(const CheckOptions& options);

struct KeysOptions {
  std::string prefix;     // "" = every key
  bool markdown = false;  // docs/scenario.md's generated tables
};

int keys_command(const KeysOptions& options);

struct SweepOptions {
  std::string sweep;
  std::string output_dir;        // "" = out/<sweep name> (+ /shard-I-of-N with --shard)
  std::optional<int> jobs;       // default: all hardware threads (1 per rank under MPI)
  std::string shard;             // "I/N", 0 <= I < N; "" = the whole sweep
  bool resume = false;
  std::vector<std::string> merge;  // shard sweep.csv files to combine instead of running
  bool dry_run = false;            // check every point and list them; run nothing
  bool quiet = false;
};

int sweep_command(const SweepOptions& options);

struct CompareOptions {
  std::string base;
  std::string candidate;
  std::string metric;
  std::string tolerance = "0%";
  bool higher_is_better = false;
  bool lower_is_better = false;
};

// -j of run and sweep: one thread per job, so a typo (-j 100000) would exhaust threads or memory
// before any work. Throws core::ConfigError (exit 2) outside [1, kMaxJobs].
inline constexpr int kMaxJobs = 1024;
void check_jobs(int jobs);

// compare's exit code when a point regressed (SPEC §2): apart from 2 (bad input) and 1 (internal
// error), so a CI gate can tell a regression from a failure to compare.
inline constexpr int kExitRegression = 3;

int compare_command(const CompareOptions& options);

struct FitOptions {
  std::string samples;                      // CSV: batch,latency_ms (or one latency_ms column)
  std::optional<std::string> batch_column;  // given: the column must exist; default batch
  std::string latency_column = std::string(io::kSamplesLatencyColumn.name);
  std::string output;  // "" = print the profile on stdout
  std::string model;   // "" = the samples file's name without extension
  std::string hardware;
  std::string source;
  std::vector<int> extrapolate;    // batch sizes to add from the linear model
  std::vector<std::string> notes;  // comment lines for the head of the profile
};

int fit_command(const FitOptions& options);

struct MetricsOptions {
  std::string prefix;     // only metrics whose name starts with it
  bool markdown = false;  // the docs table instead of the listing
  std::string file;       // "" = summary.json's figures; else an output file's columns
  bool json = false;      // every declared name as JSON (run/metrics_doc.hpp)
};

int metrics_command(const MetricsOptions& options);
struct CalibrateOptions {
  std::string calibration;  // the calibration YAML (docs/calibrate.md)
  std::string output_dir;   // "" = out/<calibration name>
  int jobs = 1;  // threads inside one evaluation (points x replications); same output bytes
  bool quiet = false;
  bool dry_run = false;  // load and check every point, list them, run nothing
  // Kept as text and applied as --set run.requests=TEXT to every point (checked like the file).
  std::optional<std::string> requests;
  std::optional<int> max_evaluations;  // replaces optimizer.max_evaluations
};

int calibrate_command(const CalibrateOptions& options);

}  // namespace servesim::cli
