// File: tests/cluster/frontend_model_test.cpp
//
// Frontend with a real InstancePool and a redundancy policy, on a replayed trace of three
// arrivals and constant service and network times, so that every request's latency and path
// is worked out by hand (in the comment beside each test) and read back from the per-request
// trace rows (RequestRecorder::attach_trace).
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "pool_setup.hpp"
#include "sim/cluster/frontend.hpp"
#include "sim/cluster/function_pool.hpp"
#include "sim/cluster/instance_pool.hpp"

namespace servesim::cluster {
namespace {

struct Row {
  double latency_ms = 0;
  std::string served;
};

// A pool of `instances` instances serving a constant 10 ms model (batches of one).
std::unique_ptr<Pool> instance_pool(core::Engine& engine, TaskTable& tasks, int instances,
                                    QueueKind queue) {
  ModelConfig model;
  model.name = "m";
  model.latency_by_batch[1] = dist::DistributionSpec::constant(10);
  PoolConfig config;
  config.name = "p";
  config.model = "m";
  config.instances = instances;
  config.queue = queue;
  return std::make_unique<InstancePool>(engine, quiet_pool_setup(config, ServiceModel(model, 1)),
                                        tasks);
}

using PoolMaker = std::function<std::unique_ptr<Pool>(core::Engine&, TaskTable&)>;

class World {
 public:
  World(const std::string& kind, int instances, QueueKind queue, NetworkConfig network = {})
      : World(
            kind,
            [instances, queue](core::Engine& engine, TaskTable& tasks) {
              return instance_pool(engine, tasks, instances, queue);
            },
            network) {}

  // Arrivals at `times_s` (seconds), then the trace ends.
  World(const std::string& kind, const PoolMaker& make_pool, NetworkConfig network = {},
        std::vector<double> times_s = {0, 0.001, 0.002})
      : requests_(times_s.size()) {
    pool_ = make_pool(engine_, tasks_);
    policy::RedundancyConfig redundancy;
    redundancy.kind = kind;
    policy_ = policy::make_redundancy_policy(redundancy);
    recorder_.attach_trace(&trace_, 0);
    auto trace = std::make_shared<ArrivalTrace>();
    trace->span_s = times_s.back() + 0.001;
    trace->times_s = std::move(times_s);
    ArrivalConfig arrivals;
    arrivals.kind = ArrivalKind::kTrace;
    arrivals.repeat = false;
    arrivals.trace = trace;
    frontend_ = std::make_unique<Frontend>(
        engine_,
        FrontendSetup{.network = network, .total_requests = requests_, .seed = 1, .replication = 0},
        ArrivalProcess(arrivals, core::RngStream(1, 0, "workload/arrivals"),
                       core::RngStream(1, 0, "workload/resample")),
        std::vector<Pool*>{pool_.get()}, tasks_, *policy_, recorder_);
    pool_->set_listener(*frontend_);
  }

  // The trace rows in request order: replication,index,sent_ms,latency_ms,served,warmup.
  std::vector<Row> run() {
    frontend_->start();
    engine_.run();
    std::vector<Row> rows(requests_);
    std::istringstream lines(trace_.str());
    std::string line;
    while (std::getline(lines, line)) {
      std::vector<std::string> cells;
      std::stringstream cells_in(line);
      for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
      rows.at(std::stoul(cells.at(1))) = Row{std::stod(cells.at(3)), cells.at(4)};
    }
    return rows;
  }
  const FrontendStats& stats() const { return frontend_->stats(); }
  const Pool& pool() const { return *pool_; }

