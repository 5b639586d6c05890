// File: sim/run/simulation.cpp
#include "sim/run/simulation.hpp"
#include "sim/run/hardware_split.hpp"
#include "sim/run/run_monitor.hpp"

#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "sim/cluster/arrival_process.hpp"
#include "sim/cluster/bulk_transfers.hpp"
#include "sim/cluster/co_located_tenants.hpp"
#include "sim/cluster/concurrency_counter.hpp"
#include "sim/cluster/frontend.hpp"
#include "sim/cluster/function_pool.hpp"
#include "sim/cluster/request_recorder.hpp"
#include "sim/cluster/service_model.hpp"
#include "sim/core/engine.hpp"
#include "sim/core/error.hpp"
#include "sim/io/limits.hpp"
#include "sim/policy/ensemble/ensemble_policy.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"

namespace servesim::run {

const char* trace_header() { return cluster::RequestRecorder::kTraceHeader; }

int equal_resources_instances(int instances, int k, int r) {
  const std::int64_t grown = (std::int64_t{instances} * (k + r) + k - 1) / k;
  if (grown > io::kMaxInstances) {
    throw core::ConfigError(fmt::format(
        "redundancy: equal_resources grows pools.0 from {} to {} instances (k = {}, r = {}); at "
        "most {} instances per pool",
        instances, grown, k, r, io::kMaxInstances));
  }
  return static_cast<int>(grown);
}

namespace {

bool uses_second_pool(const std::string& kind) { return kind == "parity" || kind == "backup"; }

// The pools a run builds: the first serves requests (grown for equal_resources); parity and
// backup add the pool their queries go to. Any other pool would silently do nothing, so it is
// an error.
struct PoolPlan {
  std::vector<cluster::PoolConfig> pools;
  policy::RedundancyConfig redundancy;
  std::vector<int> member_pools;  // ensemble: the pool of each member
};

std::unique_ptr<policy::RedundancyPolicy> make_policy(const scenario::ScenarioConfig& config,
                                                      const PoolPlan& plan,
                                                      std::uint64_t replication) {
  if (config.ensemble) {
    return std::make_unique<policy::EnsemblePolicy>(*config.ensemble, plan.member_pools,
                                                    config.seed, replication);
  }
  policy::RedundancyConfig redundancy = plan.redundancy;
  redundancy.seed = config.seed;
  redundancy.replication = replication;
  return policy::make_redundancy_policy(redundancy);
}

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
      throw core::ConfigError("pools[" + std::to_string(idx) + "] '" + config.pools[idx].name +
                              "' serves no ensemble member");
    }
  }
  return plan;
}

PoolPlan plan_pools(const scenario::ScenarioConfig& config) {
  if (config.ensemble) return plan_ensemble_pools(config);
  PoolPlan plan;
  plan.redundancy = config.redundancy;
  const std::string& kind = config.redundancy.kind;
  cluster::PoolConfig primary = config.pools.front();
  // hardware.instances: equal hardware across kinds (hardware_split.hpp).
  std::optional<HardwareSplit> split;
  if (config.hardware_instances > 0) {
    split = split_hardware(config.hardware_instances, kind, config.redundancy.k,
                           config.redundancy.r);
    primary.instances = split->first;
  } else if (kind == "equal_resources") {
    primary.instances =
        equal_resources_instances(primary.instances, config.redundancy.k, config.redundancy.r);
  }
  if (kind == "parity" && primary.batching.max_batch > 1) {
    // ParM codes batches when batching: the frontend forms the batches (coding units), waiting
    // up to the pool's batching timeout for a full one, and the pools serve each unit as one
    // batch as soon as an instance is free.
    plan.redundancy.unit_size = primary.batching.max_batch;
    plan.redundancy.unit_timeout = primary.batching.timeout;
    primary.batching.timeout = 0;
  }
  if (kind == "replicate" && config.redundancy.r + 1 > cluster::Frontend::kMaxCopies) {
    throw core::ConfigError("redundancy.r: at most " +
                            std::to_string(cluster::Frontend::kMaxCopies - 1) +
                            " extra copies are supported (got " +
                            std::to_string(config.redundancy.r) + ")");
  }
  plan.pools.push_back(primary);
  if (!uses_second_pool(kind)) {
    if (config.pools.size() > 1) {
      throw core::ConfigError("pools[1] '" + config.pools[1].name + "': redundancy kind '" + kind +
                              "' serves requests from the first pool only; remove the other pools");
    }
    return plan;
  }
  const std::string wanted = config.redundancy.pool.empty() ? kind : config.redundancy.pool;
  const cluster::PoolConfig* found = nullptr;
  for (std::size_t idx = 1; idx < config.pools.size(); ++idx) {
    if (config.pools[idx].name != wanted) {
      throw core::ConfigError("pools[" + std::to_string(idx) + "] '" + config.pools[idx].name +
                              "': redundancy kind '" + kind + "' uses only the first pool and '" +
                              wanted + "'");
    }
    found = &config.pools[idx];
  }
  if (found != nullptr) {
    plan.pools.push_back(*found);
    if (plan.redundancy.unit_size > 1) {
      // A parity query of coded batches is one batch of unit_size encoded queries.
      cluster::PoolConfig& parity = plan.pools.back();
      if (parity.batching.max_batch != plan.redundancy.unit_size) {
        throw core::ConfigError(
            "pools." + parity.name + ".batching.max_batch: parity coding of batches needs the same "
            "batch size as the deployed pool (" + std::to_string(plan.redundancy.unit_size) +
            "), got " + std::to_string(parity.batching.max_batch));
      }
      parity.batching.timeout = 0;
    }
  } else if (kind == "parity" && config.redundancy.pool.empty()) {
    // ParM deploys n/k parity-model instances for r = 1 (parm_testbed.md, "Modes"); the parity
    // model has the deployed model's architecture, hence its latency profile.
    cluster::PoolConfig parity = primary;
    parity.name = "parity";
    parity.instances = (primary.instances * config.redundancy.r + config.redundancy.k - 1) /
                       config.redundancy.k;
    plan.pools.push_back(parity);
  } else {
    throw core::ConfigError("redundancy.pool: redundancy kind '" + kind + "' needs a pool named '" +
                            wanted + "' in pools (its instances serve the " + kind + " queries)");
  }
  if (split) plan.pools.back().instances = split->second;
  plan.redundancy.pool_index = 1;
  return plan;
}

