// File: tests/system/cost_breakdown_test.cpp
//
// summary.json's cost.breakdown: the parts add up to cost.usd_total exactly (left to right, as a
// reader of the JSON would add them), and each part equals a bill worked out by hand for a
// server pool and for a serverless function. Everything here is deterministic (constant times,
// trace arrivals), so the hand values are exact up to double rounding.
#include <fmt/format.h>
#include <gtest/gtest.h>


#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

const char* const kParts[] = {"compute", "idle", "provisioned", "init", "requests", "orchestrator"};

double part(const nlohmann::json& summary, const char* name) {
  return summary.at("cost").at("breakdown").at(name).get<double>();
}

// The parts in summary order, summed left to right, must give the total bit for bit.
void expect_parts_sum_to_total(const nlohmann::json& summary) {
  const auto& breakdown = summary.at("cost").at("breakdown");
  double sum = 0;
  for (const char* name : kParts) {
    ASSERT_TRUE(breakdown.contains(name)) << name;
    sum += breakdown.at(name).get<double>();
  }
  EXPECT_EQ(sum, summary.at("cost").at("usd_total").get<double>());
}

TEST(CostBreakdown, ServerPoolSplitsBusyAndIdleInstanceTime) {
  // Two requests of 10 ms at 0 s and 1 s on 2 instances at $0.90/h; the run ends with the last
  // answer at 1.01 s. Paid: 2 x 1.01 instance-seconds; busy: 0.02 s.
  TempDir dir;
  const auto trace = dir.write("trace.csv", "time_s\n0\n1\n");
  const auto summary = run_scenario_text(fmt::format(R"(name: servers
seed: 1
run: {{requests: 2, warmup: 0}}
workload:
  arrival: {{kind: trace, file: {}, repeat: false}}
models:
  m: {{latency: {{dist: constant, value: 10}}}}
pools:
  - {{name: p, model: m, instances: 2}}
platform: {{kind: servers, usd_per_instance_hour: 0.9}}
)",
                                                     trace.string()));
  const double total = 0.9 * 2 * 1.01 / 3600;
  const double compute = 0.9 * 0.02 / 3600;
  EXPECT_NEAR(summary.at("cost").at("usd_total").get<double>(), total, total * 1e-12);
  EXPECT_NEAR(part(summary, "compute"), compute, compute * 1e-9);
  EXPECT_NEAR(part(summary, "idle"), total - compute, total * 1e-12);
  for (const char* name : {"provisioned", "init", "requests", "orchestrator"}) {
    EXPECT_EQ(part(summary, name), 0) << name;
  }
  expect_parts_sum_to_total(summary);
}

TEST(CostBreakdown, ServerlessSplitsExecutionInitAndRequestFees) {
  // The bill of tests/system/serverless_test.cpp with bill_init: five invocations of 12.3456 ms,
  // three of them cold after 200 ms of init (billed ceil(212.3456) = 213 ms, of which 200 ms
  // init), two warm (13 ms). Init: 600 ms; execution: 3 x 13 + 2 x 13 = 65 ms (the rounding up
  // counts as execution); fees: 5 x $0.20 per million.
  TempDir dir;
  const auto trace = dir.write("trace.csv", "time_s\n0\n0.1\n1\n30\n100\n");
  const auto summary = run_scenario_text(fmt::format(R"(name: bill
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
  bill_init: true
  cold_start: {{dist: constant, value: 150}}
  model_load: {{dist: constant, value: 50}}
  keep_alive: {{policy: fixed, ttl_s: 60}}
)",
                                                     trace.string()));
  const double usd_per_ms = 3008.0 / 1024.0 * 0.0000166667 / 1000.0;
  EXPECT_NEAR(part(summary, "init"), 600 * usd_per_ms, 600 * usd_per_ms * 1e-9);
  EXPECT_NEAR(part(summary, "compute"), 65 * usd_per_ms, 65 * usd_per_ms * 1e-9);
  EXPECT_NEAR(part(summary, "requests"), 5 * 0.2 / 1e6, 1e-18);
  for (const char* name : {"idle", "provisioned", "orchestrator"}) {
    EXPECT_EQ(part(summary, name), 0) << name;
  }
  expect_parts_sum_to_total(summary);
}

TEST(CostBreakdown, PartsSumToTheTotalForShippedScenariosWithReplications) {
  // The serverless ensemble (orchestrator transitions) and the quickstart cluster, with several
  // replications so that the parts are means.
  for (const char* scenario :
       {"scenarios/serverless/ensemble_seed.yaml", "scenarios/quickstart.yaml"}) {
    TempDir dir;
    const ProcessResult result = run_servesim(
        {"run", std::string(SERVESIM_SOURCE_DIR) + "/" + scenario, "-o", dir.path().string(), "-q",
         "--requests", "2000", "--set", "run.replications=3", "--set", "run.warmup=200"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto summary = read_json(dir.path() / "summary.json");
    expect_parts_sum_to_total(summary);
    EXPECT_TRUE(summary.at("cost").at("breakdown").at("ci95").contains("compute")) << scenario;
  }
}

}  // namespace
}  // namespace servesim::testing
