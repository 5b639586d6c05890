// File: tests/cli/hostile_input_test.cpp
//
// Issue 12, the hostile inputs that the catalogue of bad inputs (tests/bad_inputs, `servesim run`
// only) cannot hold: other commands (fit, sweep), files made at test time (a YAML file over the
// size cap) and inputs that must run, not fail (a counts-trace row of 2^32 - 1 arrivals drawn
// lazily, a heavy-tailed law that saturates).
#include <gtest/gtest.h>

#include <string>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

const char* kSmallScenario = R"(name: hostile
seed: 1
run: {requests: 2000, warmup: 0}
models:
  m: {latency: {dist: exponential, mean: 1}}
pools:
  - {name: p, model: m, instances: 4}
)";

TEST(HostileInput, YamlOverTheSizeCapIsAUserError) {
  TempDir dir;
  // A comment line of 2 MiB: valid YAML, over the 1 MiB cap.
  const auto file = dir.write("big.yaml", std::string(kSmallScenario) + "#" +
                                              std::string(2u << 20, 'x') + "\n");
  const ProcessResult result = run_servesim({"check", file.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("YAML file too large: 2097"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("at most 1048576 bytes"), std::string::npos) << result.err;
}

// Was 16.8 GB for one row of 2^32 - 1: the row is now drawn one arrival at a time.
TEST(HostileInput, CountsRowOfTwoToThe32MinusOneArrivalsRunsLazily) {
  TempDir dir;
  dir.write("counts.csv", "count\n4294967295\n");
  const auto scenario = dir.write(
      "s.yaml", std::string(kSmallScenario) +
                    "workload: {arrival: {kind: trace, format: counts, interval_s: 1e6, "
                    "file: counts.csv}}\n");
  const ProcessResult result =
      run_servesim({"run", scenario.string(), "-q", "-o", (dir.path() / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json summary = read_json(dir.path() / "out" / "summary.json");
  EXPECT_EQ(summary["requests"].get<std::int64_t>(), 2000);
}

// Pareto with shape 0.3 (infinite mean, which the docs allow): draws beyond the horizon
// saturate and are counted, the run ends normally.
TEST(HostileInput, HeavyTailSaturatesAndIsCounted) {
  const nlohmann::json summary = run_scenario_text(
      std::string(kSmallScenario) + "workload: {arrival: {kind: poisson, rate: 100}}\n",
      {"--set", "models.m.latency={dist: pareto, shape: 0.05, scale: 1}"});
  // P(draw > 4.6e12 ms) = (1 / 4.6e12)^0.05 = 0.234 per draw: of 2000 draws, none saturating has
  // probability 0.766^2000 < 1e-200.
  EXPECT_GT(summary["sim"]["saturated_samples"].get<std::int64_t>(), 0);
  EXPECT_EQ(summary["requests"].get<std::int64_t>(), 2000);
}

TEST(HostileInput, FitNearlyConstantSamplesNamesTheFile) {
  TempDir dir;
  const auto file = dir.write("const.csv", "batch,latency_ms\n1,5\n1,5\n1,5\n1,5.0000000001\n");
  const ProcessResult result = run_servesim({"fit", file.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("const.csv: error: batch size 1: all 4 samples are 5 ms"),
            std::string::npos)
      << result.err;
}

TEST(HostileInput, FitOutputThatIsADirectoryIsAUserError) {
  TempDir dir;
  const auto file = dir.write("s.csv", "batch,latency_ms\n1,5\n1,6\n1,7\n1,5.5\n");
  const ProcessResult result = run_servesim({"fit", file.string(), "-o", dir.path().string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("is a directory"), std::string::npos) << result.err;
}

TEST(HostileInput, SweepJobsOutOfRangeAreUserErrors) {
  for (const std::string jobs : {"0", "-1", "1025", "99999999999"}) {
    const ProcessResult result =
        run_servesim({"sweep", "scenarios/sweeps/load.yaml", "--dry-run", "-j", jobs});
    EXPECT_EQ(result.exit_code, 2) << jobs << "\n" << result.err;
  }
}

TEST(HostileInput, SweepGridWithADuplicateValueIsRefusedAtItsPosition) {
  const ProcessResult result =
      run_servesim({"sweep", "tests/bad_inputs/data/dup_grid_sweep.yaml", "--dry-run"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("dup_grid_sweep.yaml:4:39: error: grid.workload.arrival.rate: value "
                            "1000 is listed twice"),
            std::string::npos)
      << result.err;
}

// The dry run streams (constant memory): it lists this shard's points as they are checked and
// ends with the count of all of them.
TEST(HostileInput, SweepDryRunListsShardPointsAndChecksAll) {
  const ProcessResult result =
      run_servesim({"sweep", "scenarios/sweeps/load.yaml", "--dry-run", "--shard", "1/4"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("sweep load: 6 points x 3 replications"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\n     5  "), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("\n     4  "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("every point checked (24 in all)"), std::string::npos) << result.out;
}

// A column name twice in a sweep.csv header: compare used the first in silence; errors on rows
// now carry a column too (FILE:LINE:COL).
TEST(HostileInput, CompareRefusesADuplicateColumnAtItsPosition) {
  TempDir dir;
  const auto duplicated = dir.write("dup.csv", "a,b,a\n1,2,3\n");
  const auto fine = dir.write("ok.csv", "a,b\n1,2\n");
  const ProcessResult result =
      run_servesim({"compare", duplicated.string(), fine.string(), "--metric", "b"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("dup.csv:1:5: error: column 'a' appears twice in the header"),
            std::string::npos)
      << result.err;
}

// Unrepresentable times are refused at load, so `check` refuses them as `run` does.
TEST(HostileInput, CheckRefusesUnrepresentableTimes) {
  for (const std::string file : {"time_mttf_huge", "time_rate_tiny", "time_trace_huge",
                                 "time_counts_span", "progress_mmpp_switch"}) {
    const ProcessResult result = run_servesim({"check", "tests/bad_inputs/" + file + ".yaml"});
    EXPECT_EQ(result.exit_code, 2) << file << "\n" << result.err;
    EXPECT_NE(result.err.find("whole nanoseconds up to about 146 years"), std::string::npos)
        << file << "\n" << result.err;
  }
}

}  // namespace
}  // namespace servesim::testing
