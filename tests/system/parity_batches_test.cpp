// File: tests/system/parity_batches_test.cpp
//
// Parity coding of batches (ParM codes batches when batching): with the deployed pool's
// max_batch B > 1 the frontend forms batches of B requests, k batches make a coding group and
// the parity query is one batch of B encoded queries. Expected values are closed forms or exact
// consequences of deterministic service times.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>

#include "burst_trace.hpp"
#include "servesim_process.hpp"
#include "theory.hpp"

namespace servesim::testing {
namespace {

TEST(ParityBatches, NoQueueingLatencyMatchesClosedFormOfUnits) {
  // Batches of B = 4 take Exp(mean 1 ms) (the batch-1 law is irrelevant: every batch is full),
  // k batches + 1 parity batch, ample instances, free encode/decode. A group's k*B requests
  // arrive together, so every request is answered with its batch, whose latency has the
  // request-level closed form of ParM: P(T > t) = e^{-t} (1 - (1 - e^{-t})^k).
  constexpr int kBatch = 4;
  for (int k : {2, 4}) {
    TempDir dir;
    const auto trace = dir.write("bursts.csv", burst_trace(k * kBatch));
    const auto summary = run_scenario_text(fmt::format(R"(name: parity_batches_closed_form
seed: 32
run: {{requests: 200000, warmup: 2000, replications: 10}}
workload: {{arrival: {{kind: trace, file: {}}}}}
models:
  m: {{latency_by_batch: {{1: {{dist: constant, value: 0.5}}, {}: {{dist: exponential, mean: 1}}}}}}
pools:
  - {{name: deployed, model: m, instances: 64, batching: {{max_batch: {}}}}}
  - {{name: parity, model: m, instances: 64, batching: {{max_batch: {}}}}}
redundancy: {{kind: parity, k: {}, r: 1}}
)",
                                                       trace.string(), kBatch, kBatch, kBatch, k));
    ASSERT_TRUE(summary.contains("latency_ms")) << "k=" << k;
    auto survival = [k](double t) { return std::exp(-t) * (1 - std::pow(1 - std::exp(-t), k)); };
    for (const auto& [name, p] : {std::pair{"p99", 0.99}, std::pair{"p999", 0.999}}) {
      const double theory = quantile_from_survival(survival, p);
      const double sim = summary["latency_ms"][name].get<double>();
      const double ci = summary["latency_ms"]["ci95"][name].get<double>();
      std::printf("[theory] ParityBatches k=%d %s: simulated %.5f +- %.5f ms, theory %.5f ms\n",
                  k, name, sim, ci, theory);
      EXPECT_NEAR(sim, theory, tolerance(ci, theory)) << "k=" << k << " " << name;
    }
    // A batch is reconstructed iff it is the last of its group's k + 1 outputs: 1/(k+1) of the
    // batches, hence of the requests. 5e4 batches per k: binomial sd < 2.2e-3; 0.01.
    const double reconstructed = summary["served"]["reconstructed"].get<double>();
    std::printf("[theory] ParityBatches k=%d reconstructed: simulated %.5f, theory %.5f\n", k,
                reconstructed, 1.0 / (k + 1));
    EXPECT_NEAR(reconstructed, 1.0 / (k + 1), 0.01) << "k=" << k;
    // Whole batches: every deployed and parity batch holds exactly B queries.
    EXPECT_DOUBLE_EQ(summary["pools"]["deployed"]["mean_batch"].get<double>(), kBatch);
    EXPECT_DOUBLE_EQ(summary["pools"]["parity"]["mean_batch"].get<double>(), kBatch);
  }
}

// Deployed batches of 2 take 10 ms, parity batches 1 ms; groups of k = 2 batches arrive at once.
std::string slow_batches_fast_parity(const std::string& trace, int deployed, int r) {
  return fmt::format(R"(name: parity_batches_deterministic
seed: 4
run: {{requests: 2000, warmup: 0}}
workload: {{arrival: {{kind: trace, file: {}}}}}
models:
  slow: {{latency_by_batch: {{1: {{dist: constant, value: 10}}, 2: {{dist: constant, value: 10}}}}}}
  fast: {{latency_by_batch: {{1: {{dist: constant, value: 1}}, 2: {{dist: constant, value: 1}}}}}}
pools:
  - {{name: deployed, model: slow, instances: {}, batching: {{max_batch: 2}}}}
  - {{name: parity, model: fast, instances: 4, batching: {{max_batch: 2}}}}
redundancy: {{kind: parity, k: 2, r: {}}}
)",
                     trace, deployed, r);
}

