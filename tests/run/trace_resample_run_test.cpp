// File: tests/run/trace_resample_run_test.cpp
//
// A whole run with a resampled trace (`resample: {block_s: B}`): the same seed and replication
// give byte-identical output, another replication replays other arrivals.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/io/scenario_loader.hpp"
#include "sim/run/simulation.hpp"
#include "sim/run/timeseries_csv.hpp"

namespace servesim::run {
namespace {

// The arrivals column of timeseries.csv. One row per trace minute (60 s / speedup 1500 = 0.04 s),
// so each row counts one trace interval's arrivals whatever their placement within it.
std::vector<std::string> arrivals_column(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    const std::size_t first = line.find(',');
    out.push_back(line.substr(first + 1, line.find(',', first + 1) - first - 1));
  }
  return out;
}

std::string scenario(const std::string& resample) {
  return std::string(
             "run: {requests: 3000, warmup: 0, timeseries_s: 0.04}\n"
             "workload: {arrival: {kind: trace, format: counts, interval_s: 60, "
             "speedup: 1500, ") +
         resample + "file: " + SERVESIM_SOURCE_DIR +
         "/traces/azure_llm_2023_code_per_minute.csv}}\n"
         "models: {m: {latency: {dist: exponential, mean: 1}}}\n"
         "pools: [{name: p, model: m, instances: 4}]\n";
}

TEST(TraceResample, RunsAreDeterministicAndReplicationsVaryTheArrivalsOnlyWithResample) {
  const scenario::ScenarioConfig plain = io::load_scenario_text(scenario(""), "t.yaml", {});
  const auto plain_first = arrivals_column(timeseries_csv(run_replication(plain, 0)));
  ASSERT_GT(plain_first.size(), 10u);
  EXPECT_EQ(arrivals_column(timeseries_csv(run_replication(plain, 1))), plain_first);

  const scenario::ScenarioConfig resampled =
      io::load_scenario_text(scenario("resample: {block_s: 300}, "), "t.yaml", {});
  EXPECT_EQ(resampled.workload.arrival.resample_block_s, 300);
  const std::string first = timeseries_csv(run_replication(resampled, 0));
  EXPECT_EQ(timeseries_csv(run_replication(resampled, 0)), first);  // same seed: identical
  EXPECT_NE(arrivals_column(timeseries_csv(run_replication(resampled, 1))), arrivals_column(first));
}

}  // namespace
}  // namespace servesim::run
