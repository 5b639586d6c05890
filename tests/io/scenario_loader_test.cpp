// File: tests/io/scenario_loader_test.cpp
//
// load_scenario on valid scenarios (values and defaults) and on one example of every class of
// bad input, each with its exact message and position. Positions are counted by hand from the
// YAML text in the test (1-based line:column of the offending token).
#include <gtest/gtest.h>

#include <cmath>

#include "sim/dist/distribution_spec.hpp"
#include "tests/io/io_test_support.hpp"

namespace servesim::io {
namespace {

using testing::IoTest;
using testing::kMinimal;

using ScenarioLoader = IoTest;

TEST_F(ScenarioLoader, MinimalScenarioGetsTheDefaults) {
  const scenario::ScenarioConfig config = load(kMinimal);
  EXPECT_EQ(config.name, "unnamed");
  EXPECT_EQ(config.seed, 1u);
  EXPECT_EQ(config.run.requests, 100000);
  EXPECT_EQ(config.run.warmup, 10000);
  EXPECT_EQ(config.run.replications, 1);
  EXPECT_EQ(config.workload.arrival.kind, cluster::ArrivalKind::kPoisson);
  EXPECT_EQ(config.workload.arrival.rate, 100);
  EXPECT_EQ(config.workload.payload_bytes, 0);
  EXPECT_EQ(config.workload.response_bytes, 0);
  EXPECT_FALSE(config.network.client_frontend.has_value());
  EXPECT_FALSE(config.network.frontend_instance.has_value());
  EXPECT_EQ(config.network.bandwidth_gbps, 0);
  ASSERT_EQ(config.models.size(), 1u);
  const cluster::ModelConfig& model = config.models.at("m");
  EXPECT_EQ(model.name, "m");
  ASSERT_EQ(model.latency_by_batch.size(), 1u);
  EXPECT_EQ(model.latency_by_batch.at(1).family, dist::Family::kConstant);
  EXPECT_EQ(model.latency_by_batch.at(1).value, 5);
  EXPECT_FALSE(model.accuracy.has_value());
  EXPECT_EQ(model.profile, "");
  ASSERT_EQ(config.pools.size(), 1u);
  const cluster::PoolConfig& pool = config.pools[0];
  EXPECT_EQ(pool.name, "p");
  EXPECT_EQ(pool.model, "m");
  EXPECT_EQ(pool.instances, 1);
  EXPECT_EQ(pool.queue, cluster::QueueKind::kShared);
  EXPECT_EQ(pool.batching.max_batch, 1);
  EXPECT_EQ(pool.batching.timeout, 0);
  EXPECT_EQ(pool.queue_capacity, 0);
  EXPECT_EQ(config.load_balancer, "round_robin");
  EXPECT_EQ(config.interference.stragglers.fraction, 0);
  EXPECT_FALSE(config.interference.episodes.enabled);
  EXPECT_TRUE(config.interference.background.empty());
  EXPECT_EQ(config.interference.failures.mttf_s, 0);
  EXPECT_EQ(config.redundancy.kind, "none");
  EXPECT_EQ(config.platform.kind, cluster::PlatformKind::kServers);
  EXPECT_EQ(config.platform.usd_per_instance_hour, 0);
  EXPECT_EQ(config.slo_ms, 0);
  EXPECT_EQ(config.source_file, "scenario.yaml");
}

TEST_F(ScenarioLoader, EveryKeyIsRead) {
  write("samples/lat.csv", "latency_ms\n1\n2\n3\n");
  write("traces/t.csv", "time_s\n10\n10.5\n12\n");
  const scenario::ScenarioConfig config = load(
      "name: full\n"
      "seed: 18446744073709551615\n"
      "run: {requests: 1e6, warmup: 0, replications: 3}\n"
      "workload:\n"
      "  arrival: {kind: trace, file: traces/t.csv, speedup: 2, repeat: false}\n"
      "  payload_bytes: 110000\n"
      "  response_bytes: 1000\n"
      "network:\n"
      "  client_frontend: {dist: lognormal, median: 0.3, p99: 2.0}\n"
      "  frontend_instance: 0.1\n"
      "  bandwidth_gbps: 10\n"
      "models:\n"
      "  a: {latency_by_batch: {1: {dist: exponential, mean: 2}, 8: {dist: empirical, file: "
      "samples/lat.csv}}, accuracy: 0.7}\n"
      "  b: {latency: {dist: gamma, mean: 3, cv: 0.5}}\n"
      "pools:\n"
      "  - name: first\n"
      "    model: a\n"
      "    instances: 4\n"
      "    queue: per_instance\n"
      "    batching: {max_batch: 8, timeout: 2.5}\n"
      "    queue_capacity: 100\n"
      "  - {name: second, model: b}\n"
      "load_balancer: power_of_two\n"
      "interference:\n"
      "  stragglers: {fraction: 0.05, slowdown: {dist: pareto, shape: 2, scale: 1}}\n"
      "  episodes: {instance_fraction: 0.5, on: {dist: exponential, mean: 100}, off: 1000, "
      "slowdown: {dist: weibull, shape: 2, scale: 3}}\n"
      "  background:\n"
      "    - {pool: first, instances: [0, 3], schedule: [{at: 0, factor: 2}, {at: 50, factor: 1}], "
      "period: 100}\n"
      "  failures: {mttf_s: 3600, mttr_s: 60}\n"
      // backup, whose pool is the second one; the hedge keys are read with any kind.
      "redundancy: {kind: backup, pool: second, delay: 5, percentile: 95, min_samples: 50}\n"
      "platform: {kind: servers, usd_per_instance_hour: 0.9}\n"
      "slo_ms: 100\n");
  EXPECT_EQ(config.name, "full");
  EXPECT_EQ(config.seed, 18446744073709551615u);
  EXPECT_EQ(config.run.requests, 1000000);
  EXPECT_EQ(config.run.warmup, 0);
  EXPECT_EQ(config.run.replications, 3);

  const cluster::ArrivalConfig& arrival = config.workload.arrival;
  EXPECT_EQ(arrival.kind, cluster::ArrivalKind::kTrace);
  EXPECT_EQ(arrival.file, "traces/t.csv");
  EXPECT_EQ(arrival.speedup, 2);
  EXPECT_FALSE(arrival.repeat);
  ASSERT_NE(arrival.trace, nullptr);
  EXPECT_EQ(arrival.trace->times_s, (std::vector<double>{0, 0.5, 2}));
  EXPECT_DOUBLE_EQ(arrival.trace->span_s, 3);  // 2 + mean gap 1
  EXPECT_EQ(config.workload.payload_bytes, 110000);
  EXPECT_EQ(config.workload.response_bytes, 1000);

  ASSERT_TRUE(config.network.client_frontend.has_value());
  EXPECT_EQ(config.network.client_frontend->family, dist::Family::kLognormal);
  EXPECT_DOUBLE_EQ(config.network.client_frontend->mu, std::log(0.3));
  EXPECT_NEAR(dist::quantile_of(*config.network.client_frontend, 0.99), 2.0, 1e-9);
  ASSERT_TRUE(config.network.frontend_instance.has_value());
  EXPECT_EQ(config.network.frontend_instance->value, 0.1);
  EXPECT_EQ(config.network.bandwidth_gbps, 10);

  const cluster::ModelConfig& a = config.models.at("a");
  EXPECT_EQ(a.latency_by_batch.at(1).family, dist::Family::kExponential);
  EXPECT_EQ(a.latency_by_batch.at(8).family, dist::Family::kEmpirical);
  EXPECT_EQ(*a.latency_by_batch.at(8).samples, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(a.latency_by_batch.at(8).source_file, "samples/lat.csv");
  EXPECT_EQ(a.accuracy, 0.7);
  EXPECT_EQ(config.models.at("b").latency_by_batch.at(1).family, dist::Family::kGamma);

  ASSERT_EQ(config.pools.size(), 2u);
  EXPECT_EQ(config.pools[0].instances, 4);
  EXPECT_EQ(config.pools[0].queue, cluster::QueueKind::kPerInstance);
  EXPECT_EQ(config.pools[0].batching.max_batch, 8);
  EXPECT_EQ(config.pools[0].batching.timeout, 2.5);
  EXPECT_EQ(config.pools[0].queue_capacity, 100);
  EXPECT_EQ(config.pools[1].name, "second");
  EXPECT_EQ(config.load_balancer, "power_of_two");

  const cluster::InterferenceConfig& interference = config.interference;
  EXPECT_EQ(interference.stragglers.fraction, 0.05);
  EXPECT_EQ(interference.stragglers.slowdown.family, dist::Family::kPareto);
  EXPECT_TRUE(interference.episodes.enabled);
  EXPECT_EQ(interference.episodes.instance_fraction, 0.5);
  EXPECT_EQ(interference.episodes.off.value, 1000);
  EXPECT_EQ(interference.episodes.slowdown.family, dist::Family::kWeibull);
  ASSERT_EQ(interference.background.size(), 1u);
  EXPECT_EQ(interference.background[0].pool, "first");
  EXPECT_EQ(interference.background[0].instances, (std::vector<int>{0, 3}));
  ASSERT_EQ(interference.background[0].schedule.size(), 2u);
  EXPECT_EQ(interference.background[0].schedule[1].at, 50);
  EXPECT_EQ(interference.background[0].schedule[1].factor, 1);
  EXPECT_EQ(interference.background[0].period, 100);
  EXPECT_EQ(interference.failures.mttf_s, 3600);
  EXPECT_EQ(interference.failures.mttr_s, 60);

  EXPECT_EQ(config.redundancy.kind, "backup");
  EXPECT_EQ(config.redundancy.pool, "second");
  EXPECT_EQ(config.redundancy.delay, 5);
  EXPECT_EQ(config.redundancy.percentile, 95);
  EXPECT_EQ(config.redundancy.min_samples, 50);
  EXPECT_EQ(config.platform.usd_per_instance_hour, 0.9);
  EXPECT_EQ(config.slo_ms, 100);
}

TEST_F(ScenarioLoader, ArrivalKinds) {
  const std::string rest = std::string(kMinimal);
  auto arrival = [&](const std::string& text) {
    return load(rest + "workload:\n  arrival: " + text + "\n").workload.arrival;
  };
  const cluster::ArrivalConfig gamma = arrival("{kind: gamma, rate: 50, cv: 4}");
  EXPECT_EQ(gamma.kind, cluster::ArrivalKind::kGamma);
  EXPECT_EQ(gamma.rate, 50);
  EXPECT_EQ(gamma.cv, 4);
  const cluster::ArrivalConfig mmpp =
      arrival("{kind: mmpp, rates: [0, 80], switch_rates: [[0, 0.5], [2, 7]]}");
  EXPECT_EQ(mmpp.kind, cluster::ArrivalKind::kMmpp);
  EXPECT_EQ(mmpp.rates, (std::vector<double>{0, 80}));
  EXPECT_EQ(mmpp.switch_rates, (std::vector<std::vector<double>>{{0, 0.5}, {2, 7}}));
  write("c.csv", "count\n3\n0\n5\n");
  const cluster::ArrivalConfig counts =
      arrival("{kind: trace, file: c.csv, format: counts, interval_s: 60}");
  ASSERT_NE(counts.trace, nullptr);
  EXPECT_EQ(counts.trace->counts, (std::vector<std::uint32_t>{3, 0, 5}));
  EXPECT_EQ(counts.trace->interval_s, 60);
  EXPECT_EQ(counts.trace->span_s, 180);
  EXPECT_TRUE(counts.repeat);
  EXPECT_EQ(counts.speedup, 1);
}

// ---- Syntax and structure ------------------------------------------------------------------

TEST_F(ScenarioLoader, YamlSyntaxErrorHasItsPosition) {
  // Line 2 never closes its flow map; yaml-cpp notices at the `:` of line 3. A tab that
  // indents is reported where yaml-cpp sees the map value after it.
  EXPECT_EQ(error_of("models:\n  m: {latency: 5\npools: []\n"),
            "scenario.yaml:3:6: error: invalid YAML: end of map flow not found");
  EXPECT_EQ(error_of("models:\n\tm: {latency: 5}\n"),
            "scenario.yaml:2:3: error: invalid YAML: illegal map value");
}

TEST_F(ScenarioLoader, FileCutShortAtTheEndIsAnError) {
  // yaml-cpp 0.7 loads these when the cut is at the very end of the file (jbeder/yaml-cpp#819
  // for the key); parse_yaml_text catches them (docs/hardening.md). A quoted scalar without its
  // closing quote is reported at the end of the last line.
  EXPECT_EQ(error_of(std::string(kMinimal) + "name: \"abc\n"),
            "scenario.yaml:5:11: error: invalid YAML: illegal EOF in scalar (is the file cut "
            "short?)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "name: 'abc\n\n"),
            "scenario.yaml:5:11: error: invalid YAML: illegal EOF in scalar (is the file cut "
            "short?)");
  // A key without its colon would load as a key with a null value: `redundancy` cut from
  // `redundancy: {kind: hedge}` ran without redundancy.
  EXPECT_EQ(error_of(std::string(kMinimal) + "redundancy\n"),
            "scenario.yaml:5:1: error: invalid YAML: end of map not found (is the file cut "
            "short?)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "run:\n  requests: 10\n  warm"),
            "scenario.yaml:7:3: error: invalid YAML: end of map not found (is the file cut "
            "short?)");
  // Complete files still load, with or without a final newline, and keep their values.
  EXPECT_EQ(load(std::string(kMinimal) + "name: \"abc\"\n").name, "abc");
  EXPECT_EQ(load(std::string(kMinimal) + "name: 'abc'").name, "abc");
  EXPECT_EQ(load(std::string(kMinimal) + "name: abc # comment\n\n\n").name, "abc");
  EXPECT_EQ(load(std::string(kMinimal) + "name: >-\n  a\n  b\n").name, "a b");
}

TEST_F(ScenarioLoader, MissingScenarioFile) {
  EXPECT_EQ(error_of_file("nope.yaml"),
            "error: cannot open scenario 'nope.yaml': No such file or directory");
}

TEST_F(ScenarioLoader, ScenarioPathIsADirectory) {
  std::filesystem::create_directories(dir() / "folder.yaml");
  EXPECT_EQ(error_of_file("folder.yaml"),
            "error: cannot open scenario 'folder.yaml': is a directory");
}

TEST_F(ScenarioLoader, EmptyScenario) {
  EXPECT_EQ(error_of(""),
            "scenario.yaml: error: empty scenario (expected a map with at least models and pools)");
  EXPECT_EQ(
      error_of("- a\n- b\n"),
      "scenario.yaml:1:1: error: a scenario must be a map of keys (name, models, pools, ...)");
}

TEST_F(ScenarioLoader, UnknownKeySuggestsTheClosest) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "run: {requests: 10, replicatons: 2}\n"),
            "scenario.yaml:5:21: error: run.replicatons: unknown key (did you mean "
            "'replications'?)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "zzz: 1\n"),
            "scenario.yaml:5:1: error: zzz: unknown key (valid keys: name, seed, run, workload, "
            "network, models, pools, load_balancer, interference, redundancy, ensemble, platform, "
            "hardware, slo_ms)");
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npool:\n  - {name: p, model: m}\n"),
            "scenario.yaml:3:1: error: pool: unknown key (did you mean 'pools'?)");
}

