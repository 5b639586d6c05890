// File: tests/system/interference_test.cpp
//
// Stragglers, episodes, background load and failures, through `servesim run`. At light load on
// many instances nothing queues, so the latency is the slowed service time and its law is known
// in closed form. Tolerances follow theory.hpp (replication CIs).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>

#include "servesim_process.hpp"
#include "theory.hpp"

namespace servesim::testing {
namespace {

// 400 instances, 20 req/s, constant 1 ms service: an instance is busy 0.005% of the time.
std::string light_load(const std::string& interference, int requests = 20000) {
  return fmt::format(R"(name: interference
seed: 21
run: {{requests: {}, warmup: 1000, replications: 10}}
workload: {{arrival: {{kind: poisson, rate: 20}}}}
models: {{m: {{latency: {{dist: constant, value: 1}}}}}}
pools: [{{name: p, model: m, instances: 400}}]
interference:
{}
)",
                     requests, interference);
}

void expect_mean(const nlohmann::json& summary, double theory) {
  const double sim = summary.at("latency_ms").at("mean").get<double>();
  const double ci = summary.at("latency_ms").at("ci95").at("mean").get<double>();
  std::printf("[theory] %s mean: simulated %.5f +- %.5f ms, theory %.5f ms\n",
              ::testing::UnitTest::GetInstance()->current_test_info()->name(), sim, ci, theory);
  EXPECT_NEAR(sim, theory, tolerance(ci, theory)) << "simulated mean " << sim << " vs " << theory;
}

TEST(Interference, StragglersSlowAFractionOfBatches) {
  // 10% of batches take 5x: mean 0.9 * 1 + 0.1 * 5 = 1.4 ms; p50 = 1 ms, p99 = 5 ms.
  const auto summary = run_scenario_text(
      light_load("  stragglers: {fraction: 0.1, slowdown: {dist: constant, value: 5}}"));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_mean(summary, 1.4);
  EXPECT_NEAR(summary["latency_ms"]["p50"].get<double>(), 1.0, 1e-3);
  EXPECT_NEAR(summary["latency_ms"]["p99"].get<double>(), 5.0, 5e-3);
}

TEST(Interference, EpisodesSlowTheirShareOfTime) {
  // Each instance is slow (x5) for Exp(mean 100 ms) episodes separated by Exp(mean 900 ms)
  // normal periods: a batch starts inside an episode with probability 100/1000 = 0.1, so the
  // mean is again 0.9 * 1 + 0.1 * 5 = 1.4 ms.
  const auto summary = run_scenario_text(light_load(
      "  episodes: {on: {dist: exponential, mean: 100}, off: {dist: exponential, mean: 900},"
      " slowdown: {dist: constant, value: 5}}",
      40000));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_mean(summary, 1.4);
}

TEST(Interference, BackgroundScheduleMultipliesServiceTime) {
  // Every instance runs at 3x for the first 250 ms of each 1000 ms period and at 1x after:
  // Poisson arrivals see the slow phase 25% of the time: mean 0.25 * 3 + 0.75 * 1 = 1.5 ms.
  std::string instances;
  for (int idx = 0; idx < 400; ++idx) instances += (idx ? ", " : "") + std::to_string(idx);
  const auto summary = run_scenario_text(light_load(fmt::format(
      "  background:\n    - {{pool: p, instances: [{}], period: 1000,"
      " schedule: [{{at: 0, factor: 3}}, {{at: 250, factor: 1}}]}}",
      instances)));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_mean(summary, 1.5);
}

TEST(Interference, FailuresLoseNoWork) {
  // One instance failing every 50 ms on average for 10 ms on average, at 50% load: the work of a
  // failing instance is requeued, so every request is still answered exactly once.
  const auto summary = run_scenario_text(R"(name: failures
seed: 2
run: {requests: 50000, warmup: 1000, replications: 2}
workload: {arrival: {kind: poisson, rate: 500}}
models: {m: {latency: {dist: exponential, mean: 1}}}
pools: [{name: p, model: m, instances: 1}]
interference:
  failures: {mttf_s: 0.05, mttr_s: 0.01}
)");
  ASSERT_TRUE(summary.contains("served"));
  EXPECT_DOUBLE_EQ(summary["served"]["primary"].get<double>(), 1.0);
  EXPECT_EQ(summary["requests"].get<int>(), 2 * 50000);
  // ~25 s simulated per replication / 60 ms per cycle: hundreds of failures, many mid-batch.
  EXPECT_GT(summary["pools"]["p"]["failures"].get<int>(), 500);
  EXPECT_GT(summary["pools"]["p"]["requeued"].get<int>(), 100);
}

}  // namespace
}  // namespace servesim::testing

namespace servesim::testing {
namespace {

TEST(Interference, ShufflesSlowEveryInstanceTheyTouch) {
  // Two instances: every one of the 3 transfers runs between them, so each takes part in all 3
  // at all times and every batch takes 1 x (1 + 0.5 x 3) = 2.5 ms. At 2 requests/s a request
  // finds both instances busy with probability ~ (2/s x 2.5 ms)^2 = 2.5e-5, so p99 has no queue.
  const auto summary = run_scenario_text(R"(name: shuffles
seed: 3
run: {requests: 5000, warmup: 100}
workload: {arrival: {kind: poisson, rate: 2}}
models: {m: {latency: {dist: constant, value: 1}}}
pools: [{name: p, model: m, instances: 2}]
interference:
  shuffles: {count: 3, min_mb: 128, max_mb: 256, bandwidth_gbps: 10, slowdown_per_transfer: 0.5}
)");
  ASSERT_TRUE(summary.contains("latency_ms"));
  EXPECT_NEAR(summary["latency_ms"]["p50"].get<double>(), 2.5, 2.5 * 1e-3);
  EXPECT_NEAR(summary["latency_ms"]["p99"].get<double>(), 2.5, 2.5 * 1e-3);
}

TEST(Interference, CoLocatedTenantSlowsItsShareOfTime) {
  // One instance hosts a tenant with Poisson 100 jobs/s of 2 ms each: busy a fraction 0.2 of
  // the time (an M/D/1 tenant queue at rho = 0.2). Our own batches (1 ms, 2 per second, so they
  // barely queue) run 3x slower while a tenant job runs: by PASTA the mean is 1 + 2 x 0.2 =
  // 1.4 ms, plus the M/G/1 wait of our own stream, lambda E[S^2] / (2 (1 - rho)) ~ 0.003 ms.
  const auto summary = run_scenario_text(R"(name: tenants
seed: 5
run: {requests: 20000, warmup: 100, replications: 10}
workload: {arrival: {kind: poisson, rate: 2}}
models:
  m: {latency: {dist: constant, value: 1}}
  tenant: {latency: {dist: constant, value: 2}}
pools: [{name: p, model: m, instances: 1}]
interference:
  tenants: {rate: 100, pool: p, instances: 1, model: tenant, slowdown: 3}
)");
  ASSERT_TRUE(summary.contains("latency_ms"));
  // E[S^2] = 0.8 * 1 + 0.2 * 9 = 2.6 ms^2; wait = 0.002/ms * 2.6 / (2 * 0.9972) = 0.0026 ms.
  expect_mean(summary, 1.4 + 0.002 * 2.6 / (2 * (1 - 0.002 * 1.4)));
}

}  // namespace
}  // namespace servesim::testing
