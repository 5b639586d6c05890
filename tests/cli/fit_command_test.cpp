// File: tests/cli/fit_command_test.cpp
//
// `servesim fit` as a user calls it: on the shipped ResNet-18 CPU samples it prints a fit table
// and a profile that `servesim check` and `servesim run` accept in a scenario (from -o and from
// stdout alone), extrapolated batch sizes are flagged, and bad input exits 2 with a located
// message and leaves no output file behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

namespace fs = std::filesystem;

const char* const kSamples = "models/measurements/resnet18_cpu_amd-epyc-2cpu.csv";

std::string scenario_using(const fs::path& profile) {
  return "name: fitted\nseed: 1\nrun: {requests: 2000, warmup: 200}\n"
         "workload: {arrival: {kind: poisson, rate: 20}}\n"
         "models:\n  net: {profile: " +
         profile.string() +
         "}\n"
         "pools:\n  - {name: p, model: net, instances: 4, batching: {max_batch: 16, timeout: 5}}\n";
}

TEST(FitCommand, ProfileFromOutputFileIsAcceptedByCheckAndRun) {
  TempDir dir;
  const fs::path profile = dir.path() / "profiles" / "resnet18_fit.yaml";
  const auto result =
      run_servesim({"fit", kSamples, "-o", profile.string(), "--model", "resnet18", "--hardware",
                    "2-vCPU AMD EPYC", "--source", "test", "--extrapolate", "16,32", "--note",
                    "first note", "--note", "second note"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The table: every family per batch size, the best marked, the linear model.
  for (const char* text : {"batch 1: n=205", "batch 8: n=205", "lognormal", "gamma", "weibull",
                           "exponential", "shifted_exponential", "<- best", "linear model",
                           "R^2 = ", "batch 16: EXTRAPOLATED", "wrote "}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text << "\n" << result.out;
  }
  const std::string yaml = read_file(profile);
  EXPECT_EQ(yaml.rfind("# first note\n# second note\n#\n# servesim fit ", 0), 0u) << yaml;
  for (const char* text : {"model: \"resnet18\"", "hardware: \"2-vCPU AMD EPYC\"",
                           "status: measured", "method: \"fitted by servesim fit", "NOT measured",
                           "  16: {dist: ", "  32: {dist: ", "EXTRAPOLATED"}) {
    EXPECT_NE(yaml.find(text), std::string::npos) << text << "\n" << yaml;
  }
  const auto scenario = dir.write("s.yaml", scenario_using(profile));
  const auto check = run_servesim({"check", scenario.string()});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("16:"), std::string::npos) << check.out;
  const auto run = run_servesim(
      {"run", scenario.string(), "-o", (dir.path() / "out").string(), "-q", "--no-timing"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto summary = read_json(dir.path() / "out" / "summary.json");
  EXPECT_GT(summary["latency_ms"]["p50"].get<double>(), 15);  // ResNet-18 on the CPU: ~20 ms
}

TEST(FitCommand, StdoutAloneIsAProfile) {
  TempDir dir;
  const auto result = run_servesim({"fit", kSamples});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind("# servesim fit ", 0), 0u) << result.out;
  const auto profile = dir.write("p.yaml", result.out);
  const auto scenario = dir.write("s.yaml", scenario_using(profile));
  const auto check = run_servesim({"check", scenario.string()});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  // The model name defaults to the samples file's stem.
  EXPECT_NE(result.out.find("model: \"resnet18_cpu_amd-epyc-2cpu\""), std::string::npos);
}

TEST(FitCommand, SingleColumnFileIsBatchOne) {
  TempDir dir;
  const auto result = run_servesim({"fit", "models/measurements/resnet18_cpu_b1.csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("all batch 1"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("  1: {dist: "), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("linear model"), std::string::npos) << result.out;
}

TEST(FitCommand, SameInputSameOutput) {
  const auto a = run_servesim({"fit", kSamples, "--extrapolate", "16"});
  const auto b = run_servesim({"fit", kSamples, "--extrapolate", "16"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

struct BadFit {
  std::string csv;                // "" = do not write the file
  std::vector<std::string> args;  // after "fit FILE"
  std::string message;            // expected on stderr, after the temporary directory
};

TEST(FitCommand, BadInputExitsTwoWithALocatedMessageAndNoOutput) {
  const std::vector<BadFit> cases = {
      {"", {}, "s.csv: error: cannot read the samples: "},
      {"batch,latency_ms\n1,20\n1,abc\n", {}, "s.csv:3:3: error: latency: not a number: 'abc'"},
      {"batch,latency_ms\n1,20\n1,-4\n", {}, "s.csv:3:3: error: latency must be > 0 ms, got -4"},
      {"batch,latency_ms\n2.5,20\n", {}, "s.csv:2:1: error: batch size must be an integer"},
      {"b,lat\n1,20\n", {}, "s.csv:1:1: error: no column 'latency_ms' in the header"},
      {"latency_ms\n20\n21\n",
       {"--batch-column", "batch"},
       "s.csv:1:1: error: no column 'batch' in the header"},
      {"batch,latency_ms\n1,20\n1,21\n4,50\n",
       {},
       "s.csv: error: batch size 4: 1 sample; a fit needs at least 2 per batch size"},
      {"batch,latency_ms\n1,20\n1,20\n", {}, "s.csv: error: batch size 1: all 2 samples are 20 ms"},
      {"batch,latency_ms\n1,20\n1,21\n2,30\n2,32\n",
       {"--extrapolate", "2"},
       "error: --extrapolate: batch size 2 was measured"},
      {"batch,latency_ms\n1,20\n1,21\n",
       {"--extrapolate", "8"},
       "error: --extrapolate needs samples of at least two batch sizes"},
      {"batch,latency_ms\n1,20\n1,21\n2,30\n2,32\n", {"--extrapolate", "x"}, "error: "},
  };
  for (const BadFit& bad : cases) {
    TempDir dir;
    const fs::path csv = dir.path() / "s.csv";
    if (!bad.csv.empty()) dir.write("s.csv", bad.csv);
    const fs::path out = dir.path() / "profile.yaml";
    std::vector<std::string> args = {"fit", csv.string(), "-o", out.string()};
    args.insert(args.end(), bad.args.begin(), bad.args.end());
    const auto result = run_servesim(args);
    EXPECT_EQ(result.exit_code, 2) << bad.message << "\n" << result.err;
    EXPECT_NE(result.err.find(bad.message), std::string::npos)
        << "expected: " << bad.message << "\ngot: " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_FALSE(fs::exists(out)) << bad.message;
    EXPECT_EQ(list_files(dir.path()).size(), bad.csv.empty() ? 0u : 1u) << bad.message;
  }
}

}  // namespace
}  // namespace servesim::testing