TEST_F(ScenarioLoader, DuplicateKey) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "slo_ms: 1\nslo_ms: 2\n"),
            "scenario.yaml:6:1: error: slo_ms: duplicate key (first on line 5)");
  EXPECT_EQ(
      error_of("models:\n  m: {latency: 5}\n  m: {latency: 6}\npools: [{name: p, model: m}]\n"),
      "scenario.yaml:3:3: error: models.m: duplicate key (first on line 2)");
}

TEST_F(ScenarioLoader, MissingRequiredKeys) {
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\n"),
            "scenario.yaml:1:1: error: pools: required key is missing");
  EXPECT_EQ(error_of("name: x\npools: [{name: p, model: m}]\n"),
            "scenario.yaml:1:1: error: models: required key is missing");
  EXPECT_EQ(error_of("models: {}\npools: [{name: p, model: m}]\n"),
            "scenario.yaml:1:9: error: models: needs at least one model");
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools:\n"),
            "scenario.yaml:3:1: error: pools: needs at least one pool");
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools:\n  - {model: m}\n"),
            "scenario.yaml:4:5: error: pools.0.name: required key is missing");
}

// ---- Types and ranges ----------------------------------------------------------------------

TEST_F(ScenarioLoader, WrongTypes) {
  const std::string base(kMinimal);
  EXPECT_EQ(error_of(base + "slo_ms: abc\n"),
            "scenario.yaml:5:9: error: slo_ms: expected a number, got 'abc'");
  EXPECT_EQ(error_of(base + "slo_ms: [1]\n"),
            "scenario.yaml:5:9: error: slo_ms: expected a number, got a list");
  EXPECT_EQ(error_of(base + "run: {requests: 1.5}\n"),
            "scenario.yaml:5:17: error: run.requests: expected an integer, got '1.5'");
  EXPECT_EQ(error_of(base + "run: 5\n"), "scenario.yaml:5:6: error: run: expected a map, got '5'");
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools: {name: p}\n"),
            "scenario.yaml:3:8: error: pools: expected a list, got a map");
  EXPECT_EQ(error_of(base + "seed: -1\n"),
            "scenario.yaml:5:7: error: seed: integer out of range (got -1); must be in [0, "
            "18446744073709551615]");
  EXPECT_EQ(error_of(base + "workload: {arrival: {kind: trace, file: t.csv, repeat: maybe}}\n"),
            "scenario.yaml:5:56: error: workload.arrival.repeat: expected true or false, got "
            "'maybe'");
  // A key with nothing after it is reported at the key.
  EXPECT_EQ(error_of(base + "slo_ms:\nname: x\n"),
            "scenario.yaml:5:1: error: slo_ms: expected a number, got nothing");
}

