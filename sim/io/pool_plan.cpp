// File: sim/io/pool_plan.cpp
#include "sim/io/pool_plan.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>

#include "sim/cluster/service_model.hpp"
#include "sim/io/hardware_split.hpp"
#include "sim/io/limits.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::io {

int equal_resources_instances(int instances, int k, int r) {
  const std::int64_t grown = (std::int64_t{instances} * (k + r) + k - 1) / k;
  if (grown > kMaxInstances) {
    throw KeyError("redundancy",
                   fmt::format("equal_resources grows pools.0 from {} to {} instances (k = {}, "
                               "r = {}); at most {} instances per pool",
                               instances, grown, k, r, kMaxInstances));
  }
  return static_cast<int>(grown);
}

namespace {

std::string pool_path(std::size_t idx) { return "pools." + std::to_string(idx); }

// An ensemble's pools: for each member, the pool serving its model, else one made like the
// first pool (same instances, queue and batching) and named after the model. Every pool must
// serve some member.
PoolPlan plan_ensemble_pools(const scenario::ScenarioConfig& config) {
  PoolPlan plan;
  plan.redundancy = config.redundancy;
  std::vector<bool> used(config.pools.size(), false);
  for (const std::string& member : config.ensemble->members) {
    int found = -1;
    for (std::size_t idx = 0; idx < config.pools.size(); ++idx) {
      if (config.pools[idx].model == member && !used[idx]) {
        found = static_cast<int>(idx);
        break;
      }
    }
    if (found >= 0) {
      used[static_cast<std::size_t>(found)] = true;
      plan.pools.push_back(config.pools[static_cast<std::size_t>(found)]);
    } else {
      cluster::PoolConfig pool = config.pools.front();
      pool.name = member;
      pool.model = member;
      plan.pools.push_back(pool);
    }
    plan.member_pools.push_back(static_cast<int>(plan.pools.size()) - 1);
  }
  for (std::size_t idx = 0; idx < config.pools.size(); ++idx) {
    const bool is_template = idx == 0;  // the first pool may only serve as the template
    if (!used[idx] && !is_template) {
      throw KeyError(pool_path(idx), "'" + config.pools[idx].name + "' serves no ensemble member");
    }
  }
  return plan;
}

}  // namespace

PoolPlan plan_pools(const scenario::ScenarioConfig& config) {
  if (config.ensemble) return plan_ensemble_pools(config);
  PoolPlan plan;
  plan.redundancy = config.redundancy;
  const std::string& kind = config.redundancy.kind;
  const policy::RedundancyNeeds& needs = policy::redundancy_entry(kind).needs;
  cluster::PoolConfig primary = config.pools.front();
  // hardware.instances: equal hardware across kinds (hardware_split.hpp).
  std::optional<HardwareSplit> split;
  if (config.hardware_instances > 0) {
    split =
        split_hardware(config.hardware_instances, kind, config.redundancy.k, config.redundancy.r);
    primary.instances = split->first;
  } else if (needs.grows_first_pool) {
    primary.instances =
        equal_resources_instances(primary.instances, config.redundancy.k, config.redundancy.r);
  }
  if (needs.codes_batches && primary.batching.max_batch > 1) {
    // ParM codes batches when batching: the frontend forms the batches (coding units), waiting
    // up to the pool's batching timeout for a full one, and the pools serve each unit as one
    // batch as soon as an instance is free.
    plan.redundancy.unit_size = primary.batching.max_batch;
    plan.redundancy.unit_timeout = primary.batching.timeout;
    primary.batching.timeout = 0;
  }
  plan.pools.push_back(primary);
  if (needs.extra_pool == policy::ExtraPool::kNone) {
    if (config.pools.size() > 1) {
      throw KeyError(pool_path(1), "'" + config.pools[1].name + "': redundancy kind '" + kind +
                                       "' serves requests from the first pool only; remove the "
                                       "other pools");
    }
    return plan;
  }
  const std::string wanted = config.redundancy.pool.empty() ? kind : config.redundancy.pool;
  const cluster::PoolConfig* found = nullptr;
  std::size_t found_idx = 0;
  for (std::size_t idx = 1; idx < config.pools.size(); ++idx) {
    if (config.pools[idx].name != wanted) {
      throw KeyError(pool_path(idx) + ".name",
                     "'" + config.pools[idx].name + "': redundancy kind '" + kind +
                         "' uses only the first pool and '" + wanted + "'");
    }
    found = &config.pools[idx];
    found_idx = idx;
  }
  if (found != nullptr) {
    plan.pools.push_back(*found);
    if (plan.redundancy.unit_size > 1) {
      // A query of coded batches is one batch of unit_size encoded queries.
      cluster::PoolConfig& extra = plan.pools.back();
      if (extra.batching.max_batch != plan.redundancy.unit_size) {
        throw KeyError(pool_path(found_idx) + ".batching.max_batch",
                       kind +
                           " coding of batches needs the same batch size as the deployed "
                           "pool (" +
                           std::to_string(plan.redundancy.unit_size) + "), got " +
                           std::to_string(extra.batching.max_batch));
      }
      extra.batching.timeout = 0;
    }
  } else if (needs.extra_pool == policy::ExtraPool::kNamedOrBuilt &&
             config.redundancy.pool.empty()) {
    // ParM deploys n/k parity-model instances for r = 1 (parm_testbed.md, "Modes"); the parity
    // model has the deployed model's architecture, hence its latency profile.
    const int units = needs.extra_units == policy::ExtraUnits::kR ? config.redundancy.r : 1;
    cluster::PoolConfig extra = primary;
    extra.name = kind;
    extra.instances = (primary.instances * units + config.redundancy.k - 1) / config.redundancy.k;
    plan.pools.push_back(extra);
  } else {
    throw KeyError("redundancy.pool", "redundancy kind '" + kind + "' needs a pool named '" +
                                          wanted + "' in pools (its instances serve the " + kind +
                                          " queries)");
  }
  if (split) plan.pools.back().instances = split->second;
  plan.redundancy.pool_index = 1;
  return plan;
}

