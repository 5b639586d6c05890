// File: tests/io/serverless_yaml_test.cpp
//
// `platform: {kind: serverless, ...}`: defaults, per-pool functions, cold-start profiles, the
// printer's round trip, and one test per class of bad input (file:line:col messages).
#include "sim/io/serverless_yaml.hpp"

#include <gtest/gtest.h>

#include "sim/io/referenced_file.hpp"
#include "tests/io/io_test_support.hpp"

namespace servesim::io {
namespace {

using testing::IoTest;
using testing::kMinimal;

class ServerlessYaml : public IoTest {};

std::string with_platform(const std::string& platform) {
  return std::string(kMinimal) + "platform:\n" + platform;
}

TEST_F(ServerlessYaml, DefaultsAreTheSourcedValues) {
  const auto config = load(with_platform("  kind: serverless\n"));
  ASSERT_EQ(config.platform.kind, cluster::PlatformKind::kServerless);
  const cluster::ServerlessConfig& serverless = config.platform.serverless;
  const cluster::FunctionConfig& function = serverless.function_for("p");
  EXPECT_EQ(function.memory_mb, 1769);
  EXPECT_EQ(function.cold_start.family, dist::Family::kLognormal);
  EXPECT_EQ(function.cold_start.mu, cluster::kDefaultColdStartMu);
  EXPECT_EQ(function.keep_alive.policy, "fixed");
  EXPECT_EQ(function.keep_alive.ttl_s, 360);
  EXPECT_EQ(function.on_throttle, cluster::ThrottleAction::kDrop);
  EXPECT_EQ(serverless.account_concurrency_limit, 1000);
  EXPECT_EQ(serverless.pricing.usd_per_gb_s, 0.0000166667);
  EXPECT_EQ(serverless.pricing.usd_per_million_requests, 0.20);
}

// The compiled-in default cold start is the shipped profile's fit, to the last bit.
TEST_F(ServerlessYaml, DefaultColdStartEqualsTheShippedPythonProfile) {
  const auto config =
      load(with_platform(std::string("  kind: serverless\n  cold_start: {profile: ") +
                         SERVESIM_SOURCE_DIR + "/models/serverless/aws_coldstart_python.yaml}\n"));
  const dist::DistributionSpec& spec = config.platform.serverless.function.cold_start;
  EXPECT_EQ(spec.family, dist::Family::kLognormal);
  EXPECT_EQ(spec.mu, cluster::kDefaultColdStartMu);
  EXPECT_EQ(spec.sigma, cluster::kDefaultColdStartSigma);
}

TEST_F(ServerlessYaml, EveryShippedColdStartProfileLoads) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SERVESIM_SOURCE_DIR) +
                                                               "/models/serverless")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    const auto config = load(with_platform(
        "  kind: serverless\n  cold_start: {profile: " + entry.path().string() + "}\n"));
    const dist::DistributionSpec& spec = config.platform.serverless.function.cold_start;
    EXPECT_EQ(spec.family, dist::Family::kLognormal) << entry.path();
    EXPECT_GT(dist::quantile_of(spec, 0.5), 100) << entry.path();  // ms, not seconds
  }
  EXPECT_GE(count, 20);
}

TEST_F(ServerlessYaml, PerPoolFunctionsInheritThePlatformLevel) {
  const auto config = load(
      "models:\n  a: {latency: 5}\n  b: {latency: 7}\n"
      "pools:\n  - {name: pa, model: a}\n  - {name: pb, model: b}\n"
      // Two pools: the second serves a backup (a scenario builds no pool it does not use).
      "redundancy: {kind: backup, pool: pb}\n"
      "platform:\n"
      "  kind: serverless\n"
      "  memory_mb: 3008\n"
      "  keep_alive: {policy: hybrid_histogram, range_s: 7200}\n"
      "  functions:\n"
      "    pb: {memory_mb: 512, keep_alive: {margin: 0.2}, provisioned: 2}\n");
  const cluster::ServerlessConfig& serverless = config.platform.serverless;
  EXPECT_EQ(serverless.function_for("pa").memory_mb, 3008);
  const cluster::FunctionConfig& pb = serverless.function_for("pb");
  EXPECT_EQ(pb.memory_mb, 512);
  EXPECT_EQ(pb.provisioned, 2);
  EXPECT_EQ(pb.keep_alive.policy, "hybrid_histogram");
  EXPECT_EQ(pb.keep_alive.range_s, 7200);
  EXPECT_EQ(pb.keep_alive.margin, 0.2);
  EXPECT_EQ(serverless.function_for("pa").keep_alive.margin, 0.1);
}

TEST_F(ServerlessYaml, ServersScenarioPrintsAsBefore) {
  const std::string printed = resolved_scenario_yaml(load(kMinimal));
  EXPECT_NE(printed.find("platform: {kind: servers, usd_per_instance_hour: 0}\n"),
            std::string::npos);
}

TEST_F(ServerlessYaml, RoundTrips) {
  expect_round_trip(with_platform("  kind: serverless\n"));
  expect_round_trip(
      "models:\n  a: {latency: 5}\n  b: {latency: 7}\n"
      "pools:\n  - {name: pa, model: a}\n  - {name: pb, model: b, batching: {max_batch: 1}}\n"
      "redundancy: {kind: backup, pool: pb}\n"
      "platform:\n"
      "  kind: serverless\n"
      "  memory_mb: 3008\n"
      "  cold_start: {dist: lognormal, median: 400, p99: 2000}\n"
      "  model_load: {dist: gamma, mean: 800, cv: 0.3}\n"
      "  keep_alive: {policy: hybrid_histogram, bin_s: 30, range_s: 3600, margin: 0.15}\n"
      "  concurrency_limit: 50\n"
      "  on_throttle: retry\n"
      "  retry: {base_ms: 100, max_attempts: 4, multiplier: 1.5}\n"
      "  profile_vcpus: 2\n"
      "  bill_init: true\n"
      "  account_concurrency_limit: 3000\n"
      "  pricing: {usd_per_gb_s: 0.0000133334, usd_per_million_requests: 0.2}\n"
      "  functions:\n"
      "    pb: {memory_mb: 512, provisioned: 2, on_throttle: drop}\n");
  write("cs.yaml",
        "platform: aws_lambda\nstatus: measured\ncold_start: {dist: lognormal, "
        "mu: 5.5, sigma: 0.3}\n");
  expect_round_trip(with_platform("  kind: serverless\n  cold_start: {profile: cs.yaml}\n"));
}

