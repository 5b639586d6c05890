// File: tests/io/pool_plan_test.cpp
//
// io::plan_pools: the pools each redundancy kind builds, from its registry row, worked out by
// hand from the rules in pool_plan.hpp and hardware_split.hpp; and the whole-scenario errors at
// the key they are about, with --set attribution.
#include "sim/io/pool_plan.hpp"

#include <gtest/gtest.h>

#include "io_test_support.hpp"

namespace servesim::io {
namespace {

using testing::IoTest;

constexpr const char* kOnePool =
    "models:\n"
    "  m: {latency_by_batch: {1: {dist: constant, value: 1}, 4: {dist: constant, value: 2}}}\n"
    "pools:\n"
    "  - {name: deployed, model: m, instances: 10}\n";

class PoolPlan : public IoTest {};

TEST_F(PoolPlan, OnePoolKindsBuildTheFirstPoolOnly) {
  for (const char* kind : {"none", "replicate", "replicate_fastest", "hedge"}) {
    const io::PoolPlan plan =
        plan_pools(load(kOnePool, {parse_override(std::string("redundancy.kind=") + kind)}));
    ASSERT_EQ(plan.pools.size(), 1u) << kind;
    EXPECT_EQ(plan.pools[0].instances, 10) << kind;
  }
}

// equal_resources k = 4, r = 2: ceil(10 x 6 / 4) = 15 instances.
TEST_F(PoolPlan, EqualResourcesGrowsTheFirstPool) {
  const io::PoolPlan plan =
      plan_pools(load(std::string(kOnePool) + "redundancy: {kind: equal_resources, k: 4, r: 2}\n"));
  ASSERT_EQ(plan.pools.size(), 1u);
  EXPECT_EQ(plan.pools[0].instances, 15);
}

// parity k = 4, r = 1 without a parity pool: one is built like the first, ceil(10 x 1 / 4) = 3
// instances, named after the kind; its index goes to the policy.
TEST_F(PoolPlan, ParityBuildsItsPoolWhenTheScenarioHasNone) {
  const io::PoolPlan plan =
      plan_pools(load(std::string(kOnePool) + "redundancy: {kind: parity, k: 4, r: 1}\n"));
  ASSERT_EQ(plan.pools.size(), 2u);
  EXPECT_EQ(plan.pools[1].name, "parity");
  EXPECT_EQ(plan.pools[1].instances, 3);
  EXPECT_EQ(plan.redundancy.pool_index, 1);
  EXPECT_EQ(plan.redundancy.unit_size, 1);  // no batching, no coded batches
}

// Coded batches: the first pool batches 4 with a 2 ms timeout; the frontend forms the batches
// (unit_size 4, unit_timeout 2) and the pools serve each at once (timeout 0).
TEST_F(PoolPlan, ParityCodesBatchesWhenTheFirstPoolBatches) {
  const io::PoolPlan plan = plan_pools(load(
      "models:\n"
      "  m: {latency_by_batch: {1: {dist: constant, value: 1}, 4: {dist: constant, value: 2}}}\n"
      "pools:\n"
      "  - {name: deployed, model: m, instances: 10, batching: {max_batch: 4, timeout: 2}}\n"
      "redundancy: {kind: parity, k: 2, r: 1}\n"));
  EXPECT_EQ(plan.redundancy.unit_size, 4);
  EXPECT_EQ(plan.redundancy.unit_timeout, 2);
  EXPECT_EQ(plan.pools[0].batching.timeout, 0);
  EXPECT_EQ(plan.pools[1].instances, 5);  // ceil(10 / 2)
}

// hardware.instances 16, parity k = 3, r = 1: floor(16 x 3 / 4) = 12 deployed, 4 parity.
// backup k = 3: floor(16 x 3 / 4) = 12 deployed, 4 backup (r ignored).
TEST_F(PoolPlan, HardwareInstancesAreSplitByTheRow) {
  const io::PoolPlan parity =
      plan_pools(load(std::string(kOnePool) +
                      "redundancy: {kind: parity, k: 3, r: 1}\nhardware: {instances: 16}\n"));
  EXPECT_EQ(parity.pools[0].instances, 12);
  EXPECT_EQ(parity.pools[1].instances, 4);
  const io::PoolPlan backup =
      plan_pools(load(std::string(kOnePool) +
                      "  - {name: backup, model: m, instances: 1}\n"
                      "redundancy: {kind: backup, k: 3, r: 2}\nhardware: {instances: 16}\n"));
  EXPECT_EQ(backup.pools[0].instances, 12);
  EXPECT_EQ(backup.pools[1].instances, 4);
}

TEST_F(PoolPlan, ErrorsPointAtTheKeyAndNameTheSet) {
  // The pool's name, where it is written.
  EXPECT_EQ(error_of(std::string(kOnePool) + "  - {name: approx, model: m}\n" +
                     "redundancy: {kind: backup}\n"),
            "scenario.yaml:5:12: error: pools.1.name: 'approx': redundancy kind 'backup' uses "
            "only the first pool and 'backup'");
  // A missing key points at the map it would be in (here the one --set made: no position).
  EXPECT_EQ(error_of(kOnePool, {parse_override("redundancy={kind: backup}")}),
            "error: --set redundancy={kind: backup}: redundancy.pool: redundancy kind 'backup' "
            "needs a pool named 'backup' in pools (its instances serve the backup queries)");
}

}  // namespace
}  // namespace servesim::io
