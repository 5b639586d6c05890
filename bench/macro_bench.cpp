// File: bench/macro_bench.cpp
//
// The macro benchmark of docs/performance.md. In one invocation it runs
//   1. scenarios/theory/mmc_rho09.yaml (M/M/10, rho = 0.9) through servesim's `run` path
//      (load_scenario with --set overrides, check_buildable, run_replication, summarize: all of
//      `servesim run` except writing the three small output files),
//   2. the same queue through the bare hand-written loop of bench/bare_mmc.cpp,
//   3. the ParM-style scenario of the issue, bench/scenarios/parm_parity.yaml: n = 12 instances,
//      shared queue, 5% stragglers, parity coding k = 2, r = 1 (plus 6 parity instances); and
//      for comparison the same cluster under equal_resources (k = 2, r = 1: 18 instances) and
//      replicate (r = 1),
//   4. the serverless ensemble scenario, bench/scenarios/serverless_ensemble.yaml (three members
//      in parallel on Lambda-like functions),
// and prints requests/s of each and the servesim / bare ratio for M/M/10.
//
// Usage: macro_bench [requests (default 10000000)] [repeats (default 3)]
// Every figure is the best of `repeats` runs (interleaved servesim, bare, servesim, ...): on a
// shared machine the minimum time is the least disturbed estimate of the code's own cost.
// requests/s counts every simulated request, warm-up included, over wall time.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>

#include "bench/bare_mmc.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/simulation.hpp"
#include "sim/run/summarize.hpp"

namespace {

using servesim::io::Override;

struct Timed {
  double requests = 0;
  double seconds = 0;
  double events = 0;
  double per_s() const { return requests / seconds; }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Timed run_servesim(const std::string& scenario, std::uint64_t requests,
                   std::vector<Override> overrides = {}) {
  const auto start = std::chrono::steady_clock::now();
  overrides.push_back({"run.requests", std::to_string(requests)});
  overrides.push_back({"run.replications", "1"});
  const auto config = servesim::io::load_scenario(scenario, overrides);
  servesim::run::check_buildable(config);
  std::vector<servesim::run::ReplicationResult> reps;
  reps.push_back(servesim::run::run_replication(config, 0));
  const auto summary = servesim::run::summarize(config, reps);
  Timed timed;
  timed.seconds = seconds_since(start);
  timed.requests = static_cast<double>(reps.front().offered);
  timed.events = static_cast<double>(reps.front().events);
  return timed;
}

Timed run_bare(std::uint64_t requests) {
  const auto start = std::chrono::steady_clock::now();
  // mmc_rho09.yaml: Poisson 9000 req/s, exponential service with mean 1 ms, 10 instances.
  const auto result = servesim::bench::run_bare_mmc(requests, 9000, 1.0, 10, 1);
  Timed timed;
  timed.seconds = seconds_since(start);
  timed.requests = static_cast<double>(result.requests);
  timed.events = static_cast<double>(result.events);
  if (std::abs(result.mean_latency_ms - 1.6687) > 0.05) {
    fmt::print(stderr, "bare loop: mean latency {:.4f} ms, Erlang C says 1.6687 ms\n",
               result.mean_latency_ms);
  }
  return timed;
}

Timed best(const Timed& a, const Timed& b) { return a.seconds <= b.seconds ? a : b; }

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t requests = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string root = SERVESIM_SOURCE_DIR;
  const std::string mmc = root + "/scenarios/theory/mmc_rho09.yaml";
  const std::string equal = root + "/scenarios/redundancy/equal_resources.yaml";
  const std::string replicate = root + "/scenarios/redundancy/replicate.yaml";
  const std::string parity = root + "/bench/scenarios/parm_parity.yaml";
  const std::string ensemble = root + "/bench/scenarios/serverless_ensemble.yaml";

  // mmc_rho09 adds 10000 warm-up requests; the bare loop runs the same total.
  const std::uint64_t mmc_total = requests + 10000;
  Timed servesim_mmc{0, 1e300, 0}, bare_mmc{0, 1e300, 0}, parm_equal{0, 1e300, 0},
      parm_replicate{0, 1e300, 0}, parm_parity{0, 1e300, 0}, serverless_ensemble{0, 1e300, 0};
  for (int rep = 0; rep < repeats; ++rep) {
    servesim_mmc = best(servesim_mmc, run_servesim(mmc, requests));
    bare_mmc = best(bare_mmc, run_bare(mmc_total));
    parm_parity = best(parm_parity, run_servesim(parity, requests));
    parm_equal = best(parm_equal, run_servesim(equal, requests));
    parm_replicate = best(parm_replicate, run_servesim(replicate, requests));
    serverless_ensemble = best(serverless_ensemble, run_servesim(ensemble, requests));
  }
  auto line = [](const char* what, const Timed& timed) {
    fmt::print("{:<44} {:>12.0f} requests/s  ({:.0f} requests, {:.3f} s, {:.1f} M events/s)\n",
               what, timed.per_s(), timed.requests, timed.seconds, timed.events / timed.seconds / 1e6);
  };
  fmt::print("macro_bench: best of {} runs, {} requests each\n", repeats, requests);
  line("M/M/10 rho=0.9, servesim run", servesim_mmc);
  line("M/M/10 rho=0.9, bare loop (bench/bare_mmc)", bare_mmc);
  fmt::print("{:<44} {:>12.3f}  (goal >= 0.8)\n", "ratio servesim / bare",
             servesim_mmc.per_s() / bare_mmc.per_s());
  line("ParM-style, parity k=2 r=1 (12 + 6 inst)", parm_parity);
  fmt::print("{:<44} {:>12.2f}  (goal >= 2 M requests/s)\n", "  in M requests/s", parm_parity.per_s() / 1e6);
  line("ParM-style, equal_resources k=2 r=1 (18 inst)", parm_equal);
  line("ParM-style, replicate r=1 (12 inst)", parm_replicate);
  line("serverless ensemble (3 members, parallel)", serverless_ensemble);
  return 0;
}
