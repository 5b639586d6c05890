// File: tests/cli/metrics_command_test.cpp
//
// `servesim metrics` as a user calls it: the listing and the --markdown table (the one
// docs/scenario.md holds; tests/run/metrics_test compares it byte for byte) name the same
// figures, a prefix narrows the listing, and a prefix no figure has exits 2.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace servesim::testing