TEST_F(ScenarioLoader, OutOfRange) {
  const std::string base(kMinimal);
  EXPECT_EQ(error_of(base + "run: {replications: 0}\n"),
            "scenario.yaml:5:21: error: run.replications: must be >= 1 (got 0)");
  EXPECT_EQ(error_of(base + "run: {replications: 10001}\n"),
            "scenario.yaml:5:21: error: run.replications: must be <= 10000 (got 10001)");
  EXPECT_EQ(error_of(base + "slo_ms: -1\n"),
            "scenario.yaml:5:9: error: slo_ms: must be in [0, 4600000000000] (got -1)"
            "; simulated time is whole nanoseconds up to about 146 years (docs/scenario.md, Representable times)");
  EXPECT_EQ(error_of(base + "interference: {stragglers: {fraction: 1.5}}\n"),
            "scenario.yaml:5:39: error: interference.stragglers.fraction: must be in [0, 1] "
            "(got 1.5)");
  EXPECT_EQ(error_of(base + "workload: {arrival: {rate: 0}}\n"),
            "scenario.yaml:5:28: error: workload.arrival.rate: must be in [1e-09, 1000000000] "
            "(got 0); simulated time is whole nanoseconds up to about 146 years (docs/scenario.md, Representable times)");
  EXPECT_EQ(error_of(base + "redundancy: {kind: hedge, percentile: 100}\n"),
            "scenario.yaml:5:39: error: redundancy.percentile: must be in [0, 100) (got 100)");
}

