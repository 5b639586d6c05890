// File: sim/io/serverless_yaml.cpp
//
// The `platform:` section. Keys, with type, unit, range and default, beside the code reading
// them; sources of the defaults in sim/cluster/serverless_config.hpp and docs/serverless.md.
#include "sim/io/serverless_yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "sim/io/did_you_mean.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/number_text.hpp"
#include "sim/policy/keep_alive/keep_alive_policy.hpp"
#include "sim/policy/registry_lookup.hpp"

namespace servesim::io {

namespace {

// Durations given in seconds or ms must stay far inside the int64-ns clock (about 292 years).
constexpr double kMaxDurationS = 1e8;  // about 3 years
// Histogram bins of hybrid_histogram (range_s / bin_s): it allocates one counter per bin.
constexpr double kMaxHistogramBins = 1e6;

void parse_keep_alive(const YamlValue& value, policy::KeepAliveConfig& out) {
  const MapReader map(
      value, {"policy", "ttl_s", "bin_s", "range_s", "head_percentile", "tail_percentile", "margin",
              "cv_threshold", "oob_threshold", "min_samples"});
  // policy: fixed | hybrid_histogram (the keep-alive registry). Default fixed. Every policy
  // accepts every key; each uses its own.
  if (const auto policy = map.get("policy")) {
    out.policy = policy->as_choice("keep_alive policy", keep_alive_policy_names());
  }
  // ttl_s: fixed: seconds an idle sandbox lives after its last invocation, in [0, 1e8].
  // Default 360 (AWS Lambda, 2021 measurements, empirical.md §3.4).
  map.number("ttl_s", out.ttl_s, between(0, kMaxDurationS));
  // bin_s: hybrid_histogram: width of an idle-time bin, seconds, > 0. Default 60.
  map.number("bin_s", out.bin_s, NumberRange{0, kMaxDurationS, true, false});
  // range_s: hybrid_histogram: idle times from range_s up are out of bounds; also the fallback
  // keep-alive. Seconds, >= 2 bin_s and <= 1e6 bin_s. Default 14400 (4 h).
  map.number("range_s", out.range_s, NumberRange{0, kMaxDurationS, true, false});
  const double bins = out.range_s / out.bin_s;
  if (!(bins >= 2) || bins > kMaxHistogramBins) {
    const auto where = map.get("range_s") ? map.get("range_s") : map.get("bin_s");
    const std::string message = fmt::format(
        "range_s / bin_s must give between 2 and {} bins (range_s {}, bin_s {})",
        format_number(kMaxHistogramBins), format_number(out.range_s), format_number(out.bin_s));
    if (where) where->fail(message);
    map.fail(message);
  }
  // head_percentile: pre-warm at this percentile of idle times, in [0, 100]. Default 5.
  map.number("head_percentile", out.head_percentile, between(0, 100));
  // tail_percentile: keep alive to this percentile, in [head_percentile, 100]. Default 99.
  map.number("tail_percentile", out.tail_percentile, between(0, 100));
  if (out.tail_percentile < out.head_percentile) {
    const std::string message =
        fmt::format("tail_percentile ({}) must be >= head_percentile ({})",
                    format_number(out.tail_percentile), format_number(out.head_percentile));
    if (const auto tail = map.get("tail_percentile")) tail->fail(message);
    if (const auto head = map.get("head_percentile")) head->fail(message);
    map.fail(message);
  }
  // margin: pre-warm (1 - margin) earlier and keep alive (1 + margin) longer, in [0, 1).
  // Default 0.1.
  map.number("margin", out.margin, NumberRange{0, 1, false, true});
  // cv_threshold: the histogram is used only when the CV of its bin counts is >= this, >= 0.
  // Default 2.
  map.number("cv_threshold", out.cv_threshold, between(0, 1e9));
  // oob_threshold: fall back when this share of idle times is out of bounds, in (0, 1].
  // Default 0.5.
  map.number("oob_threshold", out.oob_threshold, NumberRange{0, 1, true, false});
  // min_samples: fall back until this many in-bound idle times were seen, integer >= 1.
  // Default 1.
  map.integer("min_samples", out.min_samples, 1, std::numeric_limits<std::int64_t>::max());
}

void parse_retry(const YamlValue& value, cluster::RetryConfig& out) {
  const MapReader map(value, {"base_ms", "max_attempts", "multiplier"});
  // base_ms: wait before the first retry, ms, > 0 with on_throttle retry. No default.
  map.number("base_ms", out.base_ms, between(0, kMaxDurationS * 1000));
  // max_attempts: tries in all, the first included, integer in [1, 1000]. No default
  // (>= 2 with on_throttle retry).
  map.integer("max_attempts", out.max_attempts, 1, 1000);
  // multiplier: each wait is `multiplier` times the previous, in [1, 1000]. Default 2.
  map.number("multiplier", out.multiplier, between(1, 1000));
}

dist::DistributionSpec parse_cold_start(const YamlValue& value, std::string& profile) {
  // cold_start: DIST in ms, or {profile: FILE} naming a cold-start profile
  // (models/serverless/aws_coldstart_*.yaml).
  if (value.is_map() && value.node()["profile"]) {
    const MapReader map(value, {"profile"});
    const ReferencedFile file = read_referenced_file(map.require("profile"));
    profile = file.resolved;
    return load_cold_start_profile(file);
  }
  profile.clear();
  return parse_distribution(value);
}

// The keys every function takes, at the platform level (defaults for all) or per pool.
#define SERVESIM_FUNCTION_KEYS                                                               \
  "memory_mb", "cold_start", "model_load", "keep_alive", "provisioned", "concurrency_limit", \
      "on_throttle", "retry", "profile_vcpus", "bill_init"

void parse_function(const MapReader& map, cluster::FunctionConfig& out) {
  // memory_mb: memory of a sandbox, MB, integer in [128, 10240] (AWS Lambda's range).
  // Default 1769 (one vCPU).
  map.integer("memory_mb", out.memory_mb, 128, 10240);
  if (const auto cold_start = map.get("cold_start")) {
    out.cold_start = parse_cold_start(*cold_start, out.cold_start_profile);
  }
  // model_load: DIST in ms added to every cold start. Default {dist: constant, value: 0}.
  if (const auto model_load = map.get("model_load")) {
    out.model_load = parse_distribution(*model_load);
  }
  // keep_alive: {policy, ttl_s, bin_s, range_s, head_percentile, tail_percentile, margin,
  // cv_threshold, oob_threshold, min_samples}; given keys replace the inherited ones.
  if (const auto keep_alive = map.get("keep_alive")) parse_keep_alive(*keep_alive, out.keep_alive);
  // provisioned: always-warm sandboxes, integer in [0, 1000000]. Default 0.
  map.integer("provisioned", out.provisioned, 0, kMaxInstances);
  // concurrency_limit: invocations of the function in flight at once, integer in
  // [0, 1000000]; 0 = only the account limit. Default 0.
  map.integer("concurrency_limit", out.concurrency_limit, 0, kMaxInstances);
  // on_throttle: drop | retry: what a throttled invocation does. Default drop.
  if (const auto on_throttle = map.get("on_throttle")) {
    out.on_throttle = on_throttle->as_choice("on_throttle", {"drop", "retry"}) == "drop"
                          ? cluster::ThrottleAction::kDrop
                          : cluster::ThrottleAction::kRetry;
  }
  // retry: {base_ms, max_attempts, multiplier}: the backoff of on_throttle retry.
  if (const auto retry = map.get("retry")) parse_retry(*retry, out.retry);
  if (out.on_throttle == cluster::ThrottleAction::kRetry) {
    const cluster::RetryConfig& retry = out.retry;
    std::string problem;
    if (!(retry.base_ms > 0)) {
      problem = "on_throttle retry needs retry.base_ms > 0 (no sourced default: give it)";
    } else if (retry.max_attempts < 2) {
      problem = "on_throttle retry needs retry.max_attempts >= 2 (1 never retries: use drop)";
    } else if (retry.base_ms * std::pow(retry.multiplier, retry.max_attempts - 2) >
               kMaxDurationS * 1000) {
      problem = fmt::format("retry waits grow past {} ms (base_ms * multiplier^(max_attempts-2))",
                            format_number(kMaxDurationS * 1000));
    }
    if (!problem.empty()) {
      if (const auto retry_value = map.get("retry")) retry_value->fail(problem);
      if (const auto on_throttle = map.get("on_throttle")) on_throttle->fail(problem);
      map.fail(problem);
    }
  }
  // profile_vcpus: vCPUs the model's profile was measured with, in (0, 1000]. Default 1.
  map.number("profile_vcpus", out.profile_vcpus, NumberRange{0, 1000, true, false});
  // bill_init: bill the init (cold start + model load) an invocation waited for. Default false.
  map.boolean("bill_init", out.bill_init);
}

void parse_pricing(const YamlValue& value, cluster::ServerlessPricing& out) {
  const MapReader map(value,
                      {"usd_per_gb_s", "usd_per_million_requests", "usd_per_provisioned_gb_s"});
  // usd_per_gb_s: USD per GB-second of billed duration, >= 0. Default 0.0000166667 (x86).
  map.number("usd_per_gb_s", out.usd_per_gb_s, at_least(0));
  // usd_per_million_requests: USD per million invocations, >= 0. Default 0.20.
  map.number("usd_per_million_requests", out.usd_per_million_requests, at_least(0));
  // usd_per_provisioned_gb_s: USD per GB-second a provisioned sandbox exists, >= 0. Default 0.
  map.number("usd_per_provisioned_gb_s", out.usd_per_provisioned_gb_s, at_least(0));
}

// A pool key that a serverless platform cannot honour, at its position.
void check_serverless_pools(const std::vector<cluster::PoolConfig>& pools,
                            const YamlValue& pools_value) {
  const std::vector<YamlValue> items = pools_value.as_list();
  for (std::size_t idx = 0; idx < pools.size() && idx < items.size(); ++idx) {
    const cluster::PoolConfig& pool = pools[idx];
    std::optional<std::string> key;
    std::string message;
    if (pool.instances != 1) {
      key = "instances";
      message = fmt::format(
          "a serverless pool is one function with as many sandboxes as it needs; remove "
          "instances (got {}) or use platform.kind servers",
          pool.instances);
    } else if (pool.queue != cluster::QueueKind::kShared) {
      key = "queue";
      message = "a serverless function has no per-instance queues; remove queue: per_instance";
    } else if (pool.queue_capacity != 0) {
      key = "queue_capacity";
      message =
          "a serverless function queues nothing (it scales out or throttles); remove "
          "queue_capacity";
    }
    if (!key) continue;
    for (const auto& [name, item] : map_entries(items[idx])) {
      if (name.node().Scalar() == *key) item.fail(message);
    }
    items[idx].fail(message);
  }
}

}  // namespace

const std::vector<std::string>& keep_alive_policy_names() {
  static const std::vector<std::string> names =
      policy::registry_names(policy::keep_alive_registry());
  return names;
}

dist::DistributionSpec load_cold_start_profile(const ReferencedFile& file) {
  const YamlSource source(file.resolved,
                          PathBase{std::filesystem::path(file.resolved).parent_path(), true});
  const YamlValue root(source, parse_yaml_text(file.text, file.resolved), "");
  if (!root.is_map())
    root.fail("a cold-start profile must be a map of keys, got " + root.describe());
  const MapReader map(root, {"platform", "runtime", "memory_mb", "source", "status", "method",
                             "samples", "excluded", "cold_start"});
  std::string text;
  map.string("platform", text);
  map.string("runtime", text);
  int memory_mb = 0;
  map.integer("memory_mb", memory_mb, 1, 1000000);
  map.string("source", text);
  if (const auto status = map.get("status")) {
    status->as_choice("status", {"measured", "published", "estimate"});
  }
  map.string("method", text);
  std::int64_t count = 0;
  map.integer("samples", count, 0, std::numeric_limits<std::int64_t>::max());
  map.integer("excluded", count, 0, std::numeric_limits<std::int64_t>::max());
  return parse_distribution(map.require("cold_start"));
}

void parse_platform(const YamlValue& value, const std::vector<cluster::PoolConfig>& pools,
                    const YamlValue& pools_value,
                    const std::map<std::string, cluster::ModelConfig>& models,
                    cluster::PlatformConfig& out) {
  const MapReader map(value, {"kind", "usd_per_instance_hour", SERVESIM_FUNCTION_KEYS,
                              "account_concurrency_limit", "pricing", "functions"});
  // kind: servers (instances billed per hour, warm-up included) | serverless (one function per
  // pool). Default servers.
  if (const auto kind = map.get("kind")) {
    out.kind = kind->as_choice("platform kind", {"servers", "serverless"}) == "servers"
                   ? cluster::PlatformKind::kServers
                   : cluster::PlatformKind::kServerless;
  }
  if (out.kind == cluster::PlatformKind::kServers) {
    map.restrict_to({"kind", "usd_per_instance_hour"}, "platform kind servers");
    // usd_per_instance_hour: price of one instance for an hour, USD, >= 0, default 0.
    map.number("usd_per_instance_hour", out.usd_per_instance_hour, at_least(0));
    return;
  }
  map.restrict_to(
      {"kind", SERVESIM_FUNCTION_KEYS, "account_concurrency_limit", "pricing", "functions"},
      "platform kind serverless");
  cluster::ServerlessConfig& serverless = out.serverless;
  parse_function(map, serverless.function);
  // account_concurrency_limit: invocations in flight over all functions, integer in
  // [0, 1000000]; 0 = none. Default 1000.
  map.integer("account_concurrency_limit", serverless.account_concurrency_limit, 0, kMaxInstances);
  // pricing: {usd_per_gb_s, usd_per_million_requests, usd_per_provisioned_gb_s}.
  if (const auto pricing = map.get("pricing")) parse_pricing(*pricing, serverless.pricing);
  // functions: {pool name: {function keys}}: a pool's own settings; keys it leaves out come
  // from the platform level. A model's name also works: the pools an ensemble makes for its
  // members are named after their models.
  if (const auto functions = map.get("functions")) {
    std::vector<std::string> names;
    for (const auto& pool : pools) names.push_back(pool.name);
    for (const auto& [model, unused] : models) {
      if (std::find(names.begin(), names.end(), model) == names.end()) names.push_back(model);
    }
    for (const auto& [key, item] : map_entries(*functions)) {
      const std::string name = key.as_string();
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        key.fail(unknown_name_message("pool or model", name, names));
      }
      cluster::FunctionConfig function = serverless.function;
      parse_function(MapReader(item, {SERVESIM_FUNCTION_KEYS}), function);
      serverless.functions[name] = function;
    }
  }
  check_serverless_pools(pools, pools_value);
}

#undef SERVESIM_FUNCTION_KEYS

}  // namespace servesim::io
