// File: tests/cli/keys_command_test.cpp
//
// `servesim keys [PREFIX]` as a user calls it: the listing, prefixes written as --set writes
// them, and an unknown prefix (exit 2, one error line, a suggestion, nothing on stdout).
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

// The key paths of a listing: its unindented lines up to the two spaces before the facts.
std::vector<std::string> listed_paths(const std::string& out) {
  std::vector<std::string> paths;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != ' ') paths.push_back(line.substr(0, line.find("  ")));
  }
  return paths;
}

TEST(KeysCommand, ListsOneKeyWithItsDeclaration) {
  const ProcessResult result = run_servesim({"keys", "redundancy.fill_timeout"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(listed_paths(result.out), std::vector<std::string>{"redundancy.fill_timeout"});
  EXPECT_NE(result.out.find("(number, ms, default 0, valid: in [0, 4600000000000])"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("parity: encode a partial group"), std::string::npos) << result.out;
}

TEST(KeysCommand, PrefixTakesListIndicesAsSetDoes) {
  const ProcessResult result = run_servesim({"keys", "pools.0.batching"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(listed_paths(result.out),
            (std::vector<std::string>{"pools.I.batching", "pools.I.batching.max_batch",
                                      "pools.I.batching.timeout"}));
}

TEST(KeysCommand, EveryKeyOnceWithoutPrefix) {
  const ProcessResult result = run_servesim({"keys"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> paths = listed_paths(result.out);
  const std::set<std::string> unique(paths.begin(), paths.end());
  EXPECT_EQ(unique.size(), paths.size());
  for (const char* key : {"name", "seed", "run.requests", "workload.arrival.rate",
                          "network.bandwidth_gbps", "pools.I.queue", "interference.failures.mttr_s",
                          "redundancy.k", "redundancy.accuracy.table", "slo_ms"}) {
    EXPECT_TRUE(unique.count(key)) << key;
  }
}

TEST(KeysCommand, UnknownPrefixIsAUsageError) {
  const ProcessResult result = run_servesim({"keys", "redundancy.fill_timout"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "error: no scenario key is 'redundancy.fill_timout' or starts with "
            "'redundancy.fill_timout.' (did you mean 'redundancy.fill_timeout'?); 'servesim keys' "
            "lists them all\n");
}

TEST(KeysCommand, MarkdownHasOneRegionPerSection) {
  const ProcessResult result = run_servesim({"keys", "--markdown"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::size_t begins = 0;
  std::size_t ends = 0;
  for (std::size_t at = 0;
       (at = result.out.find("<!-- BEGIN generated keys: ", at)) != std::string::npos; ++at)
    ++begins;
  for (std::size_t at = 0;
       (at = result.out.find("<!-- END generated keys: ", at)) != std::string::npos; ++at)
    ++ends;
  EXPECT_GT(begins, 10u);
  EXPECT_EQ(begins, ends);
  EXPECT_NE(result.out.find("| `redundancy.fill_timeout` | number | `0` | ms |"),
            std::string::npos);
  EXPECT_EQ(run_servesim({"keys", "redundancy", "--markdown"}).exit_code, 2);
}

}  // namespace
}  // namespace servesim::testing
