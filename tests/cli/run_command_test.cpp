// File: tests/cli/run_command_test.cpp
//
// `servesim run` and `servesim check` as a user calls them: outputs, determinism, --trace,
// replications, and the exit-code/message/no-partial-output contract for bad input (SPEC §2).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSmall = R"(name: small
seed: 3
run: {requests: 20000, warmup: 2000}
workload: {arrival: {kind: poisson, rate: 4000}, payload_bytes: 110000}
network:
  client_frontend: {dist: lognormal, median: 0.1, p99: 0.3}
  frontend_instance: {dist: lognormal, median: 0.1, p99: 0.3}
  bandwidth_gbps: 10
models:
  resnet18: {profile: models/profiles/resnet18_t4.yaml}
pools:
  - {name: deployed, model: resnet18, instances: 12}
interference:
  stragglers: {fraction: 0.05, slowdown: {dist: lognormal, median: 3, p99: 20}}
platform: {kind: servers, usd_per_instance_hour: 0.526}
slo_ms: 10
)";

TEST(RunCommand, WritesSummaryWithEveryContractKey) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kSmall);
  const auto out = dir.path() / "out";
  const auto result = run_servesim({"run", scenario.string(), "-o", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("latency_ms.p9999"), std::string::npos) << result.out;
  const auto summary = read_json(out / "summary.json");
  for (const char* key : {"scenario", "seed", "requests", "latency_ms", "served", "accuracy", "cost",
                          "slo", "sim"}) {
    EXPECT_TRUE(summary.contains(key)) << key;
  }
  for (const char* key : {"mean", "p50", "p90", "p99", "p999", "p9999", "max"}) {
    EXPECT_TRUE(summary["latency_ms"][key].is_number()) << key;
  }
  for (const char* key : {"primary", "reconstructed", "replica", "backup", "partial", "default", "dropped"}) {
    EXPECT_TRUE(summary["served"][key].is_number()) << key;
  }
  for (const char* key : {"events", "wall_s", "events_per_s", "simulated_s"}) {
    EXPECT_TRUE(summary["sim"][key].is_number()) << key;
  }
  EXPECT_EQ(summary["requests"].get<int>(), 20000);
  EXPECT_DOUBLE_EQ(summary["served"]["primary"].get<double>(), 1.0);
  // Percentiles are ordered.
  const auto& lat = summary["latency_ms"];
  EXPECT_LE(lat["p50"].get<double>(), lat["p90"].get<double>());
  EXPECT_LE(lat["p99"].get<double>(), lat["p999"].get<double>());
  EXPECT_LE(lat["p9999"].get<double>(), lat["max"].get<double>());
  // Cost = 12 instances x $0.526/h x simulated hours, per million offered requests.
  const double hours = summary["sim"]["simulated_s"].get<double>() / 3600;
  EXPECT_NEAR(summary["cost"]["usd_total"].get<double>(), 12 * 0.526 * hours, 1e-12);
  EXPECT_NEAR(summary["cost"]["usd_per_million_requests"].get<double>(),
              12 * 0.526 * hours / 22000 * 1e6, 1e-9);
}

TEST(RunCommand, CdfReachesTheTailAndEndsAtMax) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kSmall);
  const auto out = dir.path() / "out";
  ASSERT_EQ(run_servesim({"run", scenario.string(), "-o", out.string(), "-q"}).exit_code, 0);
  const std::string cdf = read_file(out / "cdf.csv");
  ASSERT_EQ(cdf.rfind("latency_ms,fraction\n", 0), 0u);
  const auto summary = read_json(out / "summary.json");
  // Last row: the maximum at fraction 1; rows increase in both columns.
  std::istringstream lines(cdf);
  std::string line;
  std::getline(lines, line);
  double last_ms = -1, last_fraction = -1;
  bool reached_tail = false;
  while (std::getline(lines, line)) {
    const double ms = std::stod(line.substr(0, line.find(',')));
    const double fraction = std::stod(line.substr(line.find(',') + 1));
    EXPECT_GT(ms, last_ms);
    EXPECT_GT(fraction, last_fraction);
    reached_tail |= fraction >= 0.9999;
    last_ms = ms;
    last_fraction = fraction;
  }
  EXPECT_TRUE(reached_tail);
  EXPECT_DOUBLE_EQ(last_fraction, 1.0);
  EXPECT_DOUBLE_EQ(last_ms, summary["latency_ms"]["max"].get<double>());
}