 private:
  std::size_t requests_;
  core::Engine engine_;
  TaskTable tasks_;
  RequestRecorder recorder_{RecorderConfig{}};
  std::ostringstream trace_;
  std::unique_ptr<Pool> pool_;
  std::unique_ptr<policy::RedundancyPolicy> policy_;
  std::unique_ptr<Frontend> frontend_;
};

// none, two instances, shared queue, client_frontend 0.25 ms and frontend_instance 0.5 ms each
// way. Request 0: at the pool at 0.75, runs to 10.75, back at the frontend 11.25, at the
// client 11.5: 11.5 ms. Request 1: the same, 1 ms later, on the other instance: 11.5 ms.
// Request 2: at the pool at 2.75, waits for the first instance (free at 10.75), runs to 20.75,
// at the client 21.5: 19.5 ms.
TEST(FrontendModel, NoRedundancyThroughTheNetwork) {
  NetworkConfig network;
  network.client_frontend = dist::DistributionSpec::constant(0.25);
  network.frontend_instance = dist::DistributionSpec::constant(0.5);
  World world("none", 2, QueueKind::kShared, network);
  const std::vector<Row> rows = world.run();
  EXPECT_DOUBLE_EQ(rows[0].latency_ms, 11.5);
  EXPECT_DOUBLE_EQ(rows[1].latency_ms, 11.5);
  EXPECT_DOUBLE_EQ(rows[2].latency_ms, 19.5);
  for (const Row& row : rows) EXPECT_EQ(row.served, "primary");
  EXPECT_EQ(world.stats().copies_sent, 3u);
  EXPECT_EQ(world.stats().copies_cancelled, 0u);
}

// The direct path (none, no network) gives the times of a plain FIFO with two servers:
// 10, 10 and 18 ms (request 2 starts at 10 when the first instance frees up).
TEST(FrontendModel, NoRedundancyDirectPath) {
  World world("none", 2, QueueKind::kShared);
  const std::vector<Row> rows = world.run();
  EXPECT_DOUBLE_EQ(rows[0].latency_ms, 10);
  EXPECT_DOUBLE_EQ(rows[1].latency_ms, 10);
  EXPECT_DOUBLE_EQ(rows[2].latency_ms, 18);
}

// replicate_fastest, three instances with per-instance queues, round robin, no network.
//  t=0  request 0: primary -> instance 0 (round robin), runs 0..10; replica -> least loaded of
//       instances 1 and 2 (both empty; the lower index), runs 0..10. Both end at 10; instance 0
//       was scheduled first, so the primary answers: 10 ms, primary.
//  t=1  request 1: primary -> instance 1 (round robin), queued behind request 0's replica;
//       replica -> instance 2 (0 outstanding), runs 1..11 and answers: 10 ms, replica.
//  t=2  request 2: primary -> instance 2 (round robin), queued until 11, would end at 21;
//       replica -> least loaded of instances 0 (1 outstanding) and 1 (2): instance 0, queued
//       until 10, runs 10..20 and answers: 18 ms, replica.
TEST(FrontendModel, ReplicateFastestSendsTheReplicaToTheLeastLoaded) {
  World world("replicate_fastest", 3, QueueKind::kPerInstance);
  const std::vector<Row> rows = world.run();
  EXPECT_DOUBLE_EQ(rows[0].latency_ms, 10);
  EXPECT_EQ(rows[0].served, "primary");
  EXPECT_DOUBLE_EQ(rows[1].latency_ms, 10);
  EXPECT_EQ(rows[1].served, "replica");
  EXPECT_DOUBLE_EQ(rows[2].latency_ms, 18);
  EXPECT_EQ(rows[2].served, "replica");
  EXPECT_EQ(world.stats().copies_sent, 6u);
  EXPECT_EQ(world.stats().copies_cancelled, 3u);  // the losing copy of each request
}

// replicate (r = 1) under the same arrivals places both copies by round robin (the replica
// skipping the primary's instance), so request 1's replica lands behind request 0's primary:
//  t=0  request 0: primary -> 0, replica -> 1, both run 0..10; the primary answers: 10 ms.
//  t=1  request 1: primary -> 2, runs 1..11 and answers: 10 ms, primary (its replica, queued
//       on instance 0, starts at 10 and is discarded at 20).
//  t=2  request 2: primary -> 1 (runs 10..20), replica -> 2 (runs 11..21): 18 ms, primary.
TEST(FrontendModel, ReplicatePlacesBothCopiesByTheBalancer) {
  World world("replicate", 3, QueueKind::kPerInstance);
  const std::vector<Row> rows = world.run();
  EXPECT_DOUBLE_EQ(rows[0].latency_ms, 10);
  EXPECT_DOUBLE_EQ(rows[1].latency_ms, 10);
  EXPECT_DOUBLE_EQ(rows[2].latency_ms, 18);
  for (const Row& row : rows) EXPECT_EQ(row.served, "primary");
  EXPECT_EQ(world.stats().copies_sent, 6u);
}

// none on a serverless function (cold start 100 ms, execution 10 ms, no slowdown at 1769 MB),
// arrivals at 0, 1 and 200 ms. Request 0 starts a sandbox: 100 + 10 = 110 ms. Request 1 finds
// it busy and the function scales out: another cold start, 110 ms. Request 2 finds both warm
// and idle (TTL 360 s): 10 ms. Two cold starts in all.
TEST(FrontendModel, ServerlessColdStartsThenAWarmSandbox) {
  const PoolMaker function = [](core::Engine& engine, TaskTable& tasks) {
    ModelConfig model;
    model.name = "m";
    model.latency_by_batch[1] = dist::DistributionSpec::constant(10);
    PoolConfig config;
    config.name = "f";
    config.model = "m";
    FunctionConfig sandbox;
    sandbox.memory_mb = 1769;
    sandbox.cold_start = dist::DistributionSpec::constant(100);
    return std::make_unique<FunctionPool>(engine,
                                          FunctionPoolSetup{.config = config,
                                                            .service = ServiceModel(model, 1),
                                                            .function = sandbox,
                                                            .pricing = {},
                                                            .stragglers = {},
                                                            .seed = 1,
                                                            .replication = 0},
                                          nullptr, tasks);
  };
  World world("none", function, {}, {0, 0.001, 0.2});
  const std::vector<Row> rows = world.run();
  EXPECT_DOUBLE_EQ(rows[0].latency_ms, 110);
  EXPECT_DOUBLE_EQ(rows[1].latency_ms, 110);
  EXPECT_DOUBLE_EQ(rows[2].latency_ms, 10);
  EXPECT_EQ(world.pool().stats().cold_starts, 2u);
}

}  // namespace
}  // namespace servesim::cluster
