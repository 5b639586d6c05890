// File: tests/run/sweep_plan_test.cpp
//
// Sweep files and their expansion into points: grid (cartesian, first key slowest), zip
// (paired, innermost), the seed schemes (results depend on a point's values, never on its
// position or the order of execution), and errors that name the sweep file, line and key.
#include "sim/run/sweep_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "servesim_process.hpp"
#include "sim/core/error.hpp"
#include "sim/io/sweep_loader.hpp"
#include "sim/run/sweep.hpp"

namespace servesim::run {
namespace {

using testing::TempDir;

// M/M/1 at rho 0.7, small enough that a row takes about a millisecond.
const std::string kBase = R"(name: tiny
seed: 11
run: {requests: 2000, warmup: 200, replications: 2}
workload: {arrival: {kind: poisson, rate: 700}}
models:
  m: {latency: {dist: exponential, mean: 1}}
pools:
  - {name: p, model: m, instances: 1}
)";

std::string values_of(const std::vector<io::Override>& point) {
  std::string text;
  for (const auto& override : point) text += override.path + "=" + override.value + " ";
  return text;
}

io::SweepSpec spec_of(const TempDir& dir, const std::string& sweep) {
  dir.write("base.yaml", kBase);
  return io::load_sweep(dir.write("sweep.yaml", sweep).string());
}

std::string figure(const Figures& figures, const std::string& key) {
  for (const auto& [name, value] : figures) {
    if (name == key) return cell_text(value);
  }
  ADD_FAILURE() << "no figure " << key;
  return "";
}

TEST(SweepPlan, GridIsCartesianFirstKeySlowest) {
  TempDir dir;
  const auto spec = spec_of(dir, R"(base: base.yaml
grid:
  workload.arrival.rate: [100, 200, 300]
  pools.0.instances: [1, 2]
)");
  const auto points = expand_points(spec);
  ASSERT_EQ(points.size(), 6u);
  std::vector<std::string> got;
  for (const auto& point : points) got.push_back(values_of(point));
  EXPECT_EQ(got, (std::vector<std::string>{"workload.arrival.rate=100 pools.0.instances=1 ",
                                           "workload.arrival.rate=100 pools.0.instances=2 ",
                                           "workload.arrival.rate=200 pools.0.instances=1 ",
                                           "workload.arrival.rate=200 pools.0.instances=2 ",
                                           "workload.arrival.rate=300 pools.0.instances=1 ",
                                           "workload.arrival.rate=300 pools.0.instances=2 "}));
}

TEST(SweepPlan, ZipPairsValuesAndIsTheInnermostDimension) {
  TempDir dir;
  const auto spec = spec_of(dir, R"(base: base.yaml
zip:
  workload.arrival.rate: [100, 200, 300]
  run.requests: [1000, 2000, 3000]
grid:
  pools.0.instances: [1, 2]
)");
  const auto points = expand_points(spec);
  ASSERT_EQ(points.size(), 6u);  // 2 grid values x 3 zipped pairs, not 2 x 3 x 3
  EXPECT_EQ(values_of(points[0]),
            "pools.0.instances=1 workload.arrival.rate=100 run.requests=1000 ");
  EXPECT_EQ(values_of(points[2]),
            "pools.0.instances=1 workload.arrival.rate=300 run.requests=3000 ");
  EXPECT_EQ(values_of(points[3]),
            "pools.0.instances=2 workload.arrival.rate=100 run.requests=1000 ");
}

TEST(SweepPlan, FlowCollectionsAreValuesAndNoKeysIsOnePoint) {
  TempDir dir;
  auto spec = spec_of(dir,
                      "base: base.yaml\ngrid: {redundancy: [{kind: none}, "
                      "{kind: hedge, delay: 5}]}\n");
  auto points = expand_points(spec);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[1][0].value, "{kind: hedge, delay: 5}");
  const SweepPlan plan = make_plan(spec);
  EXPECT_EQ(plan.points[1].config.redundancy.kind, "hedge");
  EXPECT_EQ(plan.replications, 2);  // from the base scenario's run.replications