TEST_F(ScenarioLoader, NonFiniteNumbersAreRejected) {
  const std::string base(kMinimal);
  EXPECT_EQ(error_of(base + "slo_ms: .nan\n"),
            "scenario.yaml:5:9: error: slo_ms: must be a finite number (got .nan)");
  EXPECT_EQ(error_of(base + "slo_ms: .inf\n"),
            "scenario.yaml:5:9: error: slo_ms: must be a finite number (got .inf)");
  EXPECT_EQ(error_of(base + "slo_ms: 1e999\n"),
            "scenario.yaml:5:9: error: slo_ms: number out of range (got 1e999)");
  EXPECT_EQ(error_of(base + "network: {client_frontend: {dist: exponential, mean: nan}}\n"),
            "scenario.yaml:5:54: error: network.client_frontend.mean: must be a finite number "
            "(got nan)");
}

TEST_F(ScenarioLoader, HugeIntegersAreRejectedCleanly) {
  const std::string base(kMinimal);
  EXPECT_EQ(error_of(base + "run: {requests: 99999999999999999999999}\n"),
            "scenario.yaml:5:17: error: run.requests: integer out of range (got "
            "99999999999999999999999); must be >= 1");
  EXPECT_EQ(error_of(base + "run: {requests: 1e300}\n"),
            "scenario.yaml:5:17: error: run.requests: integer out of range (got 1e300); must be "
            ">= 1");
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools: [{name: p, model: m, instances: "
                     "4294967297}]\n"),
            "scenario.yaml:3:40: error: pools.0.instances: must be <= 1000000 (got 4294967297)");
}

