// File: tests/io/loader_fuzz_test.cpp
//
// Fuzz and property tests of the scenario loader: mutated scenarios and random --set values
// either load or fail with a ConfigError whose message names a position or a --set; no other
// exception, no crash. Deterministic (fixed seed), so a failure reproduces.
#include <gtest/gtest.h>

#include <random>

#include "tests/io/io_test_support.hpp"

namespace servesim::io {
namespace {

using testing::IoTest;

const char* const kValid =
    "name: fuzz\n"
    "seed: 3\n"
    "run: {requests: 1000, warmup: 10, replications: 2}\n"
    "workload:\n"
    "  arrival: {kind: mmpp, rates: [10, 20], switch_rates: [[0, 1], [1, 0]]}\n"
    "network:\n"
    "  client_frontend: {dist: lognormal, median: 0.3, p99: 2.0}\n"
    "models:\n"
    "  m: {latency_by_batch: {1: {dist: gamma, mean: 2, cv: 0.5}, 4: 5}}\n"
    "pools:\n"
    "  - {name: p, model: m, instances: 3, batching: {max_batch: 4, timeout: 1}}\n"
    "interference:\n"
    "  stragglers: {fraction: 0.1, slowdown: 3}\n"
    "  background: [{pool: p, instances: [0], schedule: [{at: 0, factor: 2}]}]\n"
    "redundancy: {kind: hedge, delay: 2}\n"
    "slo_ms: 10\n";

using LoaderFuzz = IoTest;

TEST_F(LoaderFuzz, MutatedScenariosLoadOrFailCleanly) {
  std::mt19937_64 rng(11);
  const std::string alphabet = "{}[]:,-#'\"\n \t0123456789.eabcdkmnprstxyz&*!|>%@`~\x01\xff";
  const std::string valid(kValid);
  ASSERT_EQ(error_of(valid), "");
  int loaded = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string text = valid;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int edit = 0; edit < edits; ++edit) {
      const std::size_t pos = rng() % text.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(pos), c);
          break;
        case 1:
          text.erase(pos, 1 + rng() % 3);
          break;
        default:
          text[pos] = c;
          break;
      }
    }
    try {
      load_scenario_text(text, "scenario.yaml", {});
      ++loaded;
    } catch (const core::ConfigError& error) {
      EXPECT_EQ(error.formatted().rfind("scenario.yaml", 0), 0u) << error.formatted();
    }
  }
  EXPECT_GT(loaded, 0);  // some mutations (inside comments, numbers) stay valid
}

TEST_F(LoaderFuzz, RandomOverridesLoadOrNameTheSet) {
  std::mt19937_64 rng(5);
  const std::vector<std::string> paths = {"seed",
                                          "run.requests",
                                          "pools.0.instances",
                                          "pools.0.batching.max_batch",
                                          "pools.1",
                                          "redundancy",
                                          "redundancy.kind",
                                          "redundancy.delay",
                                          "workload.arrival.rates.1",
                                          "workload.arrival",
                                          "network.client_frontend.p99",
                                          "interference.failures.mttf_s",
                                          "models.m.latency_by_batch.2",
                                          "slo_ms",
                                          "name.x",
                                          "pools.9.name"};
  const std::vector<std::string> values = {"0",
                                           "-1",
                                           "1e999",
                                           ".nan",
                                           "abc",
                                           "",
                                           "{kind: hedge}",
                                           "[1, 2]",
                                           "{",
                                           "3",
                                           "2.5",
                                           "18446744073709551616",
                                           "{dist: constant, value: 2}",
                                           "true",
                                           "~"};
  for (int round = 0; round < 2000; ++round) {
    const Override override{paths[rng() % paths.size()], values[rng() % values.size()]};
    try {
      load_scenario_text(kValid, "scenario.yaml", {override});
    } catch (const core::ConfigError& error) {
      // Either at the overridden value, or at a map holding it, with the --set named.
      const std::string text = error.formatted();
      const std::string set = "--set " + override.path + "=";
      EXPECT_TRUE(text.rfind("error: " + set, 0) == 0 ||
                  text.find("(after " + set) != std::string::npos)
          << text;
    }
  }
}

}  // namespace
}  // namespace servesim::io
