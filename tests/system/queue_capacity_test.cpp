// File: tests/system/queue_capacity_test.cpp
//
// Issue 12: every redundancy kind, ensemble and platform combined with queue_capacity either runs
// (refused copies counted, each request answered or dropped exactly once: the served fractions
// sum to 1 over exactly the requests asked for) or is refused at load with exit 2. Small runs:
// 300 requests per combination, all kinds x capacity {off, 1} x queue {shared, per_instance}.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

struct Kind {
  std::string name;
  std::string scenario;             // relative to the source tree, or "" for `inline_yaml`
  std::string inline_yaml;
  std::vector<std::string> args;    // extra --set
  int pools = 1;                    // how many pools take the capacity and queue settings
};

const char* kServerEnsemble = R"(name: ensemble_capacity
seed: 1
run: {requests: 300, warmup: 0}
workload: {arrival: {kind: poisson, rate: 500}}
models:
  a: {latency: {dist: exponential, mean: 2}}
  b: {latency: {dist: exponential, mean: 3}}
pools:
  - {name: a, model: a, instances: 2}
  - {name: b, model: b, instances: 2}
ensemble: {members: [a, b], execution: parallel}
)";

std::vector<Kind> kinds() {
  const std::string mmc = "scenarios/theory/mmc_rho09.yaml";
  return {
      {"none", mmc, "", {}, 1},
      {"replicate", mmc, "", {"--set", "redundancy={kind: replicate, r: 2}"}, 1},
      {"hedge", mmc, "", {"--set", "redundancy={kind: hedge, delay: 0.5}"}, 1},
      {"hedge_zero_delay", mmc, "", {"--set", "redundancy={kind: hedge, delay: 0}"}, 1},
      {"equal_resources", mmc, "", {"--set", "redundancy={kind: equal_resources, k: 2}"}, 1},
      {"parity", "scenarios/parm/fig9a_gpu.yaml", "", {}, 1},
      {"backup", "scenarios/parm/fig13_backup.yaml", "", {}, 2},
      {"ensemble_parallel", "", kServerEnsemble, {}, 2},
      {"ensemble_serial", "", kServerEnsemble, {"--set", "ensemble.execution=serial"}, 2},
  };
}

TEST(QueueCapacity, EveryKindTimesCapacityTimesQueueAnswersEachRequestOnce) {
  TempDir dir;
  for (const Kind& kind : kinds()) {
    const std::string scenario =
        kind.scenario.empty() ? dir.write(kind.name + ".yaml", kind.inline_yaml).string()
                              : kind.scenario;
    for (const int capacity : {0, 1}) {
      for (const std::string queue : {"shared", "per_instance"}) {
        const auto out = dir.path() / (kind.name + "_" + std::to_string(capacity) + queue);
        std::vector<std::string> args = {"run", scenario, "-o", out.string(), "--requests", "300",
                                         "--set", "run.warmup=0", "--set", "run.replications=1"};
        args.insert(args.end(), kind.args.begin(), kind.args.end());
        for (int pool = 0; pool < kind.pools; ++pool) {
          const std::string prefix = "pools." + std::to_string(pool) + ".";
          args.insert(args.end(), {"--set", prefix + "queue=" + queue, "--set",
                                   prefix + "queue_capacity=" + std::to_string(capacity)});
        }
        const std::string what = kind.name + " capacity " + std::to_string(capacity) + " " + queue;
        const ProcessResult result = run_servesim(args);
        ASSERT_EQ(result.exit_code, 0) << what << "\n" << result.err;
        const nlohmann::json summary = read_json(out / "summary.json");
        EXPECT_EQ(summary["requests"].get<std::int64_t>(), 300) << what;
        double total = 0;
        for (const auto& [path, fraction] : summary["served"].items()) total += fraction.get<double>();
        // Fractions of 300 whole requests: their sum is 1 up to rounding of 7 doubles.
        EXPECT_NEAR(total, 1.0, 1e-12) << what;
      }
    }
  }
}

TEST(QueueCapacity, ServerlessRefusesItAtLoad) {
  const ProcessResult result =
      run_servesim({"check", "scenarios/serverless/resnet18_lambda.yaml", "--set",
                    "pools.0.queue_capacity=1"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("a serverless function queues nothing"), std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace servesim::testing