// ---- References between sections ----------------------------------------------------------

TEST_F(ScenarioLoader, UnknownModelReferenceListsTheModels) {
  EXPECT_EQ(error_of("models:\n  resnet18: {latency: 5}\n  resnet50: {latency: 9}\n"
                     "pools:\n  - {name: p, model: resnet}\n"),
            "scenario.yaml:5:22: error: pools.0.model: unknown model 'resnet' (did you mean "
            "'resnet18'?); valid: resnet18, resnet50");
}

TEST_F(ScenarioLoader, DuplicatePoolName) {
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools:\n  - {name: p, model: m}\n"
                     "  - {name: p, model: m}\n"),
            "scenario.yaml:5:12: error: pools.1.name: duplicate pool name 'p' (also pools.0)");
}

TEST_F(ScenarioLoader, UnknownLoadBalancerListsTheValidNames) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "load_balancer: fastest\n"),
            "scenario.yaml:5:16: error: load_balancer: unknown load balancer 'fastest'; valid: "
            "round_robin, random, shortest_queue, power_of_two, least_outstanding");
  EXPECT_EQ(error_of(std::string(kMinimal) + "load_balancer: randon\n"),
            "scenario.yaml:5:16: error: load_balancer: unknown load balancer 'randon' (did you "
            "mean 'random'?); valid: round_robin, random, shortest_queue, power_of_two, "
            "least_outstanding");
}

TEST_F(ScenarioLoader, SingleBatchSizeCannotBeExtrapolated) {
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools:\n"
                     "  - {name: p, model: m, batching: {max_batch: 4}}\n"),
            "scenario.yaml:4:47: error: pools.0.batching.max_batch: model 'm' has a latency for "
            "batch size 1 only; max_batch 4 needs at least two batch sizes to extrapolate from");
}

TEST_F(ScenarioLoader, BackgroundLoadChecks) {
  const std::string base(kMinimal);
  EXPECT_EQ(error_of(base + "interference: {background: [{pool: q, instances: [0], schedule: "
                            "[{at: 0, factor: 2}]}]}\n"),
            "scenario.yaml:5:36: error: interference.background.0.pool: unknown pool 'q'; "
            "valid: p");
  EXPECT_EQ(error_of(base + "interference: {background: [{pool: p, instances: [1], schedule: "
                            "[{at: 0, factor: 2}]}]}\n"),
            "scenario.yaml:5:51: error: interference.background.0.instances.0: must be <= 0 "
            "(got 1)");
  EXPECT_EQ(error_of(base + "interference: {background: [{pool: p, instances: [0], schedule: "
                            "[{at: 5, factor: 2}]}]}\n"),
            "scenario.yaml:5:71: error: interference.background.0.schedule.0.at: the first step "
            "must be at 0");
  EXPECT_EQ(error_of(base + "interference: {background: [{pool: p, instances: [0], schedule: "
                            "[{at: 0, factor: 2}, {at: 0, factor: 1}]}]}\n"),
            "scenario.yaml:5:91: error: interference.background.0.schedule.1.at: steps must be "
            "in ascending order of `at` (got 0 after 0)");
}

TEST_F(ScenarioLoader, FailuresNeedARepairTime) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "interference: {failures: {mttf_s: 100}}\n"),
            "scenario.yaml:5:26: error: interference.failures.mttr_s: required key is missing");
  EXPECT_EQ(
      error_of(std::string(kMinimal) + "interference: {failures: {mttf_s: 100, mttr_s: 0}}\n"),
      "scenario.yaml:5:48: error: interference.failures.mttr_s: must be > 0 when mttf_s > "
      "0 (got 0)");
}

TEST_F(ScenarioLoader, EpisodesNeedPeriodsThatEnd) {
  EXPECT_EQ(
      error_of(std::string(kMinimal) + "interference: {episodes: {on: 0, off: 10, slowdown: 2}}\n"),
      "scenario.yaml:5:31: error: interference.episodes.on: must have a mean >= 1e-06 ms "
      "(1 ns, the clock's resolution)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "interference: {episodes: {on: 1, off: 10}}\n"),
            "scenario.yaml:5:26: error: interference.episodes.slowdown: required key is missing");
}

// ---- Kind-dependent keys -------------------------------------------------------------------