TEST(RunCommand, SameSeedGivesByteIdenticalOutputs) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kSmall);
  for (const char* name : {"a", "b"}) {
    ASSERT_EQ(run_servesim({"run", scenario.string(), "-o", (dir.path() / name).string(), "-q",
                            "--no-timing", "--trace"})
                  .exit_code,
              0);
  }
  for (const char* file : {"summary.json", "cdf.csv", "requests.csv"}) {
    EXPECT_EQ(read_file(dir.path() / "a" / file), read_file(dir.path() / "b" / file)) << file;
  }
  // Another seed changes the draws.
  ASSERT_EQ(run_servesim({"run", scenario.string(), "-o", (dir.path() / "c").string(), "-q",
                          "--no-timing", "--seed", "4"})
                .exit_code,
            0);
  EXPECT_NE(read_file(dir.path() / "a" / "cdf.csv"), read_file(dir.path() / "c" / "cdf.csv"));
  // --no-timing only removes the wall-clock figures.
  const auto timed = run_servesim({"run", scenario.string(), "-o", (dir.path() / "d").string(), "-q"});
  ASSERT_EQ(timed.exit_code, 0);
  auto with_timing = read_json(dir.path() / "d" / "summary.json");
  with_timing["sim"].erase("wall_s");
  with_timing["sim"].erase("events_per_s");
  with_timing["sim"].erase("requests_per_s");
  EXPECT_EQ(with_timing, read_json(dir.path() / "a" / "summary.json"));
}

TEST(RunCommand, TraceHasOneRowPerRequest) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kSmall);
  const auto out = dir.path() / "out";
  ASSERT_EQ(run_servesim({"run", scenario.string(), "-o", out.string(), "-q", "--trace",
                          "--requests", "3000"})
                .exit_code,
            0);
  std::istringstream lines(read_file(out / "requests.csv"));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "replication,index,sent_ms,latency_ms,served,warmup");
  int rows = 0, warmup = 0;
  std::vector<bool> seen(5000, false);
  while (std::getline(lines, line)) {
    ASSERT_EQ(line.rfind("0,", 0), 0u) << line;  // one replication: all rows are replication 0
    const std::string rest = line.substr(2);
    const int index = std::stoi(rest.substr(0, rest.find(',')));
    ASSERT_LT(index, 5000);
    EXPECT_FALSE(seen[static_cast<std::size_t>(index)]) << "request answered twice: " << index;
    seen[static_cast<std::size_t>(index)] = true;
    warmup += line.back() == '1' ? 1 : 0;
    ++rows;
  }
  EXPECT_EQ(rows, 5000);  // 2000 warm-up + 3000 measured, each exactly once
  EXPECT_EQ(warmup, 2000);
}

TEST(RunCommand, ReplicationsAddConfidenceIntervals) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kSmall);
  const auto out = dir.path() / "out";
  ASSERT_EQ(run_servesim({"run", scenario.string(), "-o", out.string(), "-q", "--set",
                          "run.replications=4", "--requests", "5000"})
                .exit_code,
            0);
  const auto summary = read_json(out / "summary.json");
  EXPECT_EQ(summary["requests"].get<int>(), 4 * 5000);
  for (const char* key : {"mean", "p50", "p99", "p999"}) {
    ASSERT_TRUE(summary["latency_ms"]["ci95"][key].is_number()) << key;
    EXPECT_GT(summary["latency_ms"]["ci95"][key].get<double>(), 0);
  }
}

