// File: tests/run/timeseries_csv_test.cpp
//
// timeseries.csv of a whole replication: a fixed interval gives one row per interval up to the
// last arrival; per-interval arrivals add up to the requests sent; the adaptive default keeps
// 256 to 512 rows.
#include "sim/run/timeseries_csv.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/io/scenario_loader.hpp"

namespace servesim::run {
namespace {

std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

const char* kScenario =
    "run: {requests: 10000, warmup: 0, timeseries_s: 0.5}\n"
    "workload: {arrival: {kind: poisson, rate: 500}}\n"
    "models: {m: {latency: {dist: exponential, mean: 1}}}\n"
    "pools: [{name: p, model: m}]\n";

TEST(TimeseriesCsv, FixedIntervalRowsAddUpToTheRequestsSent) {
  const scenario::ScenarioConfig config = io::load_scenario_text(kScenario, "t.yaml", {});
  const ReplicationResult result = run_replication(config, 0);
  const auto rows = rows_of(timeseries_csv(result));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "time_s");
  EXPECT_EQ(rows[0][4], "utilization.p");
  // About 20 s of arrivals at 500/s: one row per 0.5 s until the last request was sent.
  const double last_s = std::stod(rows.back()[0]);
  EXPECT_EQ(rows.size() - 1, static_cast<std::size_t>(last_s / 0.5 + 0.5));
  double sent = 0;
  for (std::size_t row = 1; row < rows.size(); ++row) sent += std::stod(rows[row][1]) * 0.5;
  // Requests sent up to the last sample: all but the ones sent after it (none: sampling stops
  // at the sample that sees the last request sent, or within one interval of it).
  EXPECT_NEAR(sent, 10000, 500 * 0.5 + 1e-6);
}

TEST(TimeseriesCsv, AdaptiveIntervalKeeps256To512Rows) {
  std::string text = kScenario;
  text.replace(text.find("timeseries_s: 0.5"), 17, "timeseries_s: 0");
  const scenario::ScenarioConfig config = io::load_scenario_text(text, "t.yaml", {});
  const auto rows = rows_of(timeseries_csv(run_replication(config, 0)));
  EXPECT_GE(rows.size() - 1, 256u);
  EXPECT_LE(rows.size() - 1, 512u);
}

}  // namespace
}  // namespace servesim::run