TEST(ParityBatches, ReconstructionAnswersWholeBatchesAndCancelsTheirWork) {
  TempDir dir;
  const auto trace = dir.write("groups.csv", burst_trace(4)).string();
  // r = 2, one deployed instance: both parity batches are back at 1 ms, so both data batches
  // (four requests) are rebuilt then; the queued batch is cancelled and never runs, the running
  // one finishes and is discarded.
  const auto summary = run_scenario_text(slow_batches_fast_parity(trace, 1, 2));
  ASSERT_TRUE(summary.contains("served"));
  EXPECT_DOUBLE_EQ(summary["served"]["reconstructed"].get<double>(), 1.0);
  EXPECT_NEAR(summary["latency_ms"]["max"].get<double>(), 1.0, 1e-3);
  const auto& deployed = summary["pools"]["deployed"];
  EXPECT_EQ(deployed["cancelled_queued"].get<int>(), 500);  // one batch per group of four
  EXPECT_EQ(deployed["discarded"].get<int>(), 499);  // the last ended the run while running
  EXPECT_DOUBLE_EQ(deployed["mean_batch"].get<double>(), 2.0);
  // Each request had one copy (inside its batch), and each was cancelled.
  EXPECT_DOUBLE_EQ(summary["redundancy"]["copies_per_request"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(summary["redundancy"]["cancelled_per_request"].get<double>(), 1.0);
  // r = 1, eight instances: one parity batch cannot stand in for two missing batches, so
  // every answer waits for its own batch: 10 ms.
  const auto one = run_scenario_text(slow_batches_fast_parity(trace, 8, 1));
  ASSERT_TRUE(one.contains("latency_ms"));
  EXPECT_NEAR(one["latency_ms"]["mean"].get<double>(), 10.0, 1e-3);
  EXPECT_NEAR(one["latency_ms"]["max"].get<double>(), 10.0, 1e-3);
}

TEST(ParityBatches, BatchingTimeoutSendsAPartialBatch) {
  // One request every 100 ms, batches of 4 with a 5 ms timeout: every batch leaves partial, with
  // its one request, 5 ms after it arrived, and a batch of one takes 2 ms. The group of k = 2
  // such batches closes when its second leaves; its parity (3 ms) comes too late to matter.
  // Every latency: 7 ms.
  TempDir dir;
  const auto trace = dir.write("sparse.csv", "time_s\n0\n0.1\n0.2\n0.3\n").string();
  const auto summary = run_scenario_text(fmt::format(R"(name: parity_batches_timeout
seed: 5
run: {{requests: 400, warmup: 0}}
workload: {{arrival: {{kind: trace, file: {}}}}}
models:
  m: {{latency_by_batch: {{1: {{dist: constant, value: 2}}, 4: {{dist: constant, value: 5}}}}}}
  p: {{latency_by_batch: {{1: {{dist: constant, value: 3}}, 4: {{dist: constant, value: 6}}}}}}
pools:
  - {{name: deployed, model: m, instances: 2, batching: {{max_batch: 4, timeout: 5}}}}
  - {{name: parity, model: p, instances: 1, batching: {{max_batch: 4}}}}
redundancy: {{kind: parity, k: 2, r: 1}}
)",
                                                     trace));
  ASSERT_TRUE(summary.contains("latency_ms"));
  EXPECT_NEAR(summary["latency_ms"]["p50"].get<double>(), 7.0, 7.0 * 1e-3);
  EXPECT_NEAR(summary["latency_ms"]["max"].get<double>(), 7.0, 7.0 * 1e-3);
  EXPECT_DOUBLE_EQ(summary["served"]["primary"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(summary["pools"]["deployed"]["mean_batch"].get<double>(), 1.0);
}

TEST(ParityBatches, NamedParityPoolMustBatchLikeTheDeployedPool) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", R"(name: x
models: {m: {latency_by_batch: {1: 1, 4: 2}}}
pools:
  - {name: deployed, model: m, batching: {max_batch: 4}}
  - {name: parity, model: m, batching: {max_batch: 2}}
redundancy: {kind: parity, k: 2}
)");
  const auto result = run_servesim({"check", scenario.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("pools.1.batching.max_batch"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace servesim::testing
