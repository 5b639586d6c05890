// File: tests/system/serverless_test.cpp
//
// Whole-program checks of `platform: {kind: serverless}` against closed forms and a bill worked
// out by hand. Statistical tolerances follow theory.hpp (replication CIs widened by 2.2: about a
// 1-in-1000 chance of a spurious failure per assertion).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "servesim_process.hpp"
#include "theory.hpp"

namespace servesim::testing {
namespace {

double pool_figure(const nlohmann::json& summary, const std::string& name) {
  return summary.at("pools").at("f").at(name).get<double>();
}
double pool_ci95(const nlohmann::json& summary, const std::string& name) {
  return summary.at("pools").at("f").at("ci95").at(name).get<double>();
}

// One function `f`; `service` and `platform` are YAML flow maps.
std::string scenario(double rate, const std::string& service, const std::string& platform,
                     int requests = 50000, int replications = 10) {
  return fmt::format(R"(name: serverless
seed: 21
run: {{requests: {}, warmup: 1000, replications: {}}}
workload:
  arrival: {{kind: poisson, rate: {}}}
models:
  m: {{latency: {}}}
pools:
  - {{name: f, model: m}}
platform: {}
)",
                     requests, replications, rate, service, platform);
}

TEST(Serverless, ColdStartFractionUnderFixedKeepAliveIsExpOfMinusLambdaTau) {
  // Poisson(lambda) arrivals, negligible service and cold start (1 us each), TTL tau: one
  // sandbox (a second one only when two arrivals fall within 2 us, about 1 in 50,000), and an
  // invocation is cold iff the gap since the previous one exceeds tau (+2 us), probability
  // e^{-lambda tau}.
  const double rate = 10;
  for (double ttl_s : {0.1, 0.05}) {
    const auto summary = run_scenario_text(
        scenario(rate, "{dist: constant, value: 0.001}",
                 fmt::format("{{kind: serverless, cold_start: {{dist: constant, value: 0.001}}, "
                             "keep_alive: {{policy: fixed, ttl_s: {}}}}}",
                             ttl_s)));
    ASSERT_TRUE(summary.contains("pools"));
    const double theory = std::exp(-rate * ttl_s);
    const double sim = pool_figure(summary, "cold_start_fraction");
    const double ci = pool_ci95(summary, "cold_start_fraction");
    std::printf("[theory] ColdStartFraction lambda*tau=%.2f: simulated %.5f +- %.5f, theory %.5f\n",
                rate * ttl_s, sim, ci, theory);
    EXPECT_NEAR(sim, theory, tolerance(ci, theory));
  }
}

TEST(Serverless, ThrottlingWithoutRetriesIsErlangB) {
  // concurrency_limit c, drops, Poisson arrivals, lognormal service (mu -0.5, sigma 1: mean
  // e^0 = 1 ms, CV 1.31), zero cold start and a TTL far above every gap: an M/G/c/c loss
  // system, blocked with Erlang B(c, lambda E[S]) whatever the service law.
  const int c = 5;
  const double lambda = 4000;  // per second; a = 4 Erlang
  const auto summary = run_scenario_text(scenario(
      lambda, "{dist: lognormal, mu: -0.5, sigma: 1}",
      fmt::format("{{kind: serverless, concurrency_limit: {}, on_throttle: drop, "
                  "cold_start: {{dist: constant, value: 0}}, keep_alive: {{ttl_s: 3600}}}}",
                  c),
      100000));
  ASSERT_TRUE(summary.contains("pools"));
  const double theory = erlang_b(c, lambda * 1e-3);
  const double sim = pool_figure(summary, "throttled_fraction");
  const double ci = pool_ci95(summary, "throttled_fraction");
  std::printf("[theory] ErlangB c=5 a=4: simulated %.5f +- %.5f, theory %.5f\n", sim, ci, theory);
  EXPECT_NEAR(sim, theory, tolerance(ci, theory));
  // The requests those tries belonged to were dropped: the same blocking, measured after the
  // warm-up. 0.003 is more than 4 of the CI half-widths seen here (about 7e-4).
  const double dropped = summary.at("served").at("dropped").get<double>();
  EXPECT_NEAR(dropped, theory, 0.003);
  EXPECT_EQ(summary.at("pools").at("f").at("instances").get<int>(), c);
}

// A trace of five arrivals with constant times, so every cold start and every billed
// millisecond is known:
//   t = 0     cold (sandbox A: 150 + 50 ms init), runs 12.3456 ms
//   t = 0.1   A is still initialising: cold (sandbox B)
//   t = 1     warm (B, the most recently used)
//   t = 30    warm (B); A expires at 60.21 s
//   t = 100   cold: both expired (TTL 60 s)
// Sandbox-seconds are known too (the run ends with the last answer).
// Duration billed per invocation: ceil(12.3456) = 13 ms; with bill_init the cold ones
// ceil(212.3456) = 213 ms. 3008 MB = 2.9375 GB.
TEST(Serverless, CostEqualsTheBillWorkedOutByHand) {
  TempDir dir;
  const auto trace = dir.write("trace.csv", "time_s\n0\n0.1\n1\n30\n100\n");
  const std::string yaml = fmt::format(R"(name: bill
seed: 1
run: {{requests: 5, warmup: 0}}
workload:
  arrival: {{kind: trace, file: {}, repeat: false}}
models:
  m: {{latency: {{dist: constant, value: 12.3456}}}}
pools:
  - {{name: f, model: m}}
platform:
  kind: serverless
  memory_mb: 3008
  cold_start: {{dist: constant, value: 150}}
  model_load: {{dist: constant, value: 50}}
  keep_alive: {{policy: fixed, ttl_s: 60}}
)",
                                       trace.string());
  const auto scenario_file = dir.write("bill.yaml", yaml);
  for (const bool bill_init : {false, true}) {
    const auto out = dir.path() / (bill_init ? "with_init" : "without_init");
    const ProcessResult result =
        run_servesim({"run", scenario_file.string(), "-o", out.string(), "-q", "--set",
                      fmt::format("platform.bill_init={}", bill_init)});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto summary = read_json(out / "summary.json");
    const auto& pool = summary.at("pools").at("f");
    EXPECT_EQ(pool.at("cold_starts").get<int>(), 3);
    EXPECT_EQ(pool.at("instances").get<int>(), 2);
    // Sandboxes alive (cold start included) until their last invocation's end + 60 s, or the
    // end of the run (the last answer, 100.2123456 s): A 0 .. 60.2123456, B 0.1 .. 90.0123456,
    // C 100 .. 100.2123456 s.
    EXPECT_NEAR(pool.at("sandbox_s").get<double>(), 60.2123456 + 89.9123456 + 0.2123456, 1e-6);
    const double billed_ms = bill_init ? 3 * 213 + 2 * 13 : 5 * 13;
    const double expected = billed_ms / 1000.0 * (3008.0 / 1024.0) * 0.0000166667 + 5 * 0.2 / 1e6;
    const double cost = summary.at("cost").at("usd_total").get<double>();
    std::printf("[bill] bill_init=%d: simulated $%.17g, by hand $%.17g\n", bill_init, cost,
                expected);
    EXPECT_NEAR(cost, expected, 1e-12);
    EXPECT_DOUBLE_EQ(cost, expected);
    // Latency: the three cold requests waited 200 ms for their sandbox.
    EXPECT_NEAR(summary.at("latency_ms").at("max").get<double>(), 212.3456, 212.3456 * 5e-4);
    EXPECT_NEAR(summary.at("latency_ms").at("p50").get<double>(), 212.3456, 212.3456 * 5e-4);
  }
}

