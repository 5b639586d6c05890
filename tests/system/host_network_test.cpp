// File: tests/system/host_network_test.cpp
//
// network.sharing nic, network.stall and models.NAME.time_scale through `servesim run`. At light
// load nothing queues and no two crossings overlap on a NIC (but for a fraction ~ rate x latency
// of them), so each latency is a sum of known terms.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "servesim_process.hpp"
#include "theory.hpp"

namespace servesim::testing {
namespace {

void expect_mean(const nlohmann::json& summary, double theory) {
  const double sim = summary.at("latency_ms").at("mean").get<double>();
  const double ci = summary.at("latency_ms").at("ci95").at("mean").get<double>();
  std::printf("[theory] %s mean: simulated %.5f +- %.5f ms, theory %.5f ms\n",
              ::testing::UnitTest::GetInstance()->current_test_info()->name(), sim, ci, theory);
  EXPECT_NEAR(sim, theory, tolerance(ci, theory)) << "simulated mean " << sim << " vs " << theory;
}

// Two instances and one bulk transfer: it always runs between them, so each instance's NIC
// carries one bulk flow at all times. 1.25e6 bytes at 10 Gbit/s take 1 ms alone.
std::string two_hosts(const std::string& network, const std::string& extra = "") {
  return fmt::format(R"(name: nic
seed: 4
run: {{requests: 4000, warmup: 100}}
workload: {{arrival: {{kind: poisson, rate: 2}}, payload_bytes: 1250000, response_bytes: 1250000}}
network: {}
models: {{m: {{latency: {{dist: constant, value: 1}}}}}}
pools: [{{name: p, model: m, instances: 2}}]
interference:
  shuffles: {{count: 1, min_mb: 128, max_mb: 256, bandwidth_gbps: 10, slowdown_per_transfer: 0}}
{})",
                     network, extra);
}

TEST(HostNetwork, AnswersShareTheInstanceNicWithBulkTransfers) {
  // per_flow: 1 ms there + 1 ms service + 1 ms back. nic: the query crosses the frontend's NIC
  // alone (1 ms); the answer shares its instance's NIC with one bulk flow: 2 ms.
  const auto per_flow = run_scenario_text(two_hosts("{bandwidth_gbps: 10}"));
  const auto nic = run_scenario_text(two_hosts("{bandwidth_gbps: 10, sharing: nic}"));
  ASSERT_TRUE(per_flow.contains("latency_ms"));
  ASSERT_TRUE(nic.contains("latency_ms"));
  EXPECT_NEAR(per_flow["latency_ms"]["p50"].get<double>(), 3.0, 3.0 * 1e-3);
  EXPECT_NEAR(nic["latency_ms"]["p50"].get<double>(), 4.0, 4.0 * 1e-3);
  EXPECT_NEAR(nic["latency_ms"]["p90"].get<double>(), 4.0, 4.0 * 1e-3);
}

TEST(HostNetwork, FrontendDispatchHoldsTheInstanceForTheRoundTrip) {
  // dispatch frontend: the query too crosses the serving instance's NIC, shared with its bulk
  // flow: 2 ms there + 1 ms service + 2 ms back = 5 ms. The instance is held for all of it, so
  // each of the 2 instances is busy 2/s x 5 ms / 2 = 0.5% of the time (against 2/s x 1 ms / 2
  // = 0.1% with dispatch pool).
  const auto pool = run_scenario_text(two_hosts("{bandwidth_gbps: 10, sharing: nic}"));
  const auto frontend =
      run_scenario_text(two_hosts("{bandwidth_gbps: 10, sharing: nic, dispatch: frontend}"));
  ASSERT_TRUE(pool.contains("latency_ms"));
  ASSERT_TRUE(frontend.contains("latency_ms"));
  EXPECT_NEAR(frontend["latency_ms"]["p50"].get<double>(), 5.0, 5.0 * 1e-3);
  EXPECT_NEAR(frontend["latency_ms"]["p90"].get<double>(), 5.0, 5.0 * 1e-3);
  // Utilisation: a time average over ~2000 s of Poisson arrivals (4000 requests): relative
  // standard error ~ 1/sqrt(4000) = 1.6%; 10% is over 6 standard errors.
  const double busy_pool = pool["pools"]["p"]["utilization"].get<double>();
  const double busy_frontend = frontend["pools"]["p"]["utilization"].get<double>();
  EXPECT_NEAR(busy_pool, 0.001, 0.0001);
  EXPECT_NEAR(busy_frontend, 0.005, 0.0005);
}

TEST(HostNetwork, FrontendDispatchLosesNoWorkWhenInstancesFail) {
  // A failing instance puts its batch back in the queue while its round trip is in flight; the
  // trip's late end must be ignored (not end the instance's next batch), so every request is
  // still answered exactly once. 3 instances held ~1.3 ms per request at 500/s (~25% busy),
  // each failing every 50 ms for 10 ms on average.
  const auto summary = run_scenario_text(R"(name: failures_round_trip
seed: 2
run: {requests: 20000, warmup: 1000}
workload: {arrival: {kind: poisson, rate: 500}, payload_bytes: 100000, response_bytes: 4000}
network: {frontend_instance: {dist: constant, value: 0.1}, bandwidth_gbps: 10, sharing: nic,
          dispatch: frontend}
models: {m: {latency: {dist: exponential, mean: 1}}}
pools: [{name: p, model: m, instances: 3}]
interference:
  failures: {mttf_s: 0.05, mttr_s: 0.01}
)");
  ASSERT_TRUE(summary.contains("served"));
  EXPECT_DOUBLE_EQ(summary["served"]["primary"].get<double>(), 1.0);
  EXPECT_EQ(summary["requests"].get<int>(), 20000);
  EXPECT_GT(summary["pools"]["p"]["failures"].get<int>(), 300);
  EXPECT_GT(summary["pools"]["p"]["requeued"].get<int>(), 100);
}

TEST(HostNetwork, StallsAddTheirDelayWithTheirProbability) {
  // Two crossings per request, each stalling with probability 0.1 for 10 ms: the latency is
  // 1 + 10 x Binomial(2, 0.1), mean 1 + 2 = 3 ms; 81% of requests see no stall (p50 = 1 ms).
  const auto summary = run_scenario_text(R"(name: stall
seed: 8
run: {requests: 20000, warmup: 1000, replications: 10}
workload: {arrival: {kind: poisson, rate: 20}}
network: {stall: {probability: 0.1, delay: {dist: constant, value: 10}}}
models: {m: {latency: {dist: constant, value: 1}}}
pools: [{name: p, model: m, instances: 400}]
)");
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_mean(summary, 3.0);
  EXPECT_NEAR(summary["latency_ms"]["p50"].get<double>(), 1.0, 1e-3);
  EXPECT_NEAR(summary["latency_ms"]["p90"].get<double>(), 11.0, 11.0 * 1e-3);
}

TEST(HostNetwork, StallProbabilityFollowsBulkTransfersAtTheNic) {
  // probability [0, 0.5]: the query crosses the frontend's NIC (no bulk transfer: never
  // stalls), the answer its instance's NIC (one bulk transfer: half the time). Mean 1 + 0.5 x
  // 10 = 6 ms. Two instances at 2 req/s barely queue (each busy 0.1% of the time).
  const auto summary = run_scenario_text(fmt::format(R"(name: stall_table
seed: 6
run: {{requests: 4000, warmup: 100, replications: 10}}
workload: {{arrival: {{kind: poisson, rate: 2}}}}
network: {{stall: {{probability: [0, 0.5], delay: {{dist: constant, value: 10}}}}}}
models: {{m: {{latency: {{dist: constant, value: 1}}}}}}
pools: [{{name: p, model: m, instances: 2}}]
interference:
  shuffles: {{count: 1, slowdown_per_transfer: 0}}
)"));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_mean(summary, 6.0);
}

TEST(HostNetwork, TimeScaleMultipliesServiceTimes) {
  // 400 instances at 20 req/s: no queueing, so the mean latency is the model's scaled mean.
  const std::string scenario = R"(name: scaled
seed: 2
run: {requests: 20000, warmup: 1000, replications: 10}
workload: {arrival: {kind: poisson, rate: 20}}
models: {m: {latency: {dist: lognormal, median: 1, p99: 4}, MODEL}}
pools: [{name: p, model: m, instances: 400}]
)";
  auto with = [&](const std::string& key) {
    std::string text = scenario;
    text.replace(text.find("MODEL"), 5, key);
    return run_scenario_text(text);
  };
  // Lognormal median 1, p99 4: sigma = ln 4 / z_0.99, mean = e^(sigma^2 / 2).
  const double sigma = std::log(4.0) / 2.3263478740408408;
  const double mean = std::exp(sigma * sigma / 2);
  const auto scaled = with("time_scale: 3");
  ASSERT_TRUE(scaled.contains("latency_ms"));
  expect_mean(scaled, 3 * mean);
  EXPECT_NEAR(scaled["latency_ms"]["p50"].get<double>(), 3.0, 3.0 * 5e-3);
  const auto target = with("target_mean_ms: 7");
  ASSERT_TRUE(target.contains("latency_ms"));
  expect_mean(target, 7.0);
}

}  // namespace
}  // namespace servesim::testing
