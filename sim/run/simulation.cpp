// File: sim/run/simulation.cpp
#include "sim/run/simulation.hpp"
#include "sim/run/run_monitor.hpp"

#include <chrono>
#include <memory>

#include "sim/cluster/arrival_process.hpp"
#include "sim/cluster/bulk_transfers.hpp"
#include "sim/cluster/co_located_tenants.hpp"
#include "sim/cluster/concurrency_counter.hpp"
#include "sim/cluster/frontend.hpp"
#include "sim/cluster/function_pool.hpp"
#include "sim/cluster/host_network.hpp"
#include "sim/cluster/request_recorder.hpp"
#include "sim/cluster/round_trip_carrier.hpp"
#include "sim/cluster/service_model.hpp"
#include "sim/core/engine.hpp"
#include "sim/core/error.hpp"
#include "sim/io/pool_plan.hpp"
#include "sim/policy/ensemble/ensemble_policy.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"
#include "sim/run/output_files.hpp"

namespace servesim::run {

std::string trace_header() { return io::csv_header(request_log_columns()); }

namespace {

using io::PoolPlan;

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
  if (policy::redundancy_entry(redundancy.kind).needs.extra_pool_serves_backup) {
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
  // The loader has run these checks with positions; a config built otherwise gets them here.
  io::check_scenario_fits(config);
  const PoolPlan plan = io::plan_pools(config);
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
  const PoolPlan plan = io::plan_pools(config);

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
  // Hosts and their NICs (network.sharing nic, network.stall): servers only (check_serverless).
  std::unique_ptr<cluster::HostNetwork> hosts;
  std::unique_ptr<cluster::RoundTripCarrier> carrier;
  if (config.network.uses_hosts()) {
    std::vector<int> instances;
    for (const auto* pool : server_ptrs) instances.push_back(pool->instances());
    hosts = std::make_unique<cluster::HostNetwork>(engine, config.network, instances, config.seed,
                                                   replication);
    if (config.network.dispatch == cluster::Dispatch::kFrontend) {
      carrier = std::make_unique<cluster::RoundTripCarrier>(
          engine, *hosts, tasks, config.network, config.workload.response_bytes, server_ptrs,
          config.seed, replication);
      for (std::uint32_t index = 0; index < server_ptrs.size(); ++index) {
        server_ptrs[index]->set_carrier(*carrier, index);
      }
    }
    frontend.use_network(*hosts, carrier.get());
  }

  // Background load of ParM's experiments: over every pool (shuffles) or on one (tenants).
  std::unique_ptr<cluster::BulkTransfers> shuffles;
  if (config.interference.shuffles.count > 0) {
    shuffles = std::make_unique<cluster::BulkTransfers>(
        engine, config.interference.shuffles, server_ptrs,
        core::RngStream(config.seed, replication, "interference/shuffles"));
    if (hosts) shuffles->attach_network(*hosts);
    shuffles->start();
  }
  std::unique_ptr<cluster::CoLocatedTenants> tenants;
  if (config.interference.tenants.rate > 0) {
    const auto& tenant = config.interference.tenants;
    cluster::InstancePool* host = nullptr;
    for (auto* pool : server_ptrs) {
      if (pool->name() == tenant.pool) host = pool;
    }
    SERVESIM_ASSERT(host != nullptr, "interference.tenants.pool names no built pool "
                                     "(io::check_scenario_fits lets none through)");
    tenants = std::make_unique<cluster::CoLocatedTenants>(
        engine, tenant, *host, cluster::ServiceModel(config.models.at(tenant.model), 1),
        config.seed, replication);
    tenants->start();
  }

  // Names for a stall's message (core/engine.hpp, progress guarantee).
  engine.name_target(&frontend, "workload, network and redundancy timers");
  for (cluster::Pool* pool : pool_ptrs) engine.name_target(pool, "pools." + pool->name());
  if (shuffles) engine.name_target(shuffles.get(), "interference.shuffles");
  if (hosts) engine.name_target(hosts.get(), "network");
  if (carrier) engine.name_target(carrier.get(), "network.dispatch");
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
