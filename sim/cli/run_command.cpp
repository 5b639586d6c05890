// File: sim/cli/run_command.cpp
//
// `servesim run`: load, apply overrides, check that the scenario can be built, run every
// replication, then write summary.json, cdf.csv (and requests.csv) all at once.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/io/cdf_csv.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/metrics.hpp"
#include "sim/run/simulation.hpp"
#include "sim/run/summarize.hpp"
#include "sim/run/timeseries_csv.hpp"

namespace servesim::cli {

namespace {
// Runs every replication of `config` on up to `jobs` threads and returns the results in
// replication order. Each replication has its own engine and streams, so its result does not
// depend on the thread; traces are buffered per replication and written in replication order,
// so the output bytes are those of jobs = 1. An error is rethrown from the lowest-numbered
// replication that failed, as jobs = 1 would have met it first.
std::vector<run::ReplicationResult> run_replications(const scenario::ScenarioConfig& config,
                                                     int jobs, std::ostream* trace) {
  const auto count = static_cast<std::size_t>(config.run.replications);
  std::vector<run::ReplicationResult> results;
  const auto threads = std::min<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), count);
  if (threads <= 1) {
    for (std::size_t rep = 0; rep < count; ++rep) {
      results.push_back(run::run_replication(config, rep, trace));
    }
    return results;
  }
  std::vector<std::optional<run::ReplicationResult>> slots(count);
  std::vector<std::ostringstream> traces(trace != nullptr ? count : 0);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t rep = next.fetch_add(1); rep < count; rep = next.fetch_add(1)) {
      try {
        slots[rep] = run::run_replication(config, rep, trace != nullptr ? &traces[rep] : nullptr);
      } catch (...) {
        errors[rep] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t idx = 0; idx < threads; ++idx) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  for (std::size_t rep = 0; rep < count; ++rep) {
    if (errors[rep]) std::rethrow_exception(errors[rep]);
    if (trace != nullptr) *trace << traces[rep].view();
    results.push_back(std::move(*slots[rep]));
  }
  return results;
}
}  // namespace

int run_command(const RunOptions& options) {
  check_jobs(options.jobs);
  std::vector<io::Override> overrides = io::parse_overrides(options.overrides);
  // --seed and --requests are shorthands for --set, validated the same way.
  if (options.seed) overrides.push_back({"seed", *options.seed});
  if (options.requests) overrides.push_back({"run.requests", *options.requests});
  scenario::ScenarioConfig config = io::load_scenario(options.scenario, overrides);
  config.run.fast_paths = options.fast_paths;
  run::check_buildable(config);

  const std::string dir = options.output_dir.empty() ? "out/" + config.name : options.output_dir;
  io::OutputDir output(dir);
  std::ostream* trace = options.trace ? &output.open("requests.csv") : nullptr;
  if (trace != nullptr) *trace << run::trace_header() << "\n";

  std::vector<run::ReplicationResult> replications = run_replications(config, options.jobs, trace);
  const io::Summary summary = run::summarize(config, replications);
  output.open("summary.json") << io::summary_json(summary, options.timing);
  io::write_cdf_csv(run::merged_latency(replications), output.open("cdf.csv"));
  // The first replication's time series (run/timeseries_csv.hpp).
  output.open("timeseries.csv") << run::timeseries_csv(replications.front());
  output.commit();

  // Overload is flagged, never reported silently as data (stability.hpp). On stderr, so that
  // it shows under --quiet and does not mix into a piped table.
  if (const io::SummaryEntry* stable = summary.find(run::metric_key(run::MetricId::kStable));
      stable != nullptr && stable->value == io::SummaryValue(std::in_place_type<bool>, false)) {
    std::cerr << "warning: " << config.name << " looks overloaded: "
              << std::get<std::string>(
                     summary.find(run::metric_key(run::MetricId::kStabilityReason))->value)
              << "; its latency figures depend on the run's length\n";
  }
  if (!options.quiet) {
    std::cout << fmt::format("servesim run: {} (seed {}, {} replication{})\n", config.name,
                             config.seed, config.run.replications,
                             config.run.replications == 1 ? "" : "s");
    std::cout << io::summary_table(summary);
    std::cout << fmt::format("wrote {}/summary.json, {}/cdf.csv, {}/timeseries.csv{}\n", dir, dir, dir,
                             options.trace ? fmt::format(", {}/requests.csv", dir) : "");
  }
  return 0;
}

}  // namespace servesim::cli