  spec = spec_of(dir, "base: base.yaml\nreplications: 3\n");
  points = expand_points(spec);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_TRUE(points[0].empty());
  EXPECT_EQ(make_plan(spec).replications, 3);
}

TEST(SweepPlan, BaseIsFoundBesideTheSweepFile) {
  TempDir dir;
  dir.write("scenarios/base.yaml", kBase);
  const auto sweep = dir.write("scenarios/sweeps/s.yaml", "base: ../base.yaml\n");
  const auto spec = io::load_sweep(sweep.string());
  EXPECT_EQ(std::filesystem::weakly_canonical(spec.base),
            std::filesystem::weakly_canonical(dir.path() / "scenarios/base.yaml"));
  EXPECT_EQ(spec.name, "s");
}

TEST(SweepPlan, CommonSeedsKeepTheBaseSeedIndependentSeedsDependOnValuesOnly) {
  TempDir dir;
  const auto common =
      make_plan(spec_of(dir, "base: base.yaml\ngrid: {pools.0.instances: [1, 2]}\n"));
  for (const auto& point : common.points) EXPECT_EQ(point.config.seed, 11u);

  const auto forward = make_plan(spec_of(dir, R"(base: base.yaml
seeds: independent
grid: {pools.0.instances: [1, 2, 3]}
)"));
  const auto backward = make_plan(spec_of(dir, R"(base: base.yaml
seeds: independent
grid: {pools.0.instances: [3, 1]}
)"));
  EXPECT_NE(forward.points[0].config.seed, forward.points[1].config.seed);
  EXPECT_NE(forward.points[0].config.seed, 11u);
  // The point instances=3 is first in one sweep and last in the other: same seed, same id.
  EXPECT_EQ(forward.points[2].config.seed, backward.points[0].config.seed);
  EXPECT_EQ(forward.points[2].id, backward.points[0].id);
  EXPECT_EQ(forward.points[0].config.seed, backward.points[1].config.seed);
  EXPECT_EQ(forward.points[0].config.seed, independent_seed(11, {{"pools.0.instances", "1"}}));
}

TEST(SweepPlan, RowsDoNotDependOnPositionOrExecutionOrder) {
  TempDir dir;
  for (const char* seeds : {"common", "independent"}) {
    const auto one =
        make_plan(spec_of(dir, std::string("base: base.yaml\nseeds: ") + seeds +
                                   "\ngrid: {workload.arrival.rate: [300, 500, 700]}\n"));
    const auto other = make_plan(spec_of(dir, std::string("base: base.yaml\nseeds: ") + seeds +
                                                  "\ngrid: {workload.arrival.rate: [700, 300]}\n"));
    // Run the second plan backwards, replication 1 before 0.
    const Figures late = run_row(other.points[0], 1);
    const Figures early = run_row(one.points[2], 1);
    EXPECT_EQ(late, early) << seeds;
    EXPECT_EQ(run_row(other.points[1], 0), run_row(one.points[0], 0)) << seeds;
    // Replications differ from each other.
    EXPECT_NE(figure(run_row(one.points[0], 0), "latency_ms.mean"),
              figure(run_row(one.points[0], 1), "latency_ms.mean"));
  }
}

TEST(SweepPlan, CommonRandomNumbersAcrossPoints) {
  // Under common seeds, two points that differ only in capacity see the same arrivals, so the
  // point with more instances is faster in every replication, not just on average.
  TempDir dir;
  const auto plan = make_plan(spec_of(dir, "base: base.yaml\ngrid: {pools.0.instances: [1, 2]}\n"));
  for (int rep = 0; rep < 4; ++rep) {
    const double one = std::stod(figure(run_row(plan.points[0], rep), "latency_ms.mean"));
    const double two = std::stod(figure(run_row(plan.points[1], rep), "latency_ms.mean"));
    EXPECT_LT(two, one) << rep;
  }
}

TEST(SweepPlan, ShardsPartitionThePoints) {
  std::vector<std::size_t> all;
  for (int shard = 0; shard < 3; ++shard) {
    for (const std::size_t point : shard_points(10, shard, 3)) {
      EXPECT_EQ(static_cast<int>(point % 3), shard);
      all.push_back(point);
    }
  }
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> expected(10);
  for (std::size_t idx = 0; idx < 10; ++idx) expected[idx] = idx;
  EXPECT_EQ(all, expected);
  EXPECT_TRUE(shard_points(2, 3, 4).empty());
}

TEST(SweepRun, ResumeReusesTheRowsOfUnchangedPointsAfterTheSweepFileWasEdited) {
  TempDir dir;
  const std::string out = (dir.path() / "out").string();
  MpiWorld world;  // not under mpirun: one rank
  SweepOptions options;
  options.output_dir = out;
  options.jobs = 1;
  // Interrupt the first sweep after 3 of its 4 rows (an exception out of the progress callback
  // stands in for a kill; the row log keeps what was finished).
  options.progress = [](std::size_t done, std::size_t) {
    if (done == 3) throw std::runtime_error("interrupted");
  };
  const SweepPlan small = make_plan(spec_of(
      dir, "base: base.yaml\nreplications: 2\ngrid: {workload.arrival.rate: [300, 500]}\n"));
  EXPECT_THROW(run_sweep(small, options, world), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out" / "sweep.csv"));

  // The edited sweep: one more rate and one more replication.
  const SweepPlan larger = make_plan(spec_of(
      dir, "base: base.yaml\nreplications: 3\ngrid: {workload.arrival.rate: [300, 500, 700]}\n"));
  options.progress = nullptr;
  options.resume = true;
  const SweepOutcome resumed = run_sweep(larger, options, world);
  EXPECT_EQ(resumed.rows_resumed, 3u);
  EXPECT_EQ(resumed.rows_run, 9u - 3u);
  const std::string text = testing::read_file(dir.path() / "out" / "sweep.csv");

  options.resume = false;
  options.output_dir = (dir.path() / "fresh").string();
  options.jobs = 3;
  const SweepOutcome fresh = run_sweep(larger, options, world);
  EXPECT_EQ(fresh.rows_run, 9u);
  EXPECT_EQ(testing::read_file(dir.path() / "fresh" / "sweep.csv"), text);
}

std::string error_of(const TempDir& dir, const std::string& sweep) {
  try {
    make_plan(spec_of(dir, sweep));
  } catch (const core::ConfigError& error) {
    return error.formatted();
  }
  return "no error";
}

TEST(SweepPlan, BadValuesAreReportedAtTheirPositionInTheSweepFile) {
  TempDir dir;
  const std::string file = (dir.path() / "sweep.yaml").string();
  EXPECT_EQ(error_of(dir, "base: base.yaml\ngrid:\n  pools.0.instances: [1, 0]\n"),
            file +
                ":3:26: error: grid.pools.0.instances: value 0: pools.0.instances: must be "
                ">= 1 (got 0)");
  EXPECT_EQ(error_of(dir, "base: base.yaml\nzip:\n  redundancy.knd: [none]\n"),
            file +
                ":3:20: error: zip.redundancy.knd: value none: redundancy.knd: unknown key "
                "(did you mean 'kind'?)")
      << "the loader's own did-you-mean comes through";
  EXPECT_NE(error_of(dir, "base: base.yaml\nzip:\n  a: [1, 2]\n  b: [1]\n")
                .find(file + ":4:3: error: zip.b: has 1 values but zip.a has 2"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "base: nope.yaml\n").find(file + ":1:7: error: base: cannot open"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "base: base.yaml\ngrid: {run.replications: [1]}\n")
                .find("run.replications cannot be swept"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "base: base.yaml\ngrid: {pools.0.instances: 3}\n")
                .find("expected a list of values"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "base: base.yaml\nreplicatons: 2\n").find("did you mean 'replications'"),
            std::string::npos);
}

}  // namespace
}  // namespace servesim::run
