// File: sim/io/cluster_yaml.cpp
#include "sim/io/cluster_yaml.hpp"
#include "sim/io/time_range.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "sim/io/did_you_mean.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/number_text.hpp"

namespace servesim::io {

namespace {

std::vector<std::string> pool_names(const std::vector<cluster::PoolConfig>& pools) {
  std::vector<std::string> names;
  for (const auto& pool : pools) names.push_back(pool.name);
  return names;
}

// Returns the max_batch value, if given, for checks that need the model.
std::optional<YamlValue> parse_batching(const YamlValue& value, cluster::BatchingConfig& out) {
  const MapReader map(value, {"max_batch", "timeout"});
  // max_batch: largest batch an instance runs, integer in [1, 100000], default 1.
  map.integer("max_batch", out.max_batch, 1, kMaxBatchSize);
  // timeout: ms an idle instance waits for a batch to fill, >= 0, default 0 (run at once).
  map.number("timeout", out.timeout, duration_ms_range());
  return map.get("max_batch");
}

cluster::PoolConfig parse_pool(const YamlValue& value,
                               const std::map<std::string, cluster::ModelConfig>& models,
                               const std::vector<cluster::PoolConfig>& earlier) {
  const MapReader map(value, {"name", "model", "instances", "queue", "batching", "queue_capacity"});
  cluster::PoolConfig pool;
  // name: unique name of the pool (names its RNG streams and output). Required.
  const YamlValue name = map.require("name");
  pool.name = name.as_string();
  if (pool.name.empty()) name.fail("a pool name must not be empty");
  for (std::size_t other = 0; other < earlier.size(); ++other) {
    if (earlier[other].name == pool.name) {
      name.fail(fmt::format("duplicate pool name '{}' (also pools.{})", pool.name, other));
    }
  }
  // model: the model it serves, a key of `models`. Required.
  const YamlValue model_value = map.require("model");
  pool.model = model_value.as_string();
  const auto model = models.find(pool.model);
  if (model == models.end()) {
    std::vector<std::string> names;
    for (const auto& [model_name, unused] : models) names.push_back(model_name);
    model_value.fail(unknown_name_message("model", pool.model, names));
  }
  // instances: number of identical instances, integer in [1, 1000000], default 1.
  map.integer("instances", pool.instances, 1, kMaxInstances);
  // queue: shared (one FIFO idle instances pull from) | per_instance (a FIFO per instance, the
  // load balancer picks), default shared.
  if (const auto queue = map.get("queue")) {
    pool.queue = queue->as_choice("queue", {"shared", "per_instance"}) == "shared"
                     ? cluster::QueueKind::kShared
                     : cluster::QueueKind::kPerInstance;
  }
  // batching: {max_batch, timeout}.
  std::optional<YamlValue> max_batch;
  if (const auto batching = map.get("batching"))
    max_batch = parse_batching(*batching, pool.batching);
  // A model with one batch size cannot be extrapolated to larger batches
  // (cluster/service_model.hpp); say so here, where the position is known. max_batch > 1 here,
  // so it was given.
  const auto& table = model->second.latency_by_batch;
  const int largest = table.rbegin()->first;
  if (table.size() < 2 && pool.batching.max_batch > largest && max_batch) {
    max_batch->fail(fmt::format(
        "model '{}' has a latency for batch size {} only; max_batch {} needs at least two "
        "batch sizes to extrapolate from",
        pool.model, largest, pool.batching.max_batch));
  }
  // queue_capacity: queries the pool holds waiting; more are dropped. >= 0, 0 = unbounded.
  map.integer("queue_capacity", pool.queue_capacity, 0, std::numeric_limits<std::int64_t>::max());
  return pool;
}

// A slowdown factor's distribution: a mean of 0 would make slowed batches take no time.
dist::DistributionSpec parse_slowdown(const YamlValue& value) {
  dist::DistributionSpec spec = parse_distribution(value);
  if (!(dist::mean_of(spec) > 0)) value.fail("must have a mean > 0 (a factor on service times)");
  return spec;
}

void parse_stragglers(const YamlValue& value, cluster::StragglerConfig& out) {
  const MapReader map(value, {"fraction", "slowdown"});
  // fraction: probability that a batch is a straggler, [0, 1], default 0.
  map.number("fraction", out.fraction, between(0, 1));
  // slowdown: DIST of the factor a straggler's service time is multiplied by, default 1.
  if (const auto slowdown = map.get("slowdown")) out.slowdown = parse_slowdown(*slowdown);
}

// A period distribution whose mean is below 1 ns would make an instance switch forever at one
// instant (the engine's progress guarantee, core/engine.hpp).
dist::DistributionSpec parse_period(const YamlValue& value) {
  dist::DistributionSpec spec = parse_distribution(value);
  if (!(dist::mean_of(spec) >= 1e-6)) {
    value.fail("must have a mean >= 1e-06 ms (1 ns, the clock's resolution)");
  }
  return spec;
}

void parse_episodes(const YamlValue& value, cluster::EpisodeConfig& out) {
  const MapReader map(value, {"instance_fraction", "on", "off", "slowdown"});
  out.enabled = true;
  // instance_fraction: share of each pool's instances that have episodes (rounded down),
  // [0, 1], default 1.
  map.number("instance_fraction", out.instance_fraction, between(0, 1));
  // on: DIST of an episode's length, ms, mean > 0. Required.
  out.on = parse_period(map.require("on"));
  // off: DIST of the time between episodes, ms, mean > 0. Required.
  out.off = parse_period(map.require("off"));
  // slowdown: DIST of the factor, drawn once per episode. Required.
  out.slowdown = parse_slowdown(map.require("slowdown"));
}

cluster::BackgroundLoadConfig parse_background_entry(
    const YamlValue& value, const std::vector<cluster::PoolConfig>& pools) {
  const MapReader map(value, {"pool", "instances", "schedule", "period"});
  cluster::BackgroundLoadConfig load;
  // pool: name of the pool it affects. Required.
  const YamlValue pool_value = map.require("pool");
  load.pool = pool_value.as_string();
  const auto pool = std::find_if(pools.begin(), pools.end(),
                                 [&](const cluster::PoolConfig& p) { return p.name == load.pool; });
  if (pool == pools.end())
    pool_value.fail(unknown_name_message("pool", load.pool, pool_names(pools)));
  // instances: indices of the affected instances within the pool, [0, instances - 1]. Required.
  const YamlValue instances = map.require("instances");
  for (const YamlValue& index : instances.as_list()) {
    const int instance = index.as_int(0, pool->instances - 1);
    if (std::find(load.instances.begin(), load.instances.end(), instance) != load.instances.end()) {
      index.fail(fmt::format("instance {} is listed twice", instance));
    }
    load.instances.push_back(instance);
  }
  if (load.instances.empty()) instances.fail("needs at least one instance index");
  // schedule: [{at, factor}, ...]: from `at` ms into the period the instances run `factor`
  // times slower (factor > 0). `at` ascending, the first 0. Required.
  const YamlValue schedule = map.require("schedule");
  for (const YamlValue& step_value : schedule.as_list()) {
    const MapReader step_map(step_value, {"at", "factor"});
    cluster::BackgroundLoadConfig::Step step;
    const YamlValue at = step_map.require("at");
    step.at = at.as_number(duration_ms_range());
    if (load.schedule.empty() && step.at != 0) at.fail("the first step must be at 0");
    if (!load.schedule.empty() && !(step.at > load.schedule.back().at)) {
      at.fail(fmt::format("steps must be in ascending order of `at` (got {} after {})",
                          format_number(step.at), format_number(load.schedule.back().at)));
    }
    step.factor = step_map.require("factor").as_number(greater_than(0));
    load.schedule.push_back(step);
  }
  if (load.schedule.empty()) schedule.fail("needs at least one step");
  // period: ms after which the schedule repeats; 0 = never (the last factor holds). >= 0 and,
  // when > 0, after the last step. Default 0.
  if (const auto period = map.get("period")) {
    load.period = period->as_number(duration_ms_range());
    if (load.period > 0 && load.period < 1e-6) {
      period->fail("must be 0 or >= 1e-06 ms (1 ns, the clock's resolution) (got " +
                   format_number(load.period) + ")");
    }
    if (load.period > 0 && !(load.period > load.schedule.back().at)) {
      period->fail(fmt::format("must be 0 or greater than the last step's at ({})",
                               format_number(load.schedule.back().at)));
    }
  }
  return load;
}

void parse_failures(const YamlValue& value, cluster::FailureConfig& out) {
  const MapReader map(value, {"mttf_s", "mttr_s"});
  // mttf_s: mean time to failure of each instance, seconds, >= 0; 0 = no failures (default).
  map.number("mttf_s", out.mttf_s, duration_s_range());
  // mttr_s: mean time to repair, seconds; > 0 when mttf_s > 0.
  map.number("mttr_s", out.mttr_s, duration_s_range());
  // A failure and its repair are one cycle of a self-rescheduling process: at least 1 ns.
  if (out.mttf_s > 0 && out.mttf_s + out.mttr_s < 1e-9) {
    map.require("mttf_s").fail("mttf_s + mttr_s must be >= 1e-09 s (1 ns, the clock's "
                               "resolution) (got " + format_number(out.mttf_s) + ")");
  }
  if (out.mttf_s > 0 && !(out.mttr_s > 0)) {
    const auto mttr = map.get("mttr_s");
    const std::string message = "must be > 0 when mttf_s > 0";
    if (mttr) mttr->fail(message + " (got " + format_number(out.mttr_s) + ")");
    map.require("mttr_s");  // absent: "required key is missing"
  }
}

}  // namespace

namespace {
// A probability, or a list of them indexed by the number of bulk transfers at the NIC.
std::vector<double> parse_probability_table(const YamlValue& value) {
  if (!value.is_list()) return {value.as_number(between(0, 1))};
  std::vector<double> table;
  for (const YamlValue& item : value.as_list()) table.push_back(item.as_number(between(0, 1)));
  if (table.empty()) value.fail("needs at least one probability");
  return table;
}

void parse_stall(const YamlValue& value, cluster::StallConfig& out) {
  const MapReader map(value, {"probability", "delay"});
  // probability: chance that one frontend <-> instance crossing stalls, in [0, 1]; or a list:
  // entry m for a crossing whose NIC carries m bulk transfers, the last for more. Required.
  out.probability_by_bulk = parse_probability_table(map.require("probability"));
  // delay: DIST of a stall's extra delay, ms (e.g. a retransmission timeout). Required.
  out.delay = parse_distribution(map.require("delay"));
}
}  // namespace

void parse_network(const YamlValue& value, cluster::NetworkConfig& out) {
  const MapReader map(value, {"client_frontend", "frontend_instance", "bandwidth_gbps", "sharing",
                              "stall", "dispatch"});
  // client_frontend: DIST of the one-way client <-> frontend delay, ms; absent or ~ = none.
  if (const auto hop = map.get("client_frontend"))
    out.client_frontend = parse_optional_distribution(*hop);
  // frontend_instance: DIST of the one-way frontend <-> instance delay, ms; absent or ~ = none.
  if (const auto hop = map.get("frontend_instance"))
    out.frontend_instance = parse_optional_distribution(*hop);
  // bandwidth_gbps: per-flow bandwidth of the frontend <-> instance hop, Gbit/s, >= 0;
  // 0 = infinite (default). With sharing nic: every host's NIC, > 0.
  if (const auto bandwidth = map.get("bandwidth_gbps")) {
    out.bandwidth_gbps = bandwidth->as_number(at_least(0));
    if (out.bandwidth_gbps != 0) out.bandwidth_gbps = bandwidth->as_number(bandwidth_gbps_range());
  }
  // sharing: per_flow (default: every crossing has the whole bandwidth) or nic (crossings share
  // their host's NIC with everything crossing it, bulk transfers included).
  if (const auto sharing = map.get("sharing")) {
    const std::string kind = sharing->as_choice("sharing", {"per_flow", "nic"});
    out.sharing = kind == "nic" ? cluster::NetworkSharing::kNic : cluster::NetworkSharing::kPerFlow;
    if (out.sharing == cluster::NetworkSharing::kNic && out.bandwidth_gbps == 0) {
      sharing->fail("nic needs a finite network.bandwidth_gbps (> 0) for the NICs");
    }
  }
  // stall: {probability, delay}: rare long delays of frontend <-> instance crossings.
  if (const auto stall = map.get("stall")) parse_stall(*stall, out.stall);
  // dispatch: pool (default: a copy crosses to its pool's queue, an instance holds it for its
  // compute) or frontend (the queue stays at the frontend; an instance is held for the round
  // trip, and both crossings go through its NIC).
  if (const auto dispatch = map.get("dispatch")) {
    out.dispatch = dispatch->as_choice("dispatch", {"pool", "frontend"}) == "frontend"
                       ? cluster::Dispatch::kFrontend
                       : cluster::Dispatch::kPool;
  }
}

std::vector<cluster::PoolConfig> parse_pools(
    const YamlValue& value, const std::map<std::string, cluster::ModelConfig>& models) {
  std::vector<cluster::PoolConfig> pools;
  for (const YamlValue& item : value.as_list()) pools.push_back(parse_pool(item, models, pools));
  if (pools.empty()) value.fail("needs at least one pool");
  return pools;
}

namespace {
void parse_shuffles(const YamlValue& value, cluster::ShuffleConfig& out) {
  const MapReader map(value,
                      {"count", "min_mb", "max_mb", "bandwidth_gbps", "slowdown_per_transfer",
                       "slowdown_by_transfers"});
  // count: concurrent bulk transfers (ParM: 4, swept 2..5), integer in [0, 10000]; 0 = off.
  map.integer("count", out.count, 0, 10000);
  // min_mb, max_mb: each transfer moves U{min_mb..max_mb} MB each way (ParM: 128..256).
  map.integer("min_mb", out.min_mb, 1, 1000000);
  map.integer("max_mb", out.max_mb, 1, 1000000);
  if (out.max_mb < out.min_mb) {
    throw map.require("max_mb").error("must be >= min_mb (" + std::to_string(out.min_mb) + ")");
  }
  // bandwidth_gbps: each instance's NIC, Gbit/s, > 0 (default 10).
  map.number("bandwidth_gbps", out.bandwidth_gbps, bandwidth_gbps_range());
  // slowdown_per_transfer: extra slowdown of an instance's batches per transfer it takes part
  // in, >= 0; or slowdown_by_transfers: the factor (> 0) for 1, 2, ... transfers, the last
  // entry for more. An assumption of the scenario: one of the two is required when count > 0.
  const auto table = map.get("slowdown_by_transfers");
  if (table) {
    if (map.has("slowdown_per_transfer")) {
      table->fail("give slowdown_per_transfer or slowdown_by_transfers, not both");
    }
    for (const YamlValue& item : table->as_list()) {
      out.slowdown_by_transfers.push_back(item.as_number(between(1e-6, 1e6)));
    }
    if (out.slowdown_by_transfers.empty()) table->fail("needs at least one factor");
  } else if (out.count > 0) {
    out.slowdown_per_transfer = map.require("slowdown_per_transfer").as_number(at_least(0));
  } else {
    map.number("slowdown_per_transfer", out.slowdown_per_transfer, at_least(0));
  }
}

void parse_tenants(const YamlValue& value, const std::vector<cluster::PoolConfig>& pools,
                   const std::map<std::string, cluster::ModelConfig>& models,
                   cluster::TenantConfig& out) {
  const MapReader map(value, {"rate", "pool", "instances", "model", "slowdown"});
  // rate: co-located jobs per second (ParM: 28 on GPU, 16 on CPU), >= 0; 0 = off.
  rate_or_zero(map, "rate", out.rate);
  if (out.rate == 0) return;
  // pool: the pool whose first `instances` instances host the tenant. Required.
  const YamlValue pool_value = map.require("pool");
  out.pool = pool_value.as_string();
  const cluster::PoolConfig* pool = nullptr;
  for (const auto& candidate : pools) {
    if (candidate.name == out.pool) pool = &candidate;
  }
  if (pool == nullptr) throw pool_value.error("no pool named '" + out.pool + "'");
  // instances: how many of them host a tenant instance (ParM: 2), in [1, pool instances].
  out.instances = map.require("instances").as_int(1, pool->instances);
  // model: the tenant's model (its batch-1 latency), a key of models. Required.
  const YamlValue model_value = map.require("model");
  out.model = model_value.as_string();
  if (!models.count(out.model)) throw model_value.error("no model named '" + out.model + "'");
  // slowdown: factor on the host instance's batches while a tenant job runs, >= 1. An
  // assumption of the scenario (2 = fair time-sharing of one accelerator). Required.
  out.slowdown = map.require("slowdown").as_number(at_least(1));
}
}  // namespace

void parse_interference(const YamlValue& value, const std::vector<cluster::PoolConfig>& pools,
                        const std::map<std::string, cluster::ModelConfig>& models,
                        cluster::InterferenceConfig& out) {
  const MapReader map(value,
                      {"stragglers", "episodes", "background", "failures", "shuffles", "tenants"});
  // shuffles: ParM's bulk transfers between random instance pairs (see docs/scenario.md).
  if (const auto shuffles = map.get("shuffles")) parse_shuffles(*shuffles, out.shuffles);
  // tenants: ParM's co-located second serving system.
  if (const auto tenants = map.get("tenants")) parse_tenants(*tenants, pools, models, out.tenants);
  // stragglers: {fraction, slowdown}: independent slow batches.
  if (const auto stragglers = map.get("stragglers")) parse_stragglers(*stragglers, out.stragglers);
  // episodes: {instance_fraction, on, off, slowdown}: instances alternating normal and slow
  // periods. Present = enabled.
  if (const auto episodes = map.get("episodes")) parse_episodes(*episodes, out.episodes);
  // background: [{pool, instances, schedule, period}, ...]: time-varying co-located load.
  if (const auto background = map.get("background")) {
    out.background.clear();
    for (const YamlValue& entry : background->as_list()) {
      out.background.push_back(parse_background_entry(entry, pools));
    }
  }
  // failures: {mttf_s, mttr_s}: instances fail and are repaired.
  if (const auto failures = map.get("failures")) parse_failures(*failures, out.failures);
}

}  // namespace servesim::io