TEST_F(ScenarioLoader, KeysOfAnotherArrivalKind) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "workload: {arrival: {kind: poisson, cv: 2}}\n"),
            "scenario.yaml:5:37: error: workload.arrival.cv: key 'cv' is not valid for arrival "
            "kind 'poisson' (valid keys: kind, rate)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "workload: {arrival: {kind: trace, file: x.csv, "
                                             "interval_s: 5}}\n"),
            "scenario.yaml:5:60: error: workload.arrival.interval_s: interval_s is only valid "
            "with format: counts");
}

TEST_F(ScenarioLoader, KeysOfAnotherRedundancyKindAreAcceptedForSweeps) {
  // A sweep switches redundancy.kind while k, r and delay stay fixed: keys a kind does not use
  // are accepted and ignored, but still checked.
  const auto config = load(std::string(kMinimal) + "redundancy: {kind: none, k: 3, delay: 5}\n");
  EXPECT_EQ(config.redundancy.kind, "none");
  EXPECT_EQ(config.redundancy.k, 3);
  EXPECT_EQ(config.redundancy.delay, 5);
  EXPECT_EQ(error_of(std::string(kMinimal) + "redundancy: {kind: none, k: 0}\n"),
            "scenario.yaml:5:29: error: redundancy.k: must be >= 1 (got 0)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "redundancy: {kind: parity2}\n"),
            "scenario.yaml:5:20: error: redundancy.kind: unknown redundancy kind 'parity2' (did "
            "you mean 'parity'?); valid: none, equal_resources, replicate, replicate_fastest, hedge, "
            "parity, backup");
}

TEST_F(ScenarioLoader, ParityNeedsRAtMostK) {
  // Any k of a group's k + r outputs decode it; r > k is refused at r's position, before the
  // accuracy row for (k, r) is looked up. Other kinds keep their own limits on r.
  EXPECT_EQ(error_of(std::string(kMinimal) + "redundancy: {kind: parity, k: 2, r: 3}\n"),
            "scenario.yaml:5:37: error: redundancy.r: must be <= k for parity (got r = 3 with "
            "k = 2)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "redundancy: {kind: parity, r: 3}\n"),
            "scenario.yaml:5:31: error: redundancy.r: must be <= k for parity (got r = 3 with "
            "k = 2)");
  const std::string from_set =
      error_of(std::string(kMinimal) + "redundancy: {kind: parity, k: 2}\n",
               {Override{"redundancy.r", "5"}});
  EXPECT_NE(from_set.find("redundancy.r: must be <= k for parity (got r = 5 with k = 2)"),
            std::string::npos)
      << from_set;
  const auto equal = load(std::string(kMinimal) + "redundancy: {kind: parity, k: 3, r: 3}\n");
  EXPECT_EQ(equal.redundancy.r, 3);
  const auto replicate =
      load(std::string(kMinimal) + "redundancy: {kind: replicate, k: 2, r: 3}\n");
  EXPECT_EQ(replicate.redundancy.r, 3);
  const auto matched =
      load(std::string(kMinimal) + "redundancy: {kind: equal_resources, k: 2, r: 3}\n");
  EXPECT_EQ(matched.redundancy.r, 3);
}

TEST_F(ScenarioLoader, MmppChecks) {
  const std::string base = std::string(kMinimal) + "workload:\n  arrival: ";
  EXPECT_EQ(error_of(base + "{kind: mmpp, rates: [5], switch_rates: [[0]]}\n"),
            "scenario.yaml:6:32: error: workload.arrival.rates: an mmpp needs at least 2 states "
            "(got 1)");
  EXPECT_EQ(error_of(base + "{kind: mmpp, rates: [5, 1], switch_rates: [[0, 1]]}\n"),
            "scenario.yaml:6:54: error: workload.arrival.switch_rates: expected 2 rows (2 x 2, "
            "one per state), got 1");
  EXPECT_EQ(error_of(base + "{kind: mmpp, rates: [5, 1], switch_rates: [[0, 1], [0, 3]]}\n"),
            "scenario.yaml:6:63: error: workload.arrival.switch_rates.1: state 1 never switches "
            "(every rate out of it is 0)");
  EXPECT_EQ(error_of(base + "{kind: mmpp, rates: [0, 0], switch_rates: [[0, 1], [1, 0]]}\n"),
            "scenario.yaml:6:32: error: workload.arrival.rates: at least one state needs an "
            "arrival rate > 0");
}

// ---- Distributions -------------------------------------------------------------------------

TEST_F(ScenarioLoader, DistributionFactoryErrorsGetTheirLocation) {
  const std::string base = std::string(kMinimal) + "network:\n  client_frontend: ";
  EXPECT_EQ(error_of(base + "{dist: lognormal, median: 2, p99: 1}\n"),
            "scenario.yaml:6:20: error: network.client_frontend: p99 must be greater than median "
            "(got median 2, p99 1)");
  EXPECT_EQ(error_of(base + "{dist: exponential, mean: 0}\n"),
            "scenario.yaml:6:20: error: network.client_frontend: mean must be > 0 (got 0)");
  EXPECT_EQ(error_of(base + "-1\n"),
            "scenario.yaml:6:20: error: network.client_frontend: value must be >= 0 (got -1)");
}

