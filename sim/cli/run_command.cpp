// File: sim/cli/run_command.cpp
//
// `servesim run`: load, apply overrides, check that the scenario can be built, run every
// replication, then write summary.json, cdf.csv (and requests.csv) all at once.
#include <fmt/format.h>

#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/io/cdf_csv.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/simulation.hpp"
#include "sim/run/summarize.hpp"

namespace servesim::cli {

namespace {
std::vector<io::Override> parse_overrides(const std::vector<std::string>& texts) {
  std::vector<io::Override> overrides;
  for (const auto& text : texts) overrides.push_back(io::parse_override(text));
  return overrides;
}
}  // namespace

int run_command(const RunOptions& options) {
  std::vector<io::Override> overrides = parse_overrides(options.overrides);
  // --seed and --requests are shorthands for --set, validated the same way.
  if (options.seed) overrides.push_back({"seed", *options.seed});
  if (options.requests) overrides.push_back({"run.requests", *options.requests});
  const scenario::ScenarioConfig config = io::load_scenario(options.scenario, overrides);
  run::check_buildable(config);

  const std::string dir = options.output_dir.empty() ? "out/" + config.name : options.output_dir;
  io::OutputDir output(dir);
  std::ostream* trace = options.trace ? &output.open("requests.csv") : nullptr;
  if (trace != nullptr) *trace << run::trace_header() << "\n";

  std::vector<run::ReplicationResult> replications;
  for (int rep = 0; rep < config.run.replications; ++rep) {
    replications.push_back(run::run_replication(config, static_cast<std::uint64_t>(rep), trace));
  }
  const io::Summary summary = run::summarize(config, replications);
  output.open("summary.json") << io::summary_json(summary, options.timing);
  io::write_cdf_csv(run::merged_latency(replications), output.open("cdf.csv"));
  output.commit();

  if (!options.quiet) {
    std::cout << fmt::format("servesim run: {} (seed {}, {} replication{})\n", config.name,
                             config.seed, config.run.replications,
                             config.run.replications == 1 ? "" : "s");
    std::cout << io::summary_table(summary);
    std::cout << fmt::format("wrote {}/summary.json, {}/cdf.csv{}\n", dir, dir,
                             options.trace ? fmt::format(", {}/requests.csv", dir) : "");
  }
  return 0;
}

}  // namespace servesim::cli
