// File: tests/io/overrides_test.cpp
//
// --set: parsing the flag, applying it to the tree before checking, and errors that name the
// --set instead of a file position.
#include <gtest/gtest.h>

#include "tests/io/io_test_support.hpp"

namespace servesim::io {
namespace {

using testing::IoTest;
using testing::kMinimal;

using Overrides = IoTest;

std::string parse_error(const std::string& text) {
  try {
    parse_override(text);
  } catch (const core::ConfigError& error) {
    return error.formatted();
  }
  return "";
}

TEST(ParseOverride, SplitsAtTheFirstEquals) {
  const Override parsed = parse_override("redundancy={kind: hedge, delay: 5}");
  EXPECT_EQ(parsed.path, "redundancy");
  EXPECT_EQ(parsed.value, "{kind: hedge, delay: 5}");
  EXPECT_EQ(parse_override("name=a=b").value, "a=b");
  EXPECT_EQ(parse_override("name=").value, "");
}

TEST(ParseOverride, MalformedTextIsAnError) {
  EXPECT_EQ(parse_error("redundancy.k"),
            "error: --set 'redundancy.k': expected key.path=value, e.g. --set redundancy.k=3");
  EXPECT_EQ(parse_error("=3"), "error: --set '=3': the key path before '=' is empty");
  EXPECT_EQ(parse_error("a..b=3"), "error: --set 'a..b=3': empty key in the path 'a..b'");
  EXPECT_EQ(parse_error(".a=3"), "error: --set '.a=3': empty key in the path '.a'");
}

TEST_F(Overrides, ScalarsInMapsAndLists) {
  const scenario::ScenarioConfig config = load(
      kMinimal, {parse_override("pools.0.instances=5"), parse_override("seed=42"),
                 parse_override("redundancy.kind=hedge"), parse_override("redundancy.delay=3")});
  EXPECT_EQ(config.pools[0].instances, 5);
  EXPECT_EQ(config.seed, 42u);
  EXPECT_EQ(config.redundancy.kind, "hedge");
  EXPECT_EQ(config.redundancy.delay, 3);
}

TEST_F(Overrides, LaterOverridesWin) {
  const scenario::ScenarioConfig config =
      load(kMinimal, {parse_override("slo_ms=1"), parse_override("slo_ms=2")});
  EXPECT_EQ(config.slo_ms, 2);
}

TEST_F(Overrides, FlowValuesReplaceWholeSections) {
  const scenario::ScenarioConfig config =
      load(std::string(kMinimal) + "redundancy: {kind: replicate, r: 2}\n",
           {parse_override("redundancy={kind: hedge, delay: 5}")});
  EXPECT_EQ(config.redundancy.kind, "hedge");
  EXPECT_EQ(config.redundancy.delay, 5);
}

TEST_F(Overrides, MissingMapsAreCreated) {
  const scenario::ScenarioConfig config =
      load(kMinimal, {parse_override("interference.failures.mttf_s=100"),
                      parse_override("interference.failures.mttr_s=5"),
                      parse_override("workload.arrival.rate=250")});
  EXPECT_EQ(config.interference.failures.mttf_s, 100);
  EXPECT_EQ(config.interference.failures.mttr_s, 5);
  EXPECT_EQ(config.workload.arrival.rate, 250);
}

TEST_F(Overrides, NullSectionsBecomeMaps) {
  const scenario::ScenarioConfig config =
      load(std::string(kMinimal) + "interference:\n",
           {parse_override("interference.stragglers.fraction=0.5")});
  EXPECT_EQ(config.interference.stragglers.fraction, 0.5);
}

TEST_F(Overrides, IndexEqualToTheLengthAppends) {
  const scenario::ScenarioConfig config =
      load(kMinimal, {parse_override("pools.1={name: backup, model: m, instances: 3}"),
                      parse_override("redundancy.kind=backup")});
  ASSERT_EQ(config.pools.size(), 2u);
  EXPECT_EQ(config.pools[1].name, "backup");
  EXPECT_EQ(config.pools[1].instances, 3);
}

TEST_F(Overrides, BadValuesNameTheSet) {
  EXPECT_EQ(error_of(kMinimal, {parse_override("redundancy.kind=equal_resources"),
                                parse_override("redundancy.k=0")}),
            "error: --set redundancy.k=0: redundancy.k: must be >= 1 (got 0)");
  EXPECT_EQ(error_of(kMinimal, {parse_override("pools.0.instances=many")}),
            "error: --set pools.0.instances=many: pools.0.instances: expected an integer, got "
            "'many'");
  EXPECT_EQ(error_of(kMinimal, {parse_override("redundancy={kind: hedge, delay: -5}")}),
            "error: --set redundancy={kind: hedge, delay: -5}: redundancy.delay: must be in "
            "[0, 4600000000000] (got -5); simulated time is whole nanoseconds up to about 146 years (docs/scenario.md, Representable times)");
  EXPECT_EQ(error_of(kMinimal, {parse_override("pools.0.model=x")}),
            "error: --set pools.0.model=x: pools.0.model: unknown model 'x'; valid: m");
  // A created map with a required key missing: the error is at the created path.
  EXPECT_EQ(error_of(kMinimal, {parse_override("interference.failures.mttf_s=100")}),
            "error: --set interference.failures.mttf_s=100: interference.failures.mttr_s: "
            "required key is missing");
}

TEST_F(Overrides, UnknownPathSegmentsAreUnknownKeys) {
  EXPECT_EQ(error_of(kMinimal, {parse_override("redundancy.kk=3")}),
            "error: --set redundancy.kk=3: redundancy.kk: unknown key (did you mean 'k'?)");
  EXPECT_EQ(error_of(kMinimal, {parse_override("run.replicatons=3")}),
            "error: --set run.replicatons=3: run.replicatons: unknown key (did you mean "
            "'replications'?)");
}

TEST_F(Overrides, PathsThatCannotBeFollowed) {
  EXPECT_EQ(error_of(kMinimal, {parse_override("pools.5.instances=2")}),
            "error: --set pools.5.instances=2: pools: index 5 is out of range (the list has 1 "
            "element; 1 appends)");
  EXPECT_EQ(error_of(kMinimal, {parse_override("pools.first.instances=2")}),
            "error: --set pools.first.instances=2: pools: is a list; expected an index (0 to 1), "
            "got 'first'");
  EXPECT_EQ(error_of(std::string(kMinimal) + "name: x\n", {parse_override("name.first=2")}),
            "error: --set name.first=2: name: is 'x', not a map or list, so it has no keys to "
            "set");
}

TEST_F(Overrides, ValueThatIsNotYaml) {
  EXPECT_EQ(error_of(kMinimal, {parse_override("redundancy={kind: hedge")}),
            "error: --set redundancy={kind: hedge: invalid YAML value: end of map flow not found");
}

TEST_F(Overrides, ErrorsAboutAMapNameTheSetInsideIt) {
  // The distribution is checked as a whole, at the position of its map in the file; the --set
  // that broke it is named.
  EXPECT_EQ(error_of(std::string(kMinimal) +
                         "network: {client_frontend: {dist: lognormal, median: 1, p99: 2}}\n",
                     {parse_override("network.client_frontend.p99=0.5")}),
            "scenario.yaml:5:28: error: network.client_frontend: p99 must be greater than median "
            "(got median 1, p99 0.5) (after --set network.client_frontend.p99=0.5)");
}

TEST_F(Overrides, FileErrorsElsewhereKeepTheirPositions) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "slo_ms: -1\n", {parse_override("seed=3")}),
            "scenario.yaml:5:9: error: slo_ms: must be in [0, 4600000000000] (got -1)"
            "; simulated time is whole nanoseconds up to about 146 years (docs/scenario.md, Representable times)");
}

}  // namespace
}  // namespace servesim::io