namespace {

// A serverless platform has no instances to slow down, fail or grow: parts of a scenario that
// only servers can honour are errors rather than silently ignored.
void check_serverless(const scenario::ScenarioConfig& config) {
  if (config.platform.kind != cluster::PlatformKind::kServerless) return;
  const cluster::InterferenceConfig& interference = config.interference;
  const char* key = nullptr;
  if (interference.shuffles.count > 0) key = "interference.shuffles";
  if (interference.tenants.rate > 0) key = "interference.tenants";
  if (interference.episodes.enabled) key = "interference.episodes";
  if (!interference.background.empty()) key = "interference.background";
  if (interference.failures.mttf_s > 0) key = "interference.failures";
  if (config.network.stall.enabled()) key = "network.stall";
  if (config.network.sharing == cluster::NetworkSharing::kNic) key = "network.sharing";
  if (config.network.dispatch == cluster::Dispatch::kFrontend) key = "network.dispatch";
  if (key != nullptr) {
    throw KeyError(key,
                   "acts on server instances; platform.kind serverless has none (stragglers are "
                   "supported)");
  }
  const std::string& kind = config.redundancy.kind;
  if (!policy::redundancy_entry(kind).needs.serverless) {
    throw KeyError("redundancy.kind", kind +
                                          " grows a pool's instances; platform.kind "
                                          "serverless scales functions by itself");
  }
}

}  // namespace

void check_scenario_fits(const scenario::ScenarioConfig& config) {
  check_serverless(config);
  const PoolPlan plan = plan_pools(config);
  const cluster::TenantConfig& tenant = config.interference.tenants;
  if (tenant.rate > 0) {
    bool built = false;
    for (const cluster::PoolConfig& pool : plan.pools) built = built || pool.name == tenant.pool;
    if (!built) {
      throw KeyError("interference.tenants.pool",
                     "no pool '" + tenant.pool +
                         "' is built: the redundancy kind or ensemble does not use it");
    }
  }
  // A pool an ensemble builds for a member takes the first pool's batching, which the member's
  // model must be able to serve (its own pools were checked when read).
  for (std::size_t member = 0; member < plan.member_pools.size(); ++member) {
    const cluster::PoolConfig& pool =
        plan.pools[static_cast<std::size_t>(plan.member_pools[member])];
    try {
      const cluster::ServiceModel service(config.models.at(pool.model), pool.batching.max_batch);
    } catch (const core::ConfigError& error) {
      throw KeyError("ensemble.members." + std::to_string(member), error.what());
    }
  }
}

}  // namespace servesim::io
