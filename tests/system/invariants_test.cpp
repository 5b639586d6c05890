// File: tests/system/invariants_test.cpp
//
// The run invariants of docs/hardening.md, checked on real runs of every redundancy kind, of
// ensembles (parallel, serial, with a deadline), on failures that requeue work and on a bounded
// queue that drops: each request is answered once or counted dropped (served fractions are whole
// counts that sum to 1), busy time never exceeds simulated time (utilization <= 1), and cost is
// instances x price x simulated time. The debug build (and the asan preset) also checks, on
// every event, that the clock never goes back, that cancelled work never answers and that no
// request is answered twice (SERVESIM_DEBUG_ASSERT in sim/core/engine.cpp, sim/core/slot_pool.hpp
// and sim/cluster/{frontend,instance_pool}.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

const std::string kBase = R"(name: invariants
seed: 5
run: {requests: 20000, warmup: 500, replications: 1}
workload: {arrival: {kind: poisson, rate: 1500}}
models:
  m: {latency_by_batch: {1: {dist: lognormal, median: 4, p99: 12}, 8: {dist: lognormal, median: 10, p99: 30}}}
pools:
  - {name: p, model: m, instances: 12, batching: {max_batch: 4, timeout: 1}}
interference:
  stragglers: {fraction: 0.05, slowdown: {dist: lognormal, median: 3, p99: 20}}
platform: {kind: servers, usd_per_instance_hour: 0.5}
)";

struct Case {
  const char* name;
  std::vector<std::string> sets;
};

void check_invariants(const nlohmann::json& summary, const std::string& what) {
  const double requests = summary["requests"].get<double>();
  EXPECT_EQ(requests, 20000) << what;
  // Fractions of whole counts summing to 1: every measured request ended exactly one way.
  double total = 0;
  for (const auto& [path, fraction] : summary["served"].items()) {
    const double count = fraction.get<double>() * requests;
    EXPECT_NEAR(count, std::round(count), 1e-6) << what << " served." << path;
    total += fraction.get<double>();
  }
  // Seven doubles, each within an ulp of its count / requests: 1e-12 is far above that rounding.
  EXPECT_NEAR(total, 1.0, 1e-12) << what;
  const double simulated_s = summary["sim"]["simulated_s"].get<double>();
  ASSERT_GT(simulated_s, 0) << what;
  double instance_hours = 0;
  for (const auto& [name, pool] : summary["pools"].items()) {
    const double utilization = pool["utilization"].get<double>();
    EXPECT_GE(utilization, 0) << what << " pool " << name;
    EXPECT_LE(utilization, 1) << what << " pool " << name;
    instance_hours += pool["instances"].get<double>() * simulated_s / 3600;
  }
  // The cost is computed from the same numbers in another order: 1e-12 relative covers rounding.
  EXPECT_NEAR(summary["cost"]["usd_total"].get<double>(), 0.5 * instance_hours,
              1e-12 * 0.5 * instance_hours)
      << what;
  EXPECT_LE(summary["redundancy"]["cancelled_per_request"].get<double>(),
            summary["redundancy"]["copies_per_request"].get<double>())
      << what;
}

TEST(RunInvariants, HoldForEveryRedundancyKindFailuresAndDrops) {
  const std::vector<Case> cases = {
      {"none", {}},
      {"replicate", {"redundancy={kind: replicate, r: 1}"}},
      {"hedge", {"redundancy={kind: hedge, delay: 5}"}},
      {"equal_resources", {"redundancy={kind: equal_resources, k: 2, r: 1}"}},
      {"parity", {"redundancy={kind: parity, k: 2, r: 1}"}},
      {"failures", {"interference.failures={mttf_s: 2, mttr_s: 0.5}",
                    "redundancy={kind: replicate, r: 1}"}},
      {"per_instance_drops", {"pools.0.queue=per_instance", "pools.0.queue_capacity=3",
                              "workload.arrival.rate=4000", "load_balancer=power_of_two"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args;
    for (const auto& set : c.sets) args.insert(args.end(), {"--set", set});
    const nlohmann::json summary = run_scenario_text(kBase, args);
    if (summary.empty()) continue;  // run_scenario_text already reported the failure
    check_invariants(summary, c.name);
  }
}

// The backup kind needs a second pool, and ensembles fan each request out to member pools
// (parallel or serial, with a deadline that answers with the members done so far): the same
// invariants hold for them.
TEST(RunInvariants, HoldForBackupAndEnsembles) {
  const std::string common = R"(seed: 6
run: {requests: 20000, warmup: 500, replications: 1}
workload: {arrival: {kind: poisson, rate: 1500}}
interference:
  stragglers: {fraction: 0.05, slowdown: {dist: lognormal, median: 3, p99: 20}}
platform: {kind: servers, usd_per_instance_hour: 0.5}
)";
  const std::string backup = common + R"(name: invariants_backup
models:
  m: {latency_by_batch: {1: {dist: lognormal, median: 4, p99: 12}, 8: {dist: lognormal, median: 10, p99: 30}}}
  approx: {latency: {dist: constant, value: 1}}
pools:
  - {name: p, model: m, instances: 12, batching: {max_batch: 4, timeout: 1}}
  - {name: backup, model: approx, instances: 4}
redundancy: {kind: backup}
)";
  const std::string ensemble = common + R"(name: invariants_ensemble
models:
  a: {latency_by_batch: {1: {dist: lognormal, median: 4, p99: 12}, 8: {dist: lognormal, median: 10, p99: 30}}}
  b: {latency_by_batch: {1: {dist: lognormal, median: 3, p99: 15}, 8: {dist: lognormal, median: 8, p99: 30}}}
  c: {latency_by_batch: {1: {dist: exponential, mean: 4}, 8: {dist: exponential, mean: 9}}}
pools:
  - {name: a, model: a, instances: 12, batching: {max_batch: 4, timeout: 1}}
ensemble: {members: [a, b, c], execution: parallel}
)";
  struct TextCase {
    const char* name;
    std::string text;
    std::vector<std::string> sets;
  };
  const std::vector<TextCase> cases = {
      {"backup", backup, {}},
      {"backup_fixed_timeout", backup, {"redundancy.timeout=6"}},
      {"ensemble_parallel", ensemble, {}},
      {"ensemble_serial", ensemble, {"ensemble.execution=serial"}},
      {"ensemble_deadline", ensemble, {"ensemble.deadline=8"}},
      {"ensemble_deadline_failures", ensemble,
       {"ensemble.deadline=8", "interference.failures={mttf_s: 2, mttr_s: 0.5}"}},
  };
  for (const auto& [name, text, sets] : cases) {
    std::vector<std::string> args;
    for (const auto& set : sets) args.insert(args.end(), {"--set", set});
    const nlohmann::json summary = run_scenario_text(text, args);
    if (summary.empty()) continue;  // run_scenario_text already reported the failure
    check_invariants(summary, name);
  }
}

}  // namespace
}  // namespace servesim::testing
