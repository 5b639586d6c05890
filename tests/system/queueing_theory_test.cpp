// File: tests/system/queueing_theory_test.cpp
//
// Whole-program checks of `servesim run` against queueing theory. Every expected value is a
// closed form computed here; tolerances come from the run's own replication confidence intervals
// (theory.hpp). Service means are 1 ms (mu = 1000/s) throughout.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>

#include "servesim_process.hpp"
#include "theory.hpp"

namespace servesim::testing {
namespace {

// A single-pool scenario; `service` and `extra` are YAML snippets.
std::string scenario(double rate, int instances, const std::string& service,
                     const std::string& extra = "", int requests = 100000, int replications = 10) {
  return fmt::format(R"(name: theory
seed: 11
run: {{requests: {}, warmup: 10000, replications: {}}}
workload:
  arrival: {{kind: poisson, rate: {}}}
models:
  m: {{latency: {}}}
pools:
  - {{name: p, model: m, instances: {}}}
{}
)",
                     requests, replications, rate, service, instances, extra);
}

double figure(const nlohmann::json& summary, const std::string& name) {
  return summary.at("latency_ms").at(name).get<double>();
}
double ci95(const nlohmann::json& summary, const std::string& name) {
  return summary.at("latency_ms").at("ci95").at(name).get<double>();
}

void expect_matches(const nlohmann::json& summary, const std::string& name, double theory) {
  const double sim = figure(summary, name);
  // Printed on every run: docs/validation.md quotes these lines.
  std::printf("[theory] %s %s: simulated %.5f +- %.5f ms, theory %.5f ms\n",
              ::testing::UnitTest::GetInstance()->current_test_info()->name(), name.c_str(), sim,
              ci95(summary, name), theory);
  EXPECT_NEAR(sim, theory, tolerance(ci95(summary, name), theory))
      << name << ": simulated " << sim << " ms vs theory " << theory << " ms (ci95 "
      << ci95(summary, name) << ")";
}

TEST(QueueingTheory, MM1MeanAndP99) {
  // M/M/1, rho = 0.8: response time ~ Exp(mu - lambda) = Exp(200/s).
  const auto summary = run_scenario_text(scenario(800, 1, "{dist: exponential, mean: 1}"));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_matches(summary, "mean", 1000.0 / 200);
  expect_matches(summary, "p99", std::log(100.0) * 1000.0 / 200);
}

TEST(QueueingTheory, MMcMeanAndP99ByErlangC) {
  // M/M/10, rho = 0.9: W = C(c,a) / (c mu - lambda); T = W + S.
  const int c = 10;
  const double mu = 1000, lambda = 9000;
  const double wait_prob = erlang_c(c, lambda / mu);
  const double theta = c * mu - lambda;
  const double mean_ms = (wait_prob / theta + 1 / mu) * 1000;
  // P(T > t) for T = W + S, W = 0 w.p. 1 - C else Exp(theta), S ~ Exp(mu) independent.
  auto survival = [&](double t_ms) {
    const double t = t_ms / 1000;
    // Exp(theta) + Exp(mu): hypoexponential; when theta == mu (as here: c mu - lambda = 1000/s)
    // it is Erlang-2 with P(> t) = e^{-mu t} (1 + mu t).
    const double sum_survival =
        theta == mu ? std::exp(-mu * t) * (1 + mu * t)
                    : (theta * std::exp(-mu * t) - mu * std::exp(-theta * t)) / (theta - mu);
    return (1 - wait_prob) * std::exp(-mu * t) + wait_prob * sum_survival;
  };
  const auto summary = run_scenario_text(scenario(lambda, c, "{dist: exponential, mean: 1}"));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_matches(summary, "mean", mean_ms);
  expect_matches(summary, "p99", quantile_from_survival(survival, 0.99));
}

TEST(QueueingTheory, MD1MeanWaitByPollaczekKhinchine) {
  // M/D/1, rho = 0.7: W = rho / (2 mu (1 - rho)); T = W + 1 ms.
  const double rho = 0.7;
  const double wait_ms = rho / (2 * (1 - rho));
  const auto summary = run_scenario_text(scenario(700, 1, "{dist: constant, value: 1}"));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_matches(summary, "mean", wait_ms + 1);
}

TEST(QueueingTheory, MG1MeanWaitByPollaczekKhinchine) {
  // M/G/1 with gamma service (mean 1 ms, cv 2), rho = 0.6: W = lambda E[S^2] / (2 (1 - rho)),
  // E[S^2] = mean^2 (1 + cv^2) = 5 ms^2.
  const double lambda_per_ms = 0.6;
  const double wait_ms = lambda_per_ms * 5.0 / (2 * (1 - 0.6));
  const auto summary = run_scenario_text(scenario(600, 1, "{dist: gamma, mean: 1, cv: 2}", "", 200000));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_matches(summary, "mean", wait_ms + 1);
}

TEST(QueueingTheory, ReplicationIsMinimumOfCopiesWithoutQueueing) {
  // 400 instances at 20 req/s with up to 3 copies: essentially never a queue, so the latency is
  // the minimum of (1 + r) independent Exp(mu) draws: Exp((1 + r) mu).
  for (int r : {1, 2}) {
    const auto summary = run_scenario_text(
        scenario(20, 400, "{dist: exponential, mean: 1}", fmt::format("redundancy: {{kind: replicate, r: {}}}", r),
                 20000));
    ASSERT_TRUE(summary.contains("latency_ms"));
    const double rate_per_ms = 1.0 + r;
    expect_matches(summary, "mean", 1 / rate_per_ms);
    expect_matches(summary, "p99", std::log(100.0) / rate_per_ms);
    // Every request sent 1 + r copies.
    EXPECT_DOUBLE_EQ(summary.at("redundancy").at("copies_per_request").get<double>(), 1.0 + r);
  }
}

TEST(QueueingTheory, HedgingWithoutQueueingMatchesClosedForm) {
  // Hedge after d = 1 ms, no queueing: T = min(S1, d + S2), P(T > t) = e^{-t} for t < d and
  // e^{-t} e^{-(t - d)} after (t in ms, mu = 1/ms). E[T] = (1 - e^{-d}) + e^{-d} / 2.
  const double d = 1.0;
  auto survival = [d](double t) { return t < d ? std::exp(-t) : std::exp(-t) * std::exp(-(t - d)); };
  const auto summary = run_scenario_text(scenario(
      20, 400, "{dist: exponential, mean: 1}", "redundancy: {kind: hedge, delay: 1}", 20000));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_matches(summary, "mean", (1 - std::exp(-d)) + std::exp(-d) / 2);
  expect_matches(summary, "p50", quantile_from_survival(survival, 0.5));
  expect_matches(summary, "p99", quantile_from_survival(survival, 0.99));
  // A hedge goes out iff the first copy is still out at d: probability e^{-1}.
  const double copies = summary.at("redundancy").at("copies_per_request").get<double>();
  EXPECT_NEAR(copies, 1 + std::exp(-d), 0.01);  // sd of the mean over 2e5 draws is 0.0011
}

TEST(QueueingTheory, WindowedPercentileHedgeConvergesToTheFixedDelayAtTheTruePercentile) {
  // Stationary, no queueing (400 instances at 20 req/s), Exp(1 ms) service: first copies take
  // Exp(1), so the 95th percentile is d = ln 20 ms. A hedge over the last 1000 first copies
  // (hedge-won ones censored at their answer time, hedge.hpp) must learn d and then behave as
  // the fixed-delay hedge at d: P(T > t) = e^{-t} before d, e^{-t} e^{-(t - d)} after.
  const double d = std::log(20.0);
  auto survival = [d](double t) { return t < d ? std::exp(-t) : std::exp(-t) * std::exp(-(t - d)); };
  const auto summary = run_scenario_text(scenario(
      20, 400, "{dist: exponential, mean: 1}",
      "redundancy: {kind: hedge, percentile: 95, window: 1000, min_samples: 1000}", 20000));
  ASSERT_TRUE(summary.contains("latency_ms"));
  expect_matches(summary, "mean", (1 - std::exp(-d)) + std::exp(-d) / 2);
  expect_matches(summary, "p99", quantile_from_survival(survival, 0.99));
  // The threshold at the end: the p95 of 1000 Exp(1) draws has sd sqrt(.95 .05 / 1000) / .05
  // = 0.138 ms; the mean of 10 replications 0.044 ms. 0.16 ms (3.6 sd, plus 0.4% bucket
  // error) fails by chance about 3 times in 10,000. This is also the estimator's measured bias
  // against the known threshold (docs/redundancy.md quotes the printed line).
  const double threshold = summary.at("redundancy").at("hedge_threshold_ms").get<double>();
  std::printf("[theory] windowed hedge threshold: learned %.4f ms, true p95 %.4f ms\n", threshold,
              d);
  EXPECT_NEAR(threshold, d, 0.16);
  // Hedges go out for the first 1000 requests of 30,000 never, then at rate ~ e^{-d} = 0.05.
  const double copies = summary.at("redundancy").at("copies_per_request").get<double>();
  EXPECT_NEAR(copies, 1 + 0.05 * 29000 / 30000, 0.01);  // binomial sd of the rate: 0.0004
}

TEST(QueueingTheory, PercentileHedgeSendsNoHedgeBeforeMinSamplesAndFractionSamples) {
  // min_samples above the run's length and no delay: never a hedge. With fraction 0.5 and a
  // fixed delay of 0, exactly the chosen half get a second copy.
  auto never = run_scenario_text(scenario(
      20, 400, "{dist: exponential, mean: 1}",
      "redundancy: {kind: hedge, percentile: 95, min_samples: 1000000}", 2000, 1));
  EXPECT_DOUBLE_EQ(never.at("redundancy").at("copies_per_request").get<double>(), 1.0);
  EXPECT_TRUE(never.at("redundancy").at("hedge_threshold_ms").is_null());
  auto half = run_scenario_text(scenario(20, 400, "{dist: exponential, mean: 1}",
                                         "redundancy: {kind: replicate, r: 1, fraction: 0.5}",
                                         20000, 1));
  // 30,000 Bernoulli(0.5) draws: sd of the share 0.0029; 0.012 = 4 sd (1 in 15,000).
  EXPECT_NEAR(half.at("redundancy").at("copies_per_request").get<double>(), 1.5, 0.012);
}

TEST(QueueingTheory, BlockingInMM1KAndConservation) {
  // M/M/1 with room for K = 4 waiting (5 in the system), rho = 0.9: an arrival is blocked with
  // probability (1 - rho) rho^5 / (1 - rho^6). Answered + dropped = offered exactly.
  const double rho = 0.9;
  const double blocked = (1 - rho) * std::pow(rho, 5) / (1 - std::pow(rho, 6));
  const auto summary = run_scenario_text(
      R"(name: mm1k
seed: 5
run: {requests: 200000, warmup: 1000, replications: 10}
workload: {arrival: {kind: poisson, rate: 900}}
models: {m: {latency: {dist: exponential, mean: 1}}}
pools: [{name: p, model: m, instances: 1, queue_capacity: 4}]
)");
  ASSERT_TRUE(summary.contains("served"));
  const auto& served = summary.at("served");
  double total = 0;
  for (const auto& [path, value] : served.items()) total += value.get<double>();
  EXPECT_NEAR(total, 1.0, 1e-12);
  // Binomial-like sd of a 2e6-request fraction near 0.17 with correlation: < 0.002; 0.006 = 3x.
  std::printf("[theory] BlockingInMM1KAndConservation dropped: simulated %.5f, theory %.5f\n",
              served.at("dropped").get<double>(), blocked);
  EXPECT_NEAR(served.at("dropped").get<double>(), blocked, 0.006);
  EXPECT_EQ(summary.at("requests").get<std::int64_t>(), 10 * 200000);
}

}  // namespace
}  // namespace servesim::testing