cluster::PoolSetup make_pool_setup(const scenario::ScenarioConfig& config,
                                   const cluster::PoolConfig& pool, std::uint64_t replication) {
  cluster::PoolSetup setup{
      .config = pool,
      .service = cluster::ServiceModel(config.models.at(pool.model), pool.batching.max_batch),
      .balancer = policy::make_load_balancer(config.load_balancer),
      .stragglers = config.interference.stragglers,
      .episodes = config.interference.episodes,
      .background = {},
      .failures = config.interference.failures,
      .seed = config.seed,
      .replication = replication,
      .usd_per_instance_hour = config.platform.usd_per_instance_hour,
      .fast_paths = config.run.fast_paths,
  };
  for (const auto& load : config.interference.background) {
    if (load.pool == pool.name) setup.background.push_back(load);
  }
  return setup;
}

bool serverless(const scenario::ScenarioConfig& config) {
  return config.platform.kind == cluster::PlatformKind::kServerless;
}

// A serverless platform has no instances to slow down, fail or grow: parts of a scenario that
// only servers can honour are errors rather than silently ignored.
void check_serverless(const scenario::ScenarioConfig& config) {
  if (!serverless(config)) return;
  const cluster::InterferenceConfig& interference = config.interference;
  const char* key = nullptr;
  if (interference.shuffles.count > 0) key = "interference.shuffles";
  if (interference.tenants.rate > 0) key = "interference.tenants";
  if (interference.episodes.enabled) key = "interference.episodes";
  if (!interference.background.empty()) key = "interference.background";
  if (interference.failures.mttf_s > 0) key = "interference.failures";
  if (key != nullptr) {
    throw core::ConfigError(std::string(key) +
                            ": acts on server instances; platform.kind serverless has none "
                            "(stragglers are supported)");
  }
  if (config.redundancy.kind == "equal_resources") {
    throw core::ConfigError(
        "redundancy.kind: equal_resources grows a pool's instances; platform.kind serverless "
        "scales functions by itself");
  }
}

cluster::FunctionPoolSetup make_function_setup(const scenario::ScenarioConfig& config,
                                               const cluster::PoolConfig& pool,
                                               std::uint64_t replication) {
  return cluster::FunctionPoolSetup{
      .config = pool,
      .service = cluster::ServiceModel(config.models.at(pool.model), pool.batching.max_batch),
      .function = config.platform.serverless.function_for(pool.name),
      .pricing = config.platform.serverless.pricing,
      .stragglers = config.interference.stragglers,
      .seed = config.seed,
      .replication = replication,
  };
}

