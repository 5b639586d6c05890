// File: tests/cli/run_jobs_test.cpp
//
// `servesim run -j N` runs replications on N threads and must write the bytes of -j 1
// (issue 16): summary.json (without wall-clock figures), cdf.csv and requests.csv.
#include <gtest/gtest.h>

#include <filesystem>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

namespace fs = std::filesystem;

// Small and quick: 4 replications of 1500 requests on a per_instance pool with failures, so
// the load balancer's state and the failure streams are exercised on every thread.
const std::string kReplicated = R"(name: replicated
seed: 5
run: {requests: 1500, warmup: 200, replications: 4}
workload: {arrival: {kind: poisson, rate: 3000}, payload_bytes: 110000}
network:
  client_frontend: {dist: lognormal, median: 0.1, p99: 0.3}
  frontend_instance: {dist: lognormal, median: 0.1, p99: 0.3}
  bandwidth_gbps: 10
models:
  resnet18: {profile: models/profiles/resnet18_t4.yaml}
interference:
  failures: {mttf_s: 0.5, mttr_s: 0.05}
pools:
  - {name: deployed, model: resnet18, instances: 8, queue: per_instance}
load_balancer: power_of_two
platform: {kind: servers, usd_per_instance_hour: 0.526}
slo_ms: 10
)";

TEST(RunJobs, ThreeThreadsWriteTheBytesOfOne) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kReplicated);
  std::vector<fs::path> outs;
  for (const char* jobs : {"1", "3"}) {
    const auto out = dir.path() / (std::string("out_j") + jobs);
    const auto result = run_servesim(
        {"run", scenario.string(), "-o", out.string(), "-q", "--no-timing", "--trace", "-j", jobs});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    outs.push_back(out);
  }
  for (const char* file : {"summary.json", "cdf.csv", "requests.csv"}) {
    const std::string one = read_file(outs[0] / file);
    EXPECT_FALSE(one.empty()) << file;
    EXPECT_EQ(one, read_file(outs[1] / file)) << file;
  }
}

TEST(RunJobs, JobsOutsideOneTo1024AreExitTwoLikeSweeps) {
  TempDir dir;
  const auto scenario = dir.write("s.yaml", kReplicated);
  for (const char* jobs : {"0", "-3", "1025"}) {
    const auto result = run_servesim({"run", scenario.string(), "-j", jobs, "-o",
                                      (dir.path() / "out").string()});
    EXPECT_EQ(result.exit_code, 2) << jobs;
    EXPECT_NE(result.err.find(std::string("-j ") + jobs + ": must be in [1, 1024]"),
              std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "out")) << jobs;
  }
}

}  // namespace
}  // namespace servesim::testing
