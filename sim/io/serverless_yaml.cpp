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
#include "sim/io/field_table.hpp"
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

using cluster::FunctionConfig;
using cluster::PlatformConfig;
using cluster::RetryConfig;
using cluster::ServerlessPricing;
using policy::KeepAliveConfig;

// keep_alive: every policy accepts every key; each uses its own. Sources of the defaults in
// sim/policy/keep_alive/keep_alive_config.hpp and docs/serverless.md.
const FieldTable<KeepAliveConfig>& keep_alive_fields() {
  static const FieldTable<KeepAliveConfig> table = {
      choice_field<KeepAliveConfig>("policy", &KeepAliveConfig::policy, "keep_alive policy",
                                    keep_alive_policy_names(),
                                    "`fixed`: an idle sandbox lives `ttl_s`. `hybrid_histogram`: "
                                    "a per-function idle-time histogram decides when to pre-warm "
                                    "and how long to keep alive (Shahrad et al., ATC'20, without "
                                    "ARIMA). Every policy accepts every keep-alive key."),
      number_field<KeepAliveConfig>("ttl_s", &KeepAliveConfig::ttl_s, between(0, kMaxDurationS),
                                    "s",
                                    "`fixed`: lifetime of an idle sandbox after its last "
                                    "invocation (AWS Lambda, 2021 measurements)."),
      number_field<KeepAliveConfig>("bin_s", &KeepAliveConfig::bin_s,
                                    NumberRange{0, kMaxDurationS, true, false}, "s",
                                    "`hybrid_histogram`: width of an idle-time bin."),
      number_field<KeepAliveConfig>("range_s", &KeepAliveConfig::range_s,
                                    NumberRange{0, kMaxDurationS, true, false}, "s",
                                    "`hybrid_histogram`: idle times from here up are out of "
                                    "bounds. It is also the fallback keep-alive.")
          .valid("in (0, 100000000], 2 to 1000000 bins of bin_s"),
      number_field<KeepAliveConfig>("head_percentile", &KeepAliveConfig::head_percentile,
                                    between(0, 100), "percent",
                                    "`hybrid_histogram`: pre-warm at this percentile of idle "
                                    "times."),
      number_field<KeepAliveConfig>("tail_percentile", &KeepAliveConfig::tail_percentile,
                                    between(0, 100), "percent",
                                    "`hybrid_histogram`: keep alive to this percentile.")
          .valid("in [head_percentile, 100]"),
      number_field<KeepAliveConfig>("margin", &KeepAliveConfig::margin,
                                    NumberRange{0, 1, false, true}, "fraction",
                                    "`hybrid_histogram`: pre-warm (1 - margin) earlier and keep "
                                    "alive (1 + margin) longer."),
      number_field<KeepAliveConfig>("cv_threshold", &KeepAliveConfig::cv_threshold, between(0, 1e9),
                                    "",
                                    "`hybrid_histogram`: the histogram is used only when the CV "
                                    "of its bin counts is at least this."),
      number_field<KeepAliveConfig>("oob_threshold", &KeepAliveConfig::oob_threshold,
                                    NumberRange{0, 1, true, false}, "fraction",
                                    "`hybrid_histogram`: fall back when this share of idle times "
                                    "is out of bounds."),
      integer_field<KeepAliveConfig>("min_samples", &KeepAliveConfig::min_samples, std::int64_t{1},
                                     std::numeric_limits<std::int64_t>::max(), "idle times",
                                     "`hybrid_histogram`: fall back until this many in-bound idle "
                                     "times have been seen."),
  };
  return table;
}

// The checks between keep_alive's keys, after they are read.
void check_keep_alive(const MapReader& map, const KeepAliveConfig& out) {
  const double bins = out.range_s / out.bin_s;
  if (!(bins >= 2) || bins > kMaxHistogramBins) {
    const auto where = map.get("range_s") ? map.get("range_s") : map.get("bin_s");
    const std::string message = fmt::format(
        "range_s / bin_s must give between 2 and {} bins (range_s {}, bin_s {})",
        format_number(kMaxHistogramBins), format_number(out.range_s), format_number(out.bin_s));
    if (where) where->fail(message);
    map.fail(message);
  }
  if (out.tail_percentile < out.head_percentile) {
    const std::string message =
        fmt::format("tail_percentile ({}) must be >= head_percentile ({})",
                    format_number(out.tail_percentile), format_number(out.head_percentile));
    if (const auto tail = map.get("tail_percentile")) tail->fail(message);
    if (const auto head = map.get("head_percentile")) head->fail(message);
    map.fail(message);
  }
}

