// File: tests/system/ensemble_test.cpp
//
// Ensembles through `servesim run`: n members with Exp(mu) latency (mu = 1/ms), ample instances,
// no orchestration overhead. Parallel: the latency is the max of n exponentials, mean H_n / mu;
// serial: their sum, Erlang(n, mu). Tolerances follow theory.hpp.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>

#include "servesim_process.hpp"
#include "theory.hpp"

namespace servesim::testing {
namespace {

std::string ensemble(int members, const std::string& execution, const std::string& extra = "",
                     const std::string& accuracy = "") {
  std::string models, names;
  for (int idx = 0; idx < members; ++idx) {
    models += fmt::format("  m{}: {{latency: {{dist: exponential, mean: 1}}}}\n", idx);
    names += fmt::format("{}m{}", idx ? ", " : "", idx);
  }
  return fmt::format(R"(name: ensemble
seed: 17
run: {{requests: 30000, warmup: 1000, replications: 10}}
workload: {{arrival: {{kind: poisson, rate: 20}}}}
models:
{}pools: [{{name: m0, model: m0, instances: 50}}]
ensemble:
  members: [{}]
  execution: {}
{}{}
)",
                     models, names, execution, extra, accuracy);
}

void expect_figure(const nlohmann::json& summary, const std::string& name, double theory,
                   const std::string& label) {
  const double sim = summary["latency_ms"][name].get<double>();
  const double ci = summary["latency_ms"]["ci95"][name].get<double>();
  std::printf("[theory] Ensemble %s %s: simulated %.5f +- %.5f ms, theory %.5f ms\n",
              label.c_str(), name.c_str(), sim, ci, theory);
  EXPECT_NEAR(sim, theory, tolerance(ci, theory)) << label << " " << name;
}

TEST(Ensemble, ParallelIsMaxOfMembers) {
  for (int n : {2, 3, 5}) {
    const auto summary = run_scenario_text(ensemble(n, "parallel"));
    ASSERT_TRUE(summary.contains("latency_ms"));
    double harmonic = 0;
    for (int k = 1; k <= n; ++k) harmonic += 1.0 / k;
    // P(max > t) = 1 - (1 - e^{-t})^n.
    auto survival = [n](double t) { return 1 - std::pow(1 - std::exp(-t), n); };
    const std::string label = fmt::format("parallel n={}", n);
    expect_figure(summary, "mean", harmonic, label);
    expect_figure(summary, "p99", quantile_from_survival(survival, 0.99), label);
    EXPECT_EQ(summary["pools"].size(), static_cast<std::size_t>(n));  // one pool per member
  }
}

TEST(Ensemble, SerialIsErlang) {
  for (int n : {2, 3}) {
    const auto summary = run_scenario_text(ensemble(n, "serial"));
    ASSERT_TRUE(summary.contains("latency_ms"));
    // Erlang(n, 1): P(T > t) = e^{-t} sum_{k<n} t^k / k!.
    auto survival = [n](double t) {
      double term = 1, sum = 0;
      for (int k = 0; k < n; ++k) {
        sum += term;
        term *= t / (k + 1);
      }
      return std::exp(-t) * sum;
    };
    const std::string label = fmt::format("serial n={}", n);
    expect_figure(summary, "mean", n, label);
    expect_figure(summary, "p50", quantile_from_survival(survival, 0.5), label);
    expect_figure(summary, "p99", quantile_from_survival(survival, 0.99), label);
  }
}

TEST(Ensemble, DeadlineServesPartialAnswers) {
  // Parallel, 3 members, deadline 2 ms: all three are done by then with probability
  // (1 - e^{-2})^3 = 0.6465; otherwise the answer is partial (or dropped if none is done, with
  // probability e^{-6} = 0.0025). Accuracy: every answer carries its subset's accuracy.
  TempDir dir;
  const auto table = dir.write("acc.csv",
                               "dataset,members,top1_accuracy,source\n"
                               "toy,m0+m1+m2,0.8,test\ntoy,m0,0.5,test\ntoy,m1,0.6,test\n"
                               "toy,m2,0.7,test\n");
  const auto summary = run_scenario_text(ensemble(
      3, "parallel", "  deadline: 2\n",
      fmt::format("  accuracy: {{table: {}, dataset: toy, fallback: best_member}}\n",
                  table.string())));
  ASSERT_TRUE(summary.contains("served"));
  const double all_done = std::pow(1 - std::exp(-2.0), 3);
  const double none_done = std::exp(-6.0);
  // Binomial sd over 3e5 requests is < 0.001; 0.005 is 5 sd.
  EXPECT_NEAR(summary["served"]["primary"].get<double>(), all_done, 0.005);
  EXPECT_NEAR(summary["served"]["dropped"].get<double>(), none_done, 0.001);
  EXPECT_NEAR(summary["served"]["partial"].get<double>(), 1 - all_done - none_done, 0.005);
  EXPECT_LE(summary["latency_ms"]["max"].get<double>(), 2.0 + 1e-6);
  // Expected accuracy by subset (best member when a pair is missing): members finish
  // independently by 2 ms with probability q = 1 - e^{-2}.
  const double q = 1 - std::exp(-2.0), s = 1 - q;
  const double expected_sum = q * q * q * 0.8 + q * s * s * (0.5 + 0.6 + 0.7) +
                              s * q * q * (0.7 + 0.7 + 0.6);  // {m1,m2}->0.7 {m0,m2}->0.7 {m0,m1}->0.6
  EXPECT_NEAR(summary["accuracy"].get<double>(), expected_sum / (1 - none_done), 0.002);
}

TEST(Ensemble, OrchestratorTransitionsAreBilled) {
  // Parallel: n + 2 transitions per request (Parallel state, n branches, aggregation); serial:
  // n + 1. At $0.025 per 1,000 transitions (Step Functions Standard, empirical.md S17).
  for (const auto& [execution, per_request] :
       {std::pair{std::string("parallel"), 5}, std::pair{std::string("serial"), 4}}) {
    const auto summary = run_scenario_text(
        ensemble(3, execution, "  orchestrator: {usd_per_transition: 0.000025}\n"));
    ASSERT_TRUE(summary.contains("cost"));
    // 10 replications x 31,000 offered requests; cost.usd_total is the replication mean.
    EXPECT_NEAR(summary["cost"]["usd_total"].get<double>(), 31000 * per_request * 0.000025, 1e-9)
        << execution;
  }
}

}  // namespace
}  // namespace servesim::testing