TEST(CheckCommand, PrintsResolvedScenarioWithDefaults) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kSmall);
  const auto result = run_servesim({"check", scenario.string(), "--set", "pools.0.instances=7"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("instances: 7"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("replications: 1"), std::string::npos) << result.out;  // a default
  EXPECT_NE(result.out.find("load_balancer: round_robin"), std::string::npos) << result.out;
  // The printed scenario is itself a valid scenario.
  const auto again = dir.write("resolved.yaml", result.out);
  const auto second = run_servesim({"check", again.string()});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, result.out);
}

// Bad input: exit 2, one message line naming file:line:col and the key, and the output folder
// exactly as it was (here: one pre-existing file, nothing added).
struct BadInput {
  const char* label;
  std::string yaml;
  std::vector<std::string> extra_args;
  std::string expected;  // substring of stderr; "FILE" stands for the scenario path
};

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, ExitsTwoWithMessageAndNoOutput) {
  const BadInput& bad = GetParam();
  TempDir dir;
  const auto scenario = dir.write("bad.yaml", bad.yaml);
  const auto out = dir.path() / "out";
  fs::create_directories(out);
  dir.write("out/keep.txt", "untouched");
  std::vector<std::string> args{"run", scenario.string(), "-o", out.string()};
  args.insert(args.end(), bad.extra_args.begin(), bad.extra_args.end());
  const auto result = run_servesim(args);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  std::string expected = bad.expected;
  if (const auto pos = expected.find("FILE"); pos != std::string::npos) {
    expected.replace(pos, 4, scenario.string());
  }
  EXPECT_NE(result.err.find(expected), std::string::npos)
      << "stderr: " << result.err << "\nexpected to contain: " << expected;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(list_files(out), std::vector<std::string>{"keep.txt"});
  EXPECT_EQ(read_file(out / "keep.txt"), "untouched");
  EXPECT_TRUE(result.out.empty()) << result.out;
}

std::string with(const std::string& from, const std::string& to) {
  std::string text = kSmall;
  text.replace(text.find(from), from.size(), to);
  return text;
}

INSTANTIATE_TEST_SUITE_P(
    EveryClass, BadInputTest,
    ::testing::Values(
        BadInput{"syntax", with("pools:\n", "pools: [\n"), {}, "FILE:"},
        BadInput{"unknown_key", with("run: {requests", "run: {replicatons: 2, requests"), {},
                 "FILE:3:7: error: run.replicatons"},
        BadInput{"wrong_type", with("rate: 4000", "rate: fast"), {}, "FILE:4:"},
        BadInput{"out_of_range", with("instances: 12", "instances: 0"), {}, "FILE:12:"},
        BadInput{"missing_trace",
                 with("{kind: poisson, rate: 4000}", "{kind: trace, file: traces/none.csv}"), {},
                 "traces/none.csv"},
        BadInput{"bad_set", kSmall, {"--set", "redundancy.k=0"}, "--set redundancy.k=0"},
        BadInput{"set_unknown_key", kSmall, {"--set", "slo_msec=5"}, "slo_msec"},
        BadInput{"unknown_model", with("model: resnet18,", "model: resnet50,"), {}, "resnet50"},
        BadInput{"bad_flag", kSmall, {"--colour"}, "error: "}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return std::string(info.param.label); });

TEST(RunCommand, MissingScenarioFileExitsTwo) {
  TempDir dir;
  const auto result = run_servesim({"run", (dir.path() / "nope.yaml").string(), "-o",
                                    (dir.path() / "out").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("nope.yaml"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(RunCommand, MalformedTraceFileNamesItsLine) {
  TempDir dir;
  const auto trace = dir.write("t.csv", "time_s\n0.0\n0.5\nabc\n");
  const auto scenario = dir.write(
      "s.yaml", with("{kind: poisson, rate: 4000}", "{kind: trace, file: " + trace.string() + "}"));
  const auto result = run_servesim({"run", scenario.string(), "-o", (dir.path() / "out").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(trace.string() + ":4:"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

}  // namespace
}  // namespace servesim::testing