TEST_F(ServerlessYaml, SetSwitchesThePlatform) {
  const auto config =
      load(kMinimal, {{"platform.kind", "serverless"}, {"platform.memory_mb", "3008"}});
  EXPECT_EQ(config.platform.kind, cluster::PlatformKind::kServerless);
  EXPECT_EQ(config.platform.serverless.function.memory_mb, 3008);
}

TEST_F(ServerlessYaml, BadInputsAreLocated) {
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  memory: 512\n")),
            "scenario.yaml:7:3: error: platform.memory: unknown key (valid keys: kind, "
            "usd_per_instance_hour, memory_mb, cold_start, model_load, keep_alive, provisioned, "
            "concurrency_limit, on_throttle, retry, profile_vcpus, bill_init, "
            "account_concurrency_limit, pricing, functions)");
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  usd_per_instance_hour: 1\n")),
            "scenario.yaml:7:3: error: platform.usd_per_instance_hour: key "
            "'usd_per_instance_hour' is not valid for platform kind serverless (valid keys: kind, "
            "memory_mb, cold_start, model_load, keep_alive, provisioned, concurrency_limit, "
            "on_throttle, retry, profile_vcpus, bill_init, account_concurrency_limit, pricing, "
            "functions)");
  EXPECT_EQ(error_of(with_platform("  memory_mb: 512\n")),
            "scenario.yaml:6:3: error: platform.memory_mb: key 'memory_mb' is not valid for "
            "platform kind servers (valid keys: kind, usd_per_instance_hour)");
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  memory_mb: 64\n")),
            "scenario.yaml:7:14: error: platform.memory_mb: must be >= 128 (got 64)");
  EXPECT_EQ(error_of(with_platform("  kind: lambda\n")),
            "scenario.yaml:6:9: error: platform.kind: unknown platform kind 'lambda'; valid: "
            "servers, serverless");
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  keep_alive: {policy: lru}\n")),
            "scenario.yaml:7:24: error: platform.keep_alive.policy: unknown keep_alive policy "
            "'lru'; valid: fixed, hybrid_histogram");
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  keep_alive: {bin_s: 60, range_s: 90}\n")),
            "scenario.yaml:7:36: error: platform.keep_alive.range_s: range_s / bin_s must give "
            "between 2 and 1000000 bins (range_s 90, bin_s 60)");
  EXPECT_EQ(error_of(with_platform(
                "  kind: serverless\n  keep_alive: {head_percentile: 50, tail_percentile: 40}\n")),
            "scenario.yaml:7:54: error: platform.keep_alive.tail_percentile: tail_percentile "
            "(40) must be >= head_percentile (50)");
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  on_throttle: retry\n")),
            "scenario.yaml:7:16: error: platform.on_throttle: on_throttle retry needs "
            "retry.base_ms > 0 (no sourced default: give it)");
  EXPECT_EQ(
      error_of(with_platform("  kind: serverless\n  on_throttle: retry\n  retry: {base_ms: 10}\n")),
      "scenario.yaml:8:10: error: platform.retry: on_throttle retry needs "
      "retry.max_attempts >= 2 (1 never retries: use drop)");
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  functions: {q: {memory_mb: 512}}\n")),
            "scenario.yaml:7:15: error: platform.functions.q: unknown pool or model 'q'; valid: p, "
            "m");
  EXPECT_EQ(error_of(with_platform("  kind: serverless\n  cold_start: {profile: nope.yaml}\n")),
            "scenario.yaml:7:25: error: platform.cold_start.profile: cannot open 'nope.yaml': No "
            "such file or directory");
  write("bad_profile.yaml", "cold_start: {dist: lognormal, median: 5}\n");
  EXPECT_EQ(
      error_of(with_platform("  kind: serverless\n  cold_start: {profile: bad_profile.yaml}\n")),
      "bad_profile.yaml:1:13: error: cold_start.p99: required key is missing");
}

TEST_F(ServerlessYaml, PoolKeysAServerlessPlatformCannotHonour) {
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools:\n  - {name: p, model: m, instances: 3}\n"
                     "platform: {kind: serverless}\n"),
            "scenario.yaml:4:36: error: pools.0.instances: a serverless pool is one function "
            "with as many sandboxes as it needs; remove instances (got 3) or use platform.kind "
            "servers");
  EXPECT_EQ(error_of("models:\n  m: {latency: 5}\npools:\n"
                     "  - {name: p, model: m, queue: per_instance}\n"
                     "platform: {kind: serverless}\n"),
            "scenario.yaml:4:32: error: pools.0.queue: a serverless function has no per-instance "
            "queues; remove queue: per_instance");
  EXPECT_EQ(error_of(kMinimal, {{"platform.kind", "serverless"}, {"pools.0.queue_capacity", "4"}}),
            "error: --set pools.0.queue_capacity=4: pools.0.queue_capacity: a serverless "
            "function queues nothing (it scales out or throttles); remove queue_capacity");
}

}  // namespace
}  // namespace servesim::io
