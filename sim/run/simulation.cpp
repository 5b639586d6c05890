// File: sim/run/simulation.cpp
#include "sim/run/simulation.hpp"

#include <chrono>

#include "sim/cluster/arrival_process.hpp"
#include "sim/cluster/frontend.hpp"
#include "sim/cluster/request_recorder.hpp"
#include "sim/cluster/service_model.hpp"
#include "sim/core/engine.hpp"
#include "sim/core/error.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"

namespace servesim::run {

int equal_resources_instances(int instances, int k, int r) {
  return (instances * (k + r) + k - 1) / k;
}

namespace {

cluster::PoolSetup make_pool_setup(const scenario::ScenarioConfig& config,
                                   cluster::PoolConfig pool, std::uint64_t replication) {
  const cluster::ModelConfig& model = config.models.at(pool.model);
  cluster::PoolSetup setup{
      .config = pool,
      .service = cluster::ServiceModel(model, pool.batching.max_batch),
      .balancer = policy::make_load_balancer(config.load_balancer),
      .stragglers = config.interference.stragglers,
      .episodes = config.interference.episodes,
      .background = {},
      .failures = config.interference.failures,
      .seed = config.seed,
      .replication = replication,
  };
  for (const auto& load : config.interference.background) {
    if (load.pool == pool.name) setup.background.push_back(load);
  }
  return setup;
}

cluster::RecorderConfig make_recorder_config(const scenario::ScenarioConfig& config,
                                             const cluster::ModelConfig& model) {
  cluster::RecorderConfig recorder;
  recorder.warmup = static_cast<std::uint64_t>(config.run.warmup);
  recorder.slo = core::Time::from_ms(config.slo_ms);
  // A replica runs the same model as the primary, so it is as accurate.
  recorder.accuracy_by_path[static_cast<std::size_t>(policy::ServedAs::kPrimary)] = model.accuracy;
  recorder.accuracy_by_path[static_cast<std::size_t>(policy::ServedAs::kReplica)] = model.accuracy;
  return recorder;
}

}  // namespace

namespace {
// Requests are served by the first pool. Redundancy kinds that need pools of their own (parity,
// backup) will claim later pools; until then a second pool would silently do nothing.
cluster::PoolConfig primary_pool(const scenario::ScenarioConfig& config) {
  if (config.pools.size() > 1) {
    throw core::ConfigError("pools[1] '" + config.pools[1].name +
                            "': redundancy kind '" + config.redundancy.kind +
                            "' serves requests from the first pool only; remove the other pools");
  }
  cluster::PoolConfig primary = config.pools.front();
  if (config.redundancy.kind == "equal_resources") {
    primary.instances =
        equal_resources_instances(primary.instances, config.redundancy.k, config.redundancy.r);
  }
  if (config.redundancy.kind == "replicate" &&
      config.redundancy.r + 1 > cluster::Frontend::kMaxCopies) {
    throw core::ConfigError("redundancy.r: at most " +
                            std::to_string(cluster::Frontend::kMaxCopies - 1) +
                            " extra copies are supported (got " +
                            std::to_string(config.redundancy.r) + ")");
  }
  return primary;
}
}  // namespace

void check_buildable(const scenario::ScenarioConfig& config) {
  const cluster::PoolConfig primary = primary_pool(config);
  const cluster::ServiceModel service(config.models.at(primary.model), primary.batching.max_batch);
  policy::make_load_balancer(config.load_balancer);
  policy::make_redundancy_policy(config.redundancy);
}

ReplicationResult run_replication(const scenario::ScenarioConfig& config,
                                  std::uint64_t replication, std::ostream* trace) {
  SERVESIM_ASSERT(!config.pools.empty(), "scenario without pools reached run/");
  const auto wall_start = std::chrono::steady_clock::now();
  const cluster::PoolConfig primary = primary_pool(config);

  core::Engine engine;
  cluster::TaskTable tasks;
  const std::uint64_t total =
      static_cast<std::uint64_t>(config.run.warmup) + static_cast<std::uint64_t>(config.run.requests);
  cluster::RequestRecorder recorder(make_recorder_config(config, config.models.at(primary.model)));
  if (trace != nullptr) recorder.attach_trace(trace);
  auto policy = policy::make_redundancy_policy(config.redundancy);

  // The frontend is the pool's listener and the pool is the frontend's target: build the pool
  // with a forwarding listener bound once the frontend exists.
  struct Forward final : cluster::PoolListener {
    cluster::PoolListener* target = nullptr;
    void on_task_finished(cluster::TaskSlot task) override { target->on_task_finished(task); }
    void on_task_refused(cluster::TaskSlot task) override { target->on_task_refused(task); }
  } forward;
  cluster::InstancePool pool(engine, make_pool_setup(config, primary, replication), tasks, forward);

  cluster::FrontendSetup frontend_setup{
      .network = config.network,
      .payload_bytes = config.workload.payload_bytes,
      .response_bytes = config.workload.response_bytes,
      .total_requests = total,
      .seed = config.seed,
      .replication = replication,
  };
  cluster::ArrivalProcess arrivals(
      config.workload.arrival, core::RngStream(config.seed, replication, "workload/arrivals"));
  cluster::Frontend frontend(engine, frontend_setup, std::move(arrivals), pool, tasks, *policy,
                             recorder);
  forward.target = &frontend;

  frontend.start();
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
  result.events = engine.events_executed();
  result.simulated_s = engine.now().s();
  const double simulated_s = result.simulated_s;
  PoolResult pool_result{pool.name(), pool.instances(), 0, pool.stats()};
  pool_result.stats.busy_ns = pool.busy_ns(engine.now());
  if (simulated_s > 0) {
    pool_result.utilization = static_cast<double>(pool_result.stats.busy_ns) * 1e-9 /
                              (simulated_s * pool.instances());
  }
  result.pools.push_back(pool_result);
  result.cost_usd =
      config.platform.usd_per_instance_hour * pool.instances() * simulated_s / 3600.0;
  result.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  SERVESIM_ASSERT(frontend.stats().requests_resolved == frontend.stats().requests_sent,
                  "a request was neither answered nor dropped");
  return result;
}

}  // namespace servesim::run