TEST_F(ScenarioLoader, DistributionShapeErrors) {
  const std::string base = std::string(kMinimal) + "network:\n  client_frontend: ";
  EXPECT_EQ(error_of(base + "{dist: lognorml, median: 2, p99: 1}\n"),
            "scenario.yaml:6:27: error: network.client_frontend.dist: unknown distribution "
            "'lognorml' (did you mean 'lognormal'?); valid: constant, exponential, lognormal, "
            "gamma, weibull, pareto, shifted_exponential, empirical, uniform; parameters: "
            "constant {value}, exponential {mean}, lognormal {median, p99} or {mu, sigma}, gamma "
            "{mean, cv}, weibull {shape, scale}, pareto {shape, scale}, shifted_exponential "
            "{shift, mean}, empirical {file}, uniform {min, max}");
  EXPECT_EQ(error_of(base + "{dist: exponential, median: 2}\n"),
            "scenario.yaml:6:40: error: network.client_frontend.median: key 'median' is not "
            "valid for dist 'exponential' (valid keys: dist, mean)");
  EXPECT_EQ(error_of(base + "{dist: gamma, mean: 2}\n"),
            "scenario.yaml:6:20: error: network.client_frontend.cv: required key is missing");
  EXPECT_EQ(error_of(base + "{dist: lognormal, median: 2, sigma: 1}\n"),
            "scenario.yaml:6:20: error: network.client_frontend: lognormal takes either median "
            "and p99, or mu and sigma, not both");
  EXPECT_EQ(error_of(base + "{mean: 2}\n"),
            "scenario.yaml:6:20: error: network.client_frontend.dist: required key is missing");
  EXPECT_EQ(error_of(base + "[1, 2]\n"),
            "scenario.yaml:6:20: error: network.client_frontend: expected a distribution "
            "({dist: ..., ...} or a number), got a list");
}

TEST_F(ScenarioLoader, EmpiricalSamples) {
  write("s.csv", "1.5\n2.5\n");  // no header: a single column of numbers
  const auto config = load(std::string(kMinimal) +
                           "network: {frontend_instance: {dist: empirical, file: s.csv}}\n");
  EXPECT_EQ(*config.network.frontend_instance->samples, (std::vector<double>{1.5, 2.5}));

  write("bad.csv", "latency_ms\n1\n-2\n");
  EXPECT_EQ(error_of(std::string(kMinimal) +
                     "network: {frontend_instance: {dist: empirical, file: bad.csv}}\n"),
            "bad.csv:3:1: error: sample must be >= 0, got -2");
  write("one.csv", "latency_ms\n1\n");
  EXPECT_EQ(error_of(std::string(kMinimal) +
                     "network: {frontend_instance: {dist: empirical, file: one.csv}}\n"),
            "scenario.yaml:5:30: error: network.frontend_instance: empirical distribution needs "
            "at least 2 samples (got 1) (from 'one.csv')");
}

// ---- Trace files ---------------------------------------------------------------------------

class TraceFiles : public IoTest {
 protected:
  // Line 5 is the arrival map; its `file` value starts at column 41.
  std::string trace_error(const std::string& file) {
    return error_of(std::string(kMinimal) + "workload: {arrival: {kind: trace, file: " + file +
                    "}}\n");
  }
};

TEST_F(TraceFiles, MissingTraceFileNamesTheKey) {
  EXPECT_EQ(trace_error("traces/nope.csv"),
            "scenario.yaml:5:41: error: workload.arrival.file: cannot open 'traces/nope.csv': No "
            "such file or directory");
}

TEST_F(TraceFiles, TraceThatIsADirectory) {
  std::filesystem::create_directories(dir() / "traces");
  EXPECT_EQ(trace_error("traces"),
            "scenario.yaml:5:41: error: workload.arrival.file: cannot open 'traces': is a "
            "directory");
}

TEST_F(TraceFiles, EmptyTrace) {
  write("t.csv", "");
  EXPECT_EQ(trace_error("t.csv"), "t.csv: error: empty file (expected a header line 'time_s')");
  write("t.csv", "time_s\n");
  EXPECT_EQ(trace_error("t.csv"), "t.csv:1:1: error: no data rows after the header");
}

TEST_F(TraceFiles, BinaryTrace) {
  write("t.csv", std::string("time_s\n0\n\x7f"
                             "ELF\x02\x01\x01\x00",
                             17));
  EXPECT_EQ(trace_error("t.csv"),
            "t.csv:3:1: error: not a text file (byte 0x7f); expected CSV text");
  write("t.csv", std::string("time_s\n0.5\xff\xfe\n"));
  EXPECT_EQ(trace_error("t.csv"),
            "t.csv:2:4: error: not a text file (byte 0xff); expected CSV text");
}

TEST_F(TraceFiles, NonMonotoneTrace) {
  write("t.csv", "time_s\n0\n2\n1\n");
  EXPECT_EQ(trace_error("t.csv"), "t.csv:4:1: error: times must not decrease: 1 after 2");
}

TEST_F(TraceFiles, BadRows) {
  write("t.csv", "time_s\n0\n1\nabc\n");
  EXPECT_EQ(trace_error("t.csv"), "t.csv:4:1: error: not a number: 'abc'");
  write("t.csv", "time_s\n0\n  nan,x\n");
  EXPECT_EQ(trace_error("t.csv"), "t.csv:3:3: error: time must be a finite number, got 'nan'");
  write("t.csv", "time,x\n0\n");
  EXPECT_EQ(trace_error("t.csv"),
            "t.csv:1:1: error: expected the header 'time_s' in the first line, got 'time'");
  write("t.csv", "time_s\n3\n3\n");
  EXPECT_EQ(trace_error("t.csv"),
            "t.csv:2:1: error: a timestamp trace needs at least two distinct times");
}

