// File: tests/cli/metrics_command_test.cpp
//
// `servesim metrics` as a user calls it: the listing and the --markdown table (the one
// docs/scenario.md holds; tests/run/metrics_test compares it byte for byte) name the same
// figures, a prefix narrows the listing, and a prefix no figure has exits 2; --file NAME lists
// an output file's columns, --json every declared name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

long lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

TEST(MetricsCommand, ListsEveryDeclaredFigureAndFiltersByPrefix) {
  const ProcessResult listing = run_servesim({"metrics"});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  const ProcessResult markdown = run_servesim({"metrics", "--markdown"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_EQ(lines(markdown.out), lines(listing.out) + 2);  // + the header rows
  // Each table row starts with its key: "\n| `latency_ms.p999` | ...".
  for (std::size_t at = markdown.out.find("\n| `"); at != std::string::npos;
       at = markdown.out.find("\n| `", at + 1)) {
    const std::size_t end = markdown.out.find('`', at + 4);
    const std::string name = markdown.out.substr(at + 4, end - at - 4);
    EXPECT_NE(listing.out.find(name + " "), std::string::npos) << name;
  }
  EXPECT_NE(listing.out.find("redundancy.hedge_threshold_ms"), std::string::npos);

  ProcessResult result = run_servesim({"metrics", "latency_ms."});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(lines(result.out), 7);  // mean, p50, p90, p99, p999, p9999, max

  result = run_servesim({"metrics", "latnecy"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("error: no metric name starts with 'latnecy'"), std::string::npos)
      << result.err;
}

TEST(MetricsCommand, ListsAnOutputFilesColumnsAndEveryNameAsJson) {
  ProcessResult result = run_servesim({"metrics", "--file", "timeseries", "latency_"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(lines(result.out), 3);  // latency_p50_ms, latency_p99_ms, latency_p999_ms
  EXPECT_EQ(result.out.rfind("latency_p50_ms ", 0), 0u) << result.out;

  result = run_servesim({"metrics", "--file", "timeseries.csv", "--markdown"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("| `utilization.<pool>` | fraction |"), std::string::npos)
      << result.out;

  result = run_servesim({"metrics", "--file", "timeserie"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("error: unknown file 'timeserie'"), std::string::npos)
      << result.err;

  result = run_servesim({"metrics", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  const ProcessResult listing = run_servesim({"metrics"});
  EXPECT_EQ(json["summary"].size(), static_cast<std::size_t>(lines(listing.out)));
  EXPECT_EQ(json["files"]["cdf.csv"]["columns"].size(), 2u);  // latency_ms, fraction
  EXPECT_EQ(json["files"]["fit.csv"]["doc"], "docs/calibrate.md");
}

}  // namespace
}  // namespace servesim::testing