cluster::RecorderConfig make_recorder_config(const scenario::ScenarioConfig& config,
                                             const PoolPlan& plan) {
  using policy::ServedAs;
  const policy::RedundancyConfig& redundancy = plan.redundancy;
  cluster::RecorderConfig recorder;
  recorder.warmup = static_cast<std::uint64_t>(config.run.warmup);
  recorder.slo = core::Time::from_ms(config.slo_ms);
  auto path = [&recorder](ServedAs served) -> std::optional<double>& {
    return recorder.accuracy_by_path[static_cast<std::size_t>(served)];
  };
  // A replica runs the same model as the primary, so it is as accurate. An accuracy table row
  // (parity) takes precedence over the profile's number.
  const auto& primary_model = config.models.at(plan.pools.front().model);
  path(ServedAs::kPrimary) = redundancy.available_accuracy ? redundancy.available_accuracy
                                                           : primary_model.accuracy;
  path(ServedAs::kReplica) = path(ServedAs::kPrimary);
  path(ServedAs::kReconstructed) = redundancy.degraded_accuracy;
  if (redundancy.kind == "backup") {
    const auto& backup_model = config.models.at(plan.pools[1].model);
    path(ServedAs::kBackup) =
        redundancy.backup_accuracy ? redundancy.backup_accuracy : backup_model.accuracy;
  }
  path(ServedAs::kDefault) = redundancy.default_accuracy;
  if (config.ensemble) {
    // Ensemble answers carry their subset's accuracy; with no table it is unknown, never the
    // first member's.
    path(ServedAs::kPrimary).reset();
    path(ServedAs::kReplica).reset();
  }
  return recorder;
}

}  // namespace

void check_buildable(const scenario::ScenarioConfig& config) {
  check_serverless(config);
  const PoolPlan plan = plan_pools(config);
  for (const auto& pool : plan.pools) {
    const cluster::ServiceModel service(config.models.at(pool.model), pool.batching.max_batch);
  }
  policy::make_load_balancer(config.load_balancer);
  make_policy(config, plan, 0);
}