// A function invoked every 30 min (+- 20 s): a fixed 10-min TTL makes every invocation cold;
// the hybrid histogram learns the gap from the first idle time and pre-warms a sandbox
// 26.1-27 min after each invocation, so only the very first invocation is cold.
TEST(Serverless, HybridHistogramPrewarmsAPeriodicWorkload) {
  TempDir dir;
  std::string times = "time_s\n";
  const int count = 60;
  for (int i = 0; i < count; ++i) times += fmt::format("{:.3f}\n", 1800.0 * i + 20 * std::sin(i));
  const auto trace = dir.write("periodic.csv", times);
  auto run = [&](const std::string& keep_alive) {
    const std::string yaml = fmt::format(R"(name: periodic
run: {{requests: {}, warmup: 0}}
workload:
  arrival: {{kind: trace, file: {}, repeat: false}}
models:
  m: {{latency: {{dist: constant, value: 80}}}}
pools:
  - {{name: f, model: m}}
platform: {{kind: serverless, keep_alive: {}}}
)",
                                         count, trace.string(), keep_alive);
    return run_scenario_text(yaml);
  };
  const auto fixed = run("{policy: fixed, ttl_s: 600}");
  const auto hybrid = run("{policy: hybrid_histogram}");
  ASSERT_TRUE(fixed.contains("pools") && hybrid.contains("pools"));
  const auto cold = [](const nlohmann::json& summary) {
    return summary.at("pools").at("f").at("cold_starts").get<int>();
  };
  std::printf("[keep-alive] periodic 30 min: cold starts fixed 10 min %d/%d, hybrid %d/%d\n",
              cold(fixed), count, cold(hybrid), count);
  EXPECT_EQ(cold(fixed), count);
  EXPECT_EQ(cold(hybrid), 1);
}