const FieldTable<RetryConfig>& retry_fields() {
  static const FieldTable<RetryConfig> table = {
      number_field<RetryConfig>("base_ms", &RetryConfig::base_ms, between(0, kMaxDurationS * 1000),
                                "ms",
                                "Wait before the first retry. It has no sourced default, so it "
                                "must be given with `on_throttle: retry`.")
          .valid(">= 0; > 0 with retry"),
      integer_field<RetryConfig>("max_attempts", &RetryConfig::max_attempts, 1, 1000, "tries",
                                 "Tries in all, the first included; >= 2 with `on_throttle: "
                                 "retry`."),
      number_field<RetryConfig>("multiplier", &RetryConfig::multiplier, between(1, 1000), "",
                                "Each wait is `multiplier` times the previous."),
  };
  return table;
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

// A map of `Sub`'s table in member `member`, printed as a flow map; `check` runs after reading.
template <class Config, class Sub>
Field<Config> flow_map(std::string name, Sub Config::*member, const FieldTable<Sub>& (*fields)(),
                       std::string meaning, void (*check)(const MapReader&, const Sub&) = nullptr) {
  return custom_field<Config>(
             std::move(name), {"map", "", "", "", std::move(meaning)},
             [member, fields, check](const YamlValue& value, Config& out, const MapReader&) {
               const MapReader map = read_map(value, fields(), out.*member);
               if (check != nullptr) check(map, out.*member);
             },
             [member, fields](YAML::Emitter& out, const Config& config) {
               out << YAML::Flow << YAML::BeginMap;
               print_fields(out, fields(), config.*member);
               out << YAML::EndMap;
             })
      .with_keys(fields);
}

// The keys every function takes, at the platform level (defaults for all) or per pool.
const FieldTable<FunctionConfig>& function_fields() {
  static const FieldTable<FunctionConfig> table = {
      integer_field<FunctionConfig>("memory_mb", &FunctionConfig::memory_mb, 128, 10240, "MB",
                                    "Memory of a sandbox (AWS Lambda's range). At 1769 MB a "
                                    "sandbox has one vCPU."),
      custom_field<FunctionConfig>(
          "cold_start",
          {"DIST or {profile: FILE}", "ms", "lognormal, median 226.9, p99 452.8", "",
           "Sandbox and runtime start. `{profile: FILE}` names a cold-start profile "
           "(`models/serverless/aws_coldstart_*.yaml`). The default is the AWS Lambda Python fit, "
           "`models/serverless/aws_coldstart_python.yaml`."},
          [](const YamlValue& value, FunctionConfig& out, const MapReader&) {
            out.cold_start = parse_cold_start(value, out.cold_start_profile);
          },
          [](YAML::Emitter& out, const FunctionConfig& function) {
            if (function.cold_start_profile.empty()) {
              emit_distribution(out, function.cold_start, true);
              return;
            }
            out << YAML::Flow << YAML::BeginMap;
            out << YAML::Key << "profile" << YAML::Value << function.cold_start_profile;
            out << YAML::EndMap;
            const dist::DistributionSpec& spec = function.cold_start;
            out << YAML::Comment(
                fmt::format("{}: median {:.6g}, p99 {:.6g}", dist::family_name(spec.family),
                            dist::quantile_of(spec, 0.5), dist::quantile_of(spec, 0.99)));
          }),
      custom_field<FunctionConfig>(
          "model_load",
          {"DIST", "ms", "0 (constant)", "",
           "Loading the model into a new sandbox, added to every cold start."},
          [](const YamlValue& value, FunctionConfig& out, const MapReader&) {
            out.model_load = parse_distribution(value);
          },
          [](YAML::Emitter& out, const FunctionConfig& function) {
            emit_distribution(out, function.model_load, true);
          }),
      // Given keys replace the inherited ones.
      flow_map<FunctionConfig, KeepAliveConfig>(
          "keep_alive", &FunctionConfig::keep_alive, keep_alive_fields,
          "Keep-alive policy and its settings.", check_keep_alive),
      integer_field<FunctionConfig>("provisioned", &FunctionConfig::provisioned, 0, kMaxInstances,
                                    "sandboxes",
                                    "Always-warm sandboxes, created at time 0. They never expire "
                                    "and are used before on-demand ones."),
      integer_field<FunctionConfig>("concurrency_limit", &FunctionConfig::concurrency_limit, 0,
                                    kMaxInstances, "invocations",
                                    "Invocations of this function in flight at once. 0 means only "
                                    "the account limit applies."),
      custom_field<FunctionConfig>(
          "on_throttle", {"string", "", "drop", "drop, retry", "What a throttled invocation does."},
          [](const YamlValue& value, FunctionConfig& out, const MapReader&) {
            out.on_throttle = value.as_choice("on_throttle", {"drop", "retry"}) == "drop"
                                  ? cluster::ThrottleAction::kDrop
                                  : cluster::ThrottleAction::kRetry;
          },
          [](YAML::Emitter& out, const FunctionConfig& function) {
            out << (function.on_throttle == cluster::ThrottleAction::kDrop ? "drop" : "retry");
          }),
      flow_map<FunctionConfig, RetryConfig>("retry", &FunctionConfig::retry, retry_fields,
                                            "The backoff of `on_throttle: retry`."),
      number_field<FunctionConfig>("profile_vcpus", &FunctionConfig::profile_vcpus,
                                   NumberRange{0, 1000, true, false}, "vCPUs",
                                   "vCPUs the model's latency profile was measured with. "
                                   "Execution time = profile time × max(1, profile_vcpus × 1769 / "
                                   "memory_mb)."),
      boolean_field<FunctionConfig>("bill_init", &FunctionConfig::bill_init,
                                    "Bill the init phase (cold start + model load) that an "
                                    "invocation waited for."),
  };
  return table;
}

// The checks between a function's keys, after they are read.
void check_function(const MapReader& map, const FunctionConfig& out) {
  if (out.on_throttle != cluster::ThrottleAction::kRetry) return;
  const RetryConfig& retry = out.retry;
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

const FieldTable<ServerlessPricing>& pricing_fields() {
  static const FieldTable<ServerlessPricing> table = {
      number_field<ServerlessPricing>("usd_per_gb_s", &ServerlessPricing::usd_per_gb_s, at_least(0),
                                      "USD per GB-s",
                                      "Price of billed duration (x86). Duration is rounded up to "
                                      "1 ms, and GB = memory_mb / 1024."),
      number_field<ServerlessPricing>("usd_per_million_requests",
                                      &ServerlessPricing::usd_per_million_requests, at_least(0),
                                      "USD",
                                      "Price per million invocations. Throttled tries are not "
                                      "billed."),
      number_field<ServerlessPricing>(
          "usd_per_provisioned_gb_s", &ServerlessPricing::usd_per_provisioned_gb_s, at_least(0),
          "USD per GB-s", "Price per GB-second that a provisioned sandbox exists."),
  };
  return table;
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

namespace {

using Pools = std::vector<cluster::PoolConfig>;
using Models = std::map<std::string, cluster::ModelConfig>;

// A function key of the platform level: the platform's default function.
Field<PlatformConfig> platform_function_key(const Field<FunctionConfig>& field) {
  Field<PlatformConfig> lifted;
  lifted.name = field.name;
  lifted.doc = field.doc;
  lifted.kinds = {"serverless"};
  lifted.nested = field.nested;
  lifted.read = [read = field.read](const YamlValue& value, PlatformConfig& out,
                                    const MapReader& map) {
    read(value, out.serverless.function, map);
  };
  lifted.print = [print = field.print](YAML::Emitter& out, const PlatformConfig& platform) {
    print(out, platform.serverless.function);
  };
  return lifted;
}

bool serverless(const PlatformConfig& platform) {
  return platform.kind == cluster::PlatformKind::kServerless;
}

const char* kind_name(const PlatformConfig& platform) {
  return serverless(platform) ? "serverless" : "servers";
}

// `pools` and `models` check the names under `functions`; null for the printer and the docs.
FieldTable<PlatformConfig> platform_fields(const Pools* pools = nullptr,
                                           const Models* models = nullptr) {
  FieldTable<PlatformConfig> table = {
      custom_field<PlatformConfig>(
          "kind",
          {"string", "", "servers", "servers, serverless",
           "`servers`: each pool is a fixed set of instances billed per hour. `serverless`: each "
           "pool is one cloud function whose sandboxes start on demand (cold starts), are kept "
           "alive by a keep-alive policy, and are billed per request and per GB-second. Each kind "
           "takes only its own keys."},
          [](const YamlValue& value, PlatformConfig& out, const MapReader&) {
            out.kind = value.as_choice("platform kind", {"servers", "serverless"}) == "servers"
                           ? cluster::PlatformKind::kServers
                           : cluster::PlatformKind::kServerless;
          },
          [](YAML::Emitter& out, const PlatformConfig& platform) { out << kind_name(platform); }),
      number_field<PlatformConfig>("usd_per_instance_hour", &PlatformConfig::usd_per_instance_hour,
                                   at_least(0), "USD per instance-hour",
                                   "Price of one instance for one hour. It applies to every "
                                   "instance of every built pool, including the instances "
                                   "`equal_resources` adds and the parity or backup pool.")
          .printed_when([](const PlatformConfig& platform) { return !serverless(platform); }),
  };
  table.back().kinds = {"servers"};
  for (const Field<FunctionConfig>& field : function_fields()) {
    table.push_back(platform_function_key(field));
    table.back().printed = serverless;
  }
  table.push_back(
      custom_field<PlatformConfig>(
          "account_concurrency_limit",
          {"integer", "invocations",
           fmt::format("{}", default_config<cluster::ServerlessConfig>().account_concurrency_limit),
           integer_range_text(0, kMaxInstances),
           "Invocations in flight over all functions. 0 means no limit."},
          [](const YamlValue& value, PlatformConfig& out, const MapReader&) {
            out.serverless.account_concurrency_limit = value.as_int(0, kMaxInstances);
          },
          [](YAML::Emitter& out, const PlatformConfig& platform) {
            out << fmt::format("{}", platform.serverless.account_concurrency_limit);
          })
          .printed_when(serverless));
  table.push_back(custom_field<PlatformConfig>(
                      "pricing", {"map", "", "", "", "What the functions cost (keys below)."},
                      [](const YamlValue& value, PlatformConfig& out, const MapReader&) {
                        read_map(value, pricing_fields(), out.serverless.pricing);
                      },
                      [](YAML::Emitter& out, const PlatformConfig& platform) {
                        out << YAML::Flow << YAML::BeginMap;
                        print_fields(out, pricing_fields(), platform.serverless.pricing);
                        out << YAML::EndMap;
                      })
                      .printed_when(serverless)
                      .with_keys(pricing_fields));
  // A pool's own settings; keys it leaves out come from the platform level. A model's name also
  // works: the pools an ensemble makes for its members are named after their models.
  table.push_back(
      custom_field<PlatformConfig>(
          "functions",
          {"map of names to function keys", "", "{}",
           "names: a pool name, or a model name (an ensemble's pools are named after their models)",
           "Each pool's own function settings; the keys it leaves out come from the platform "
           "level."},
          [pools, models](const YamlValue& value, PlatformConfig& out, const MapReader&) {
            std::vector<std::string> names;
            for (const auto& pool : *pools) names.push_back(pool.name);
            for (const auto& [model, unused] : *models) {
              if (std::find(names.begin(), names.end(), model) == names.end()) {
                names.push_back(model);
              }
            }
            for (const auto& [key, item] : map_entries(value)) {
              const std::string name = key.as_string();
              if (std::find(names.begin(), names.end(), name) == names.end()) {
                key.fail(unknown_name_message("pool or model", name, names));
              }
              FunctionConfig function = out.serverless.function;
              check_function(read_map(item, function_fields(), function), function);
              out.serverless.functions[name] = function;
            }
          },
          [](YAML::Emitter& out, const PlatformConfig& platform) {
            if (platform.serverless.functions.empty()) out << YAML::Flow;
            out << YAML::BeginMap;
            for (const auto& [pool, function] : platform.serverless.functions) {
              out << YAML::Key << pool << YAML::Value << YAML::BeginMap;
              print_fields(out, function_fields(), function);
              out << YAML::EndMap;
            }
            out << YAML::EndMap;
          })
          .printed_when(serverless));
  for (std::size_t index = 2; index < table.size(); ++index) table[index].kinds = {"serverless"};
  return table;
}

// The keys `kind` takes.
std::vector<std::string> platform_keys_of(const FieldTable<PlatformConfig>& table,
                                          const std::string& kind) {
  std::vector<std::string> names;
  for (const Field<PlatformConfig>& field : table) {
    if (field.kinds.empty() ||
        std::find(field.kinds.begin(), field.kinds.end(), kind) != field.kinds.end()) {
      names.push_back(field.name);
    }
  }
  return names;
}

}  // namespace

const FieldTable<PlatformConfig>& platform_keys() {
  static const FieldTable<PlatformConfig> table = platform_fields();
  return table;
}

void parse_platform(const YamlValue& value, const Pools& pools, const YamlValue& pools_value,
                    const Models& models, PlatformConfig& out) {
  const FieldTable<PlatformConfig> table = platform_fields(&pools, &models);
  const MapReader map(value, field_names(table));
  // The kind first: it decides which keys the map may hold.
  if (const auto kind = map.get(table.front().name)) table.front().read(*kind, out, map);
  map.restrict_to(platform_keys_of(table, kind_name(out)),
                  std::string("platform kind ") + kind_name(out));
  read_fields(map, table, out);
  if (!serverless(out)) return;
  check_function(map, out.serverless.function);
  check_serverless_pools(pools, pools_value);
}

void print_platform(YAML::Emitter& out, const PlatformConfig& platform) {
  if (!serverless(platform)) out << YAML::Flow;
  out << YAML::BeginMap;
  print_fields(out, platform_keys(), platform);
  out << YAML::EndMap;
}

}  // namespace servesim::io