TEST_F(TraceFiles, TraceFoundFromTheScenarioDirectoryUpward) {
  // scenarios/deep/s.yaml names traces/t.csv, which lies in the scratch root: not next to the
  // scenario, not in the current directory (moved to elsewhere/), but two levels up.
  write("traces/t.csv", "time_s\n0\n1\n");
  write("scenarios/deep/s.yaml",
        std::string(kMinimal) + "workload: {arrival: {kind: trace, file: traces/t.csv}}\n");
  std::filesystem::create_directories(dir() / "elsewhere");
  std::filesystem::current_path(dir() / "elsewhere");
  const scenario::ScenarioConfig config = load_scenario("../scenarios/deep/s.yaml", {});
  EXPECT_EQ(config.workload.arrival.file, (dir() / "traces/t.csv").lexically_normal().string());
  EXPECT_EQ(config.workload.arrival.trace->times_s.size(), 2u);
}

// ---- Profiles ------------------------------------------------------------------------------

TEST_F(ScenarioLoader, ProfileIsLoadedAndInlineAccuracyWins) {
  write("models/profiles/r.yaml",
        "model: resnet18\nhardware: T4\nsource: a paper\nstatus: measured\nmethod: fit\n"
        "accuracy: 0.69\nlatency_by_batch:\n  1: {dist: lognormal, median: 2, p99: 3}\n"
        "  4: {dist: empirical, file: ../samples/b4.csv}\n");
  write("models/samples/b4.csv", "latency_ms\n4\n5\n");
  const scenario::ScenarioConfig config = load(
      "models:\n  r: {profile: models/profiles/r.yaml, accuracy: 0.5}\n"
      "pools:\n  - {name: p, model: r, batching: {max_batch: 8}}\n");
  const cluster::ModelConfig& model = config.models.at("r");
  EXPECT_EQ(model.name, "r");
  EXPECT_EQ(model.profile, "models/profiles/r.yaml");
  EXPECT_EQ(model.hardware, "T4");
  EXPECT_EQ(model.source, "a paper");
  EXPECT_EQ(model.accuracy, 0.5);
  ASSERT_EQ(model.latency_by_batch.size(), 2u);
  EXPECT_EQ(model.latency_by_batch.at(4).source_file, "models/samples/b4.csv");
}

TEST_F(ScenarioLoader, ProfileErrorsAreLocatedInTheProfile) {
  write("p.yaml", "model: x\nlatency_by_batch:\n  1: 2\nhardwre: T4\n");
  EXPECT_EQ(error_of("models:\n  r: {profile: p.yaml}\npools: [{name: p, model: r}]\n"),
            "p.yaml:4:1: error: hardwre: unknown key (did you mean 'hardware'?)");
  write("p.yaml", "status: guessed\nlatency_by_batch: {1: 2}\n");
  EXPECT_EQ(error_of("models:\n  r: {profile: p.yaml}\npools: [{name: p, model: r}]\n"),
            "p.yaml:1:9: error: status: unknown status 'guessed'; valid: measured, published, "
            "estimate");
  write("p.yaml", "latency_by_batch: {0: 2}\n");
  EXPECT_EQ(error_of("models:\n  r: {profile: p.yaml}\npools: [{name: p, model: r}]\n"),
            "p.yaml:1:20: error: latency_by_batch.0: must be >= 1 (got 0)");
  EXPECT_EQ(error_of("models:\n  r: {profile: q.yaml}\npools: [{name: p, model: r}]\n"),
            "scenario.yaml:2:16: error: models.r.profile: cannot open 'q.yaml': No such file or "
            "directory");
  EXPECT_EQ(error_of("models:\n  r: {accuracy: 1}\npools: [{name: p, model: r}]\n"),
            "scenario.yaml:2:6: error: models.r: needs a profile, latency or latency_by_batch");
}

TEST_F(ScenarioLoader, RepositoryScenariosLoad) {
  // Every scenario in scenarios/ loads from the repository root, as `servesim check` runs them.
  std::filesystem::current_path(SERVESIM_SOURCE_DIR);
  int loaded = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::filesystem::path("scenarios"))) {
    if (entry.path().extension() != ".yaml") continue;
    // scenarios/sweeps/ holds sweep files, not scenarios (the sweep tests check those);
    // scenarios/*/calibrate/ holds calibration files (checked by `calibrate --dry-run`).
    const auto folder = entry.path().parent_path().filename();
    if (folder == "sweeps" || folder == "calibrate") continue;
    SCOPED_TRACE(entry.path().string());
    try {
      load_scenario(entry.path().string(), {});
    } catch (const core::ConfigError& error) {
      ADD_FAILURE() << error.formatted();
    }
    ++loaded;
  }
  EXPECT_GT(loaded, 0);
}

}  // namespace
}  // namespace servesim::io
