// File: tests/io/scenario_printer_test.cpp
//
// resolved_scenario_yaml: what it prints, and the round trip load -> print -> load -> print
// giving the same text (so `servesim check` output is itself a valid, equivalent scenario).
#include <gtest/gtest.h>

#include "tests/io/io_test_support.hpp"

namespace servesim::io {
namespace {

using testing::IoTest;
using testing::kMinimal;

class ScenarioPrinter : public IoTest {};

TEST_F(ScenarioPrinter, MinimalScenarioPrintsEveryDefault) {
  EXPECT_EQ(resolved_scenario_yaml(load(kMinimal)),
            "# resolved scenario: every key with its value, defaults filled in\n"
            "name: unnamed\n"
            "seed: 1\n"
            "run: {requests: 100000, warmup: 10000, replications: 1}\n"
            "workload:\n"
            "  arrival: {kind: poisson, rate: 100}\n"
            "  payload_bytes: 0\n"
            "  response_bytes: 0\n"
            "network:\n"
            "  client_frontend: ~  # none: no delay\n"
            "  frontend_instance: ~  # none: no delay\n"
            "  bandwidth_gbps: 0\n"
            "models:\n"
            "  m:\n"
            "    latency_by_batch:\n"
            "      1: {dist: constant, value: 5}\n"
            "pools:\n"
            "  - name: p\n"
            "    model: m\n"
            "    instances: 1\n"
            "    queue: shared\n"
            "    batching: {max_batch: 1, timeout: 0}\n"
            "    queue_capacity: 0\n"
            "load_balancer: round_robin\n"
            "interference:\n"
            "  stragglers:\n"
            "    fraction: 0\n"
            "    slowdown: {dist: constant, value: 1}\n"
            "  background: []\n"
            "  failures: {mttf_s: 0, mttr_s: 0}\n"
            "redundancy:\n"
      "  kind: none\n"
      "  k: 2\n"
      "  r: 1\n"
      "  delay: 0\n"
      "  percentile: 0\n"
      "  min_samples: 100\n"
      "  window: 1000\n"
      "  fraction: 1\n"
      "  copy_priority: normal\n"
      "  pool: \"\"\n"
      "  fill_timeout: 0\n"
      "  default_after: 0\n"
      "  timeout: 0\n"
            "platform: {kind: servers, usd_per_instance_hour: 0}\n"
            "slo_ms: 0\n");
}

TEST_F(ScenarioPrinter, MinimalRoundTrip) { expect_round_trip(kMinimal); }

TEST_F(ScenarioPrinter, FullRoundTrip) {
  write("samples/lat.csv", "latency_ms\n1\n2\n3\n");
  write("traces/t.csv", "time_s\n10\n10.5\n12\n");
  write("profiles/r.yaml",
        "model: r\nhardware: T4\nsource: a paper\nstatus: estimate\naccuracy: 0.69\n"
        "latency_by_batch:\n  1: {dist: lognormal, median: 2, p99: 3}\n  4: {dist: gamma, mean: 5, "
        "cv: 0.3}\n");
  expect_round_trip(
      "name: 'full: yes'\n"
      "seed: 18446744073709551615\n"
      "run: {requests: 1e6, warmup: 0, replications: 3}\n"
      "workload:\n"
      "  arrival: {kind: trace, file: traces/t.csv, speedup: 2.5, repeat: false}\n"
      "  payload_bytes: 110000\n"
      "network:\n"
      "  client_frontend: {dist: lognormal, median: 0.3, p99: 2.0}\n"
      "  frontend_instance: {dist: shifted_exponential, shift: 0.1, mean: 0.05}\n"
      "  bandwidth_gbps: 10\n"
      "models:\n"
      "  a: {latency_by_batch: {1: {dist: exponential, mean: 2}, 8: {dist: empirical, file: "
      "samples/lat.csv}}, accuracy: 0.7}\n"
      "  r: {profile: profiles/r.yaml}\n"
      "pools:\n"
      "  - {name: first, model: a, instances: 4, queue: per_instance, batching: {max_batch: 8, "
      "timeout: 2.5}, queue_capacity: 100}\n"
      "  - {name: second, model: r}\n"
      "load_balancer: least_outstanding\n"
      "interference:\n"
      "  stragglers: {fraction: 0.05, slowdown: {dist: pareto, shape: 2, scale: 1}}\n"
      "  episodes: {on: {dist: exponential, mean: 100}, off: 1000, slowdown: {dist: weibull, "
      "shape: 2, scale: 3}}\n"
      "  background:\n"
      "    - {pool: first, instances: [0, 3], schedule: [{at: 0, factor: 2}, {at: 50, factor: "
      "0.1}], period: 100}\n"
      "  failures: {mttf_s: 3600, mttr_s: 60}\n"
      "redundancy: {kind: backup, k: 4, r: 2, pool: second}\n"
      "platform: {usd_per_instance_hour: 0.526}\n"
      "slo_ms: 0.1\n");
}

TEST_F(ScenarioPrinter, ArrivalKindsRoundTrip) {
  const std::string base = std::string(kMinimal) + "workload:\n  arrival: ";
  expect_round_trip(base + "{kind: gamma, rate: 33.3, cv: 0.1}\n");
  expect_round_trip(base + "{kind: mmpp, rates: [0, 80.5], switch_rates: [[0, 0.5], [2, 7]]}\n");
  write("c.csv", "count\n3\n0\n5\n");
  expect_round_trip(base + "{kind: trace, file: c.csv, format: counts, interval_s: 60}\n");
}

TEST_F(ScenarioPrinter, HostNetworkAndTimeScaleRoundTrip) {
  // Non-default values are printed and load back to the same scenario; time_scale stays a key
  // (it is not folded into latency_by_batch, which would scale twice on reload).
  expect_round_trip(
      "models:\n"
      "  m: {latency: 5, time_scale: 13.3}\n"
      "pools:\n"
      "  - {name: p, model: m, instances: 3}\n"
      "network:\n"
      "  bandwidth_gbps: 10\n"
      "  sharing: nic\n"
      "  dispatch: frontend\n"
      "  stall: {probability: [0.001, 0.02], delay: {dist: constant, value: 200}}\n"
      "interference:\n"
      "  shuffles: {count: 2, slowdown_by_transfers: [1.25, 2]}\n");
  expect_round_trip(std::string(kMinimal) +
                    "network: {stall: {probability: 0.5, delay: {dist: exponential, mean: 3}}}\n");
}

TEST_F(ScenarioPrinter, RedundancyKindsRoundTrip) {
  for (const char* redundancy : {"{kind: none}", "{kind: replicate, r: 3}",
                                 "{kind: hedge, delay: 1.25, percentile: 99.9, min_samples: 7}",
                                 "{kind: hedge, percentile: 95, window: 50, fraction: 0.25, "
                                 "copy_priority: low}"}) {
    SCOPED_TRACE(redundancy);
    expect_round_trip(std::string(kMinimal) + "redundancy: " + redundancy + "\n");
  }
}

TEST_F(ScenarioPrinter, OverridesArePrinted) {
  const std::string text =
      resolved_scenario_yaml(load(kMinimal, {parse_override("pools.0.instances=5")}));
  EXPECT_NE(text.find("    instances: 5\n"), std::string::npos) << text;
}

TEST_F(ScenarioPrinter, LognormalIsPrintedAsMuSigmaWithItsQuantiles) {
  const std::string text = resolved_scenario_yaml(
      load(std::string(kMinimal) +
           "network: {client_frontend: {dist: lognormal, median: 1, p99: 10}}\n"));
  EXPECT_NE(text.find("client_frontend: {dist: lognormal, mu: 0, sigma: 0.98978537"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# median 1, p99 10\n"), std::string::npos) << text;
}

// The arrival's rows print the keys of its kind only, in table order (a trace's `file` after
// the keys that say how to read it), and what the rows print loads back to the same scenario.
TEST_F(ScenarioPrinter, TraceArrivalsPrintTheirKindsKeysAndRoundTrip) {
  write("counts.csv", "count\n3\n5\n0\n4\n");  // 4 intervals of 2 s: a span of 8 s
  const std::string counts =
      std::string(kMinimal) +
      "workload:\n  arrival: {kind: trace, file: counts.csv, format: counts, interval_s: 2, "
      "speedup: 3, repeat: false, resample: {block_s: 4}}\n";
  EXPECT_NE(resolved_scenario_yaml(load(counts))
                .find("  arrival: {kind: trace, format: counts, interval_s: 2, speedup: 3, "
                      "repeat: false, file: counts.csv, resample: {block_s: 4}}\n"),
            std::string::npos)
      << resolved_scenario_yaml(load(counts));
  expect_round_trip(counts);

  // Timestamps: no interval_s; with workload.load the speedup comes from the load and is not
  // printed (printing it would refuse the round trip: "give either ... not both").
  write("times.csv", "time_s\n0\n1\n2\n3\n");
  const std::string loaded = std::string(kMinimal) +
                             "workload: {load: 0.5, arrival: {kind: trace, file: times.csv}}\n";
  EXPECT_NE(resolved_scenario_yaml(load(loaded))
                .find("  arrival: {kind: trace, format: timestamps, repeat: true, file: "
                      "times.csv}\n"),
            std::string::npos)
      << resolved_scenario_yaml(load(loaded));
  expect_round_trip(loaded);
}

// Each family prints the parameters it was given (a lognormal as mu and sigma), and loads back.
TEST_F(ScenarioPrinter, EveryDistributionFamilyPrintsItsParametersAndRoundTrips) {
  write("samples.csv", "latency_ms\n1\n2\n4\n");
  const std::vector<std::string> forms = {
      "{dist: constant, value: 2}",
      "{dist: exponential, mean: 3}",
      "{dist: lognormal, mu: 1, sigma: 0.5}",
      "{dist: gamma, mean: 4, cv: 2}",
      "{dist: weibull, shape: 1.5, scale: 2}",
      "{dist: pareto, shape: 2.5, scale: 1}",
      "{dist: shifted_exponential, shift: 1, mean: 2}",
      "{dist: empirical, file: samples.csv}",
      "{dist: uniform, min: 1, max: 3}",
  };
  for (const std::string& form : forms) {
    SCOPED_TRACE(form);
    const std::string text =
        "models:\n  m: {latency: " + form + "}\npools:\n  - {name: p, model: m}\n";
    EXPECT_NE(resolved_scenario_yaml(load(text)).find("1: " + form), std::string::npos)
        << resolved_scenario_yaml(load(text));
    expect_round_trip(text);
  }
}

TEST_F(ScenarioPrinter, RepositoryScenariosRoundTrip) {
  std::filesystem::current_path(SERVESIM_SOURCE_DIR);
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::filesystem::path("scenarios"))) {
    if (entry.path().extension() != ".yaml") continue;
    // scenarios/sweeps/ holds sweep files, not scenarios (the sweep tests check those);
    // scenarios/*/calibrate/ holds calibration files (checked by `calibrate --dry-run`).
    const auto folder = entry.path().parent_path().filename();
    if (folder == "sweeps" || folder == "calibrate") continue;
    SCOPED_TRACE(entry.path().string());
    const std::string first = resolved_scenario_yaml(load_scenario(entry.path().string(), {}));
    write("resolved.yaml", first);
    EXPECT_EQ(resolved_scenario_yaml(load_scenario((dir() / "resolved.yaml").string(), {})), first);
  }
}

}  // namespace
}  // namespace servesim::io