ReplicationResult run_replication(const scenario::ScenarioConfig& config,
                                  std::uint64_t replication, std::ostream* trace) {
  SERVESIM_ASSERT(!config.pools.empty(), "scenario without pools reached run/");
  const auto wall_start = std::chrono::steady_clock::now();
  check_serverless(config);
  const PoolPlan plan = plan_pools(config);

  core::Engine engine;
  engine.set_fast_paths(config.run.fast_paths);
  cluster::TaskTable tasks;
  const std::uint64_t total = static_cast<std::uint64_t>(config.run.warmup) +
                              static_cast<std::uint64_t>(config.run.requests);
  cluster::RequestRecorder recorder(make_recorder_config(config, plan));
  if (trace != nullptr) recorder.attach_trace(trace, replication);
  auto policy = make_policy(config, plan, replication);

  // The frontend listens to the pools and the pools are the frontend's targets: the pools are
  // built first and bound to the frontend once it exists.
  std::vector<std::unique_ptr<cluster::InstancePool>> server_pools;
  std::vector<cluster::InstancePool*> server_ptrs;
  std::vector<cluster::Pool*> pool_ptrs;
  // Serverless: one function per pool, all sharing the account's concurrency quota.
  cluster::ConcurrencyCounter account(config.platform.serverless.account_concurrency_limit);
  std::vector<std::unique_ptr<cluster::FunctionPool>> function_pools;
  for (const auto& pool : plan.pools) {
    if (serverless(config)) {
      function_pools.push_back(std::make_unique<cluster::FunctionPool>(
          engine, make_function_setup(config, pool, replication), &account, tasks));
      pool_ptrs.push_back(function_pools.back().get());
      continue;
    }
    server_pools.push_back(std::make_unique<cluster::InstancePool>(
        engine, make_pool_setup(config, pool, replication), tasks));
    server_ptrs.push_back(server_pools.back().get());
    pool_ptrs.push_back(server_pools.back().get());
  }

  cluster::FrontendSetup frontend_setup{
      .network = config.network,
      .payload_bytes = config.workload.payload_bytes,
      .response_bytes = config.workload.response_bytes,
      .total_requests = total,
      .max_queued = static_cast<std::uint64_t>(config.run.max_queued),
      .seed = config.seed,
      .replication = replication,
      .fast_paths = config.run.fast_paths,
  };
  cluster::ArrivalProcess arrivals(
      config.workload.arrival, core::RngStream(config.seed, replication, "workload/arrivals"),
      core::RngStream(config.seed, replication, "workload/resample"));
  cluster::Frontend frontend(engine, frontend_setup, std::move(arrivals), pool_ptrs, tasks,
                             *policy, recorder);
  for (cluster::Pool* pool : pool_ptrs) pool->set_listener(frontend);

  // Background load of ParM's experiments: over every pool (shuffles) or on one (tenants).
  std::unique_ptr<cluster::BulkTransfers> shuffles;
  if (config.interference.shuffles.count > 0) {
    shuffles = std::make_unique<cluster::BulkTransfers>(
        engine, config.interference.shuffles, server_ptrs,
        core::RngStream(config.seed, replication, "interference/shuffles"));
    shuffles->start();
  }
  std::unique_ptr<cluster::CoLocatedTenants> tenants;
  if (config.interference.tenants.rate > 0) {
    const auto& tenant = config.interference.tenants;
    cluster::InstancePool* host = nullptr;
    for (auto* pool : server_ptrs) {
      if (pool->name() == tenant.pool) host = pool;
    }
    if (host == nullptr) {
      throw core::ConfigError("interference.tenants.pool: no pool '" + tenant.pool +
                              "' is built for this redundancy kind");
    }
    tenants = std::make_unique<cluster::CoLocatedTenants>(
        engine, tenant, *host, cluster::ServiceModel(config.models.at(tenant.model), 1),
        config.seed, replication);
    tenants->start();
  }

  // Names for a stall's message (core/engine.hpp, progress guarantee).
  engine.name_target(&frontend, "workload, network and redundancy timers");
  for (cluster::Pool* pool : pool_ptrs) engine.name_target(pool, "pools." + pool->name());
  if (shuffles) engine.name_target(shuffles.get(), "interference.shuffles");
  if (tenants) engine.name_target(tenants.get(), "interference.tenants");
  RunMonitor monitor(engine, frontend, total,
                     std::vector<const cluster::Pool*>(pool_ptrs.begin(), pool_ptrs.end()),
                     *policy, recorder, core::Time::from_s(config.run.timeseries_s));
  frontend.start();
  monitor.start();
  engine.run();

  ReplicationResult result;
  result.latency = recorder.latency();
  result.offered = frontend.stats().requests_sent;
  result.measured = recorder.measured();
  for (int path = 0; path < policy::kServedAsCount; ++path) {
    result.served[static_cast<std::size_t>(path)] =
        recorder.served_count(static_cast<policy::ServedAs>(path));
  }
  result.within_slo = recorder.within_slo();
  result.accuracy = recorder.accuracy();
  result.copies_sent = frontend.stats().copies_sent;
  result.copies_cancelled = frontend.stats().copies_cancelled;
  result.policy_tasks_sent = frontend.stats().policy_tasks_sent;
  result.policy_tasks_cancelled = frontend.stats().policy_tasks_cancelled;
  result.events = engine.events_executed() - monitor.events();
  result.saturated_samples = engine.saturated_delays();
  result.simulated_s = engine.now().s();
  for (std::size_t pool_idx = 0; pool_idx < pool_ptrs.size(); ++pool_idx) {
    const cluster::Pool* pool = pool_ptrs[pool_idx];
    PoolResult pool_result{pool->name(), pool->instances(), 0, pool->stats()};
    pool_result.stats.busy_ns = pool->busy_ns(engine.now());
    if (result.simulated_s > 0 && pool->instances() > 0) {
      pool_result.utilization = static_cast<double>(pool_result.stats.busy_ns) * 1e-9 /
                                (result.simulated_s * pool->instances());
    }
    // Serverless: every pool is a function, in pool_ptrs order.
    if (serverless(config)) {
      pool_result.sandbox_s = function_pools[pool_idx]->sandbox_seconds(engine.now());
    }
    result.pools.push_back(pool_result);
    result.cost_usd += pool->cost_usd(engine.now());
    result.cost_parts += pool->cost_parts(engine.now());
  }
  result.cost_usd += policy->extra_cost_usd();
  result.cost_parts.orchestrator += policy->extra_cost_usd();
  result.hedge_threshold_ms = policy->hedge_threshold_ms();
  std::vector<double> utilizations;
  std::vector<std::string> pool_names;
  for (const PoolResult& pool : result.pools) {
    utilizations.push_back(pool.utilization);
    pool_names.push_back(pool.name);
  }
  result.stability = judge_stability(monitor.samples(), utilizations, pool_names);
  result.timeseries = monitor.take_samples();
  result.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  SERVESIM_ASSERT(frontend.stats().requests_resolved == frontend.stats().requests_sent,
                  "a request was neither answered nor dropped");
  return result;
}

}  // namespace servesim::run
