// File: sim/cluster/serverless_config.hpp
//
// `platform: {kind: serverless, ...}`: every pool becomes one cloud function running the pool's
// model (cluster/function_pool.hpp). FunctionConfig holds what a function is configured with;
// ServerlessConfig the platform-wide defaults, per-pool overrides, account limit and prices.
// Every default names its source (empirical.md ids; docs/serverless.md has the table) or says
// it is an assumption. Units are in the names; distributions are in ms.
#pragma once

#include <map>
#include <string>

#include "sim/dist/distribution_spec.hpp"
#include "sim/policy/keep_alive/keep_alive_config.hpp"

namespace servesim::cluster {

// AWS Lambda's stated CPU/memory ratio: "At 1,769 MB, a function has the equivalent of one
// vCPU" (AWS Lambda docs, configuration-memory; empirical.md S16, §3.6).
inline constexpr double kLambdaMbPerVcpu = 1769;

// The default cold start: AWS Lambda, hello-world Python function, lognormal fitted by maximum
// likelihood to 678 measured cold starts (models/serverless/aws_coldstart_python.yaml, made by
// models/serverless/fit_coldstarts.py from S12's data; median 226.9 ms, p99 452.8 ms).
// tests/io/serverless_yaml_test.cpp checks these equal the profile file.
inline constexpr double kDefaultColdStartMu = 5.424670844933298;  // ln(ms)
inline constexpr double kDefaultColdStartSigma = 0.2968939140648177;

enum class ThrottleAction {
  kDrop,   // the invocation's tasks are refused at once (a 429 the client does not retry)
  kRetry,  // retried after an exponential backoff; refused after max_attempts tries
};

// Backoff of a throttled invocation: try n (n >= 2) starts base_ms * multiplier^(n - 2) ms after
// try n - 1 was throttled. No jitter (runs stay deterministic; add it as a DIST if needed).
struct RetryConfig {
  double base_ms = 0;     // > 0 when on_throttle is retry (required then: no sourced default)
  int max_attempts = 1;   // tries in all, the first included; >= 1 (required with retry)
  double multiplier = 2;  // >= 1; 2 = the doubling that names exponential backoff
};

struct FunctionConfig {
  // Memory of each sandbox, MB, in [128, 10240] (Lambda's range, S16). Default 1769: the size
  // with one vCPU (S16), where a profile measured on one CPU applies unchanged (profile_vcpus).
  int memory_mb = 1769;
  // Sandbox and runtime start of a cold start, ms. Default: the AWS Python fit above.
  dist::DistributionSpec cold_start =
      dist::DistributionSpec::lognormal(kDefaultColdStartMu, kDefaultColdStartSigma);
  std::string cold_start_profile;  // the profile file cold_start came from; "" = inline/default
  // Loading the model into a new sandbox, ms, added to cold_start. Default 0: no measured data
  // separates model load from sandbox start (the ML container numbers of empirical.md §3.3 are
  // whole cold starts: use models/serverless/aws_coldstart_ml_container_*.yaml as cold_start).
  dist::DistributionSpec model_load = dist::DistributionSpec::constant(0);
  policy::KeepAliveConfig keep_alive;
  // Always-warm sandboxes (Lambda provisioned concurrency): created at time 0, never expire,
  // used before on-demand ones. >= 0.
  int provisioned = 0;
  // Invocations of this function in flight at once (initialising or running); 0 = no limit of
  // its own (only the account's). Lambda's reserved concurrency. >= 0.
  int concurrency_limit = 0;
  ThrottleAction on_throttle = ThrottleAction::kDrop;
  RetryConfig retry;
  // vCPUs the model's latency profile was measured with. Execution time = profile time *
  // max(1, profile_vcpus * 1769 / memory_mb): below the profile's CPU share a sandbox gets a
  // proportional share of CPU time; above it, no speed-up (single-threaded inference does not
  // use extra vCPUs). > 0, default 1.
  double profile_vcpus = 1;
  // Bill the init phase (cold start + model load) of an invocation that caused a cold start as
  // duration. Default false: AWS did not bill init for managed runtimes such as the default
  // Python profile's (it did for container images and custom runtimes) [R, unverified here];
  // set true for container-image functions.
  bool bill_init = false;
};

struct ServerlessPricing {
  // Per GB-second of billed duration; duration rounded up to the next 1 ms, GB = memory_mb /
  // 1024. Default $0.0000166667, Lambda x86 us-east-1 (Arm: 0.0000133334) [V-3p S17, §3.7].
  double usd_per_gb_s = 0.0000166667;
  // Per million invocations (throttled tries are not billed). Default $0.20 [V-3p S17, §3.7].
  double usd_per_million_requests = 0.20;
  // Per GB-second a provisioned sandbox exists (from time 0). Default 0: empirical.md has the
  // Lambda provisioned-concurrency rates only from memory [R]; invocations on provisioned
  // sandboxes are billed at usd_per_gb_s like the others.
  double usd_per_provisioned_gb_s = 0;
};

struct ServerlessConfig {
  FunctionConfig function;                          // every pool's function, unless overridden
  std::map<std::string, FunctionConfig> functions;  // pool name -> its function (complete)
  // Invocations in flight over all functions of the scenario; 0 = none. Default 1000, Lambda's
  // default concurrency quota per Region (S16, §3.6).
  int account_concurrency_limit = 1000;
  ServerlessPricing pricing;

  const FunctionConfig& function_for(const std::string& pool) const {
    const auto found = functions.find(pool);
    return found == functions.end() ? function : found->second;
  }
};

}  // namespace servesim::cluster