TEST(Serverless, RunsAreDeterministic) {
  TempDir dir;
  const auto file =
      dir.write("s.yaml", scenario(300, "{dist: lognormal, mu: 1, sigma: 0.5}",
                                   "{kind: serverless, concurrency_limit: 3, on_throttle: retry, "
                                   "retry: {base_ms: 5, max_attempts: 3}, keep_alive: {policy: "
                                   "hybrid_histogram, bin_s: 0.01, range_s: 1}}",
                                   5000, 3));
  std::string first;
  for (const char* name : {"first", "second"}) {
    const auto out = dir.path() / name;
    const ProcessResult result =
        run_servesim({"run", file.string(), "-o", out.string(), "-q", "--no-timing"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string text = read_file(out / "summary.json");
    if (first.empty()) {
      first = text;
    } else {
      EXPECT_EQ(text, first);
    }
  }
}

// The run invariants (tests/system/invariants_test.cpp) on functions: every measured request
// ends exactly one way, execution time never exceeds the sandboxes' time, counters are
// consistent; across redundancy kinds, batching, stragglers, throttling with retries.
TEST(Serverless, RunInvariantsHoldForEveryRedundancyKindAndThrottling) {
  const std::string base = R"(name: invariants
seed: 5
run: {requests: 20000, warmup: 500, replications: 1}
workload: {arrival: {kind: poisson, rate: 1500}}
models:
  m: {latency_by_batch: {1: {dist: lognormal, median: 4, p99: 12}, 8: {dist: lognormal, median: 10, p99: 30}}}
pools:
  - {name: p, model: m, batching: {max_batch: 4, timeout: 1}}
interference:
  stragglers: {fraction: 0.05, slowdown: {dist: lognormal, median: 3, p99: 20}}
platform: {kind: serverless, keep_alive: {policy: hybrid_histogram, bin_s: 0.05, range_s: 10}}
)";
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"redundancy={kind: replicate, r: 1}"},
      {"redundancy={kind: hedge, delay: 5}"},
      {"redundancy={kind: parity, k: 2, r: 1}"},
      {"platform.concurrency_limit=8", "platform.on_throttle=retry",
       "platform.retry={base_ms: 2, max_attempts: 3}", "redundancy={kind: replicate, r: 1}"},
      {"platform.account_concurrency_limit=6", "platform.keep_alive.policy=fixed"},
  };
  for (const auto& sets : cases) {
    std::vector<std::string> args;
    std::string what;
    for (const auto& set : sets) {
      args.insert(args.end(), {"--set", set});
      what += set + " ";
    }
    const nlohmann::json summary = run_scenario_text(base, args);
    if (summary.empty()) continue;  // run_scenario_text already reported the failure
    const double requests = summary["requests"].get<double>();
    double total = 0;
    for (const auto& [path, fraction] : summary["served"].items()) {
      const double count = fraction.get<double>() * requests;
      EXPECT_NEAR(count, std::round(count), 1e-6) << what << "served." << path;
      total += fraction.get<double>();
    }
    EXPECT_NEAR(total, 1.0, 1e-12) << what;
    for (const auto& [name, pool] : summary["pools"].items()) {
      EXPECT_GE(pool["utilization"].get<double>(), 0) << what << name;
      EXPECT_LE(pool["utilization"].get<double>(), 1) << what << name;
      EXPECT_GE(pool["cold_starts"].get<double>(), 1) << what << name;
      EXPECT_GE(pool["cold_start_fraction"].get<double>(), 0) << what << name;
      EXPECT_LE(pool["cold_start_fraction"].get<double>(), 1) << what << name;
      EXPECT_LE(pool["throttled_fraction"].get<double>(), 1) << what << name;
    }
    EXPECT_GT(summary["cost"]["usd_total"].get<double>(), 0) << what;
  }
}

TEST(Serverless, ServerOnlyInterferenceIsAnError) {
  TempDir dir;
  const auto file =
      dir.write("s.yaml", scenario(10, "{dist: constant, value: 1}", "{kind: serverless}", 100, 1) +
                              "interference: {failures: {mttf_s: 100, mttr_s: 10}}\n");
  const ProcessResult result = run_servesim({"check", file.string()});
  EXPECT_EQ(result.exit_code, 2);
  // Checked when the scenario is loaded, so the error points at the key (file:line:col).
  const std::string message =
      ": error: interference.failures: acts on server instances; platform.kind serverless has "
      "none (stragglers are supported)\n";
  EXPECT_EQ(result.err.rfind(file.string() + ":", 0), 0u) << result.err;
  EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
}

}  // namespace
}  // namespace servesim::testing
