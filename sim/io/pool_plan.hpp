// File: sim/io/pool_plan.hpp
//
// The pools a scenario builds, and every check that needs the whole scenario rather than one
// key: which pools the redundancy kind (or the ensemble) uses, the platform it runs on, and
// the parts that name a built pool. What a kind needs comes from its registry row
// (policy::RedundancyNeeds), never from comparing kind strings.
//
// The loader runs check_scenario_fits once the scenario is read, so these errors carry the
// file:line:col of the key they are about (KeyError's path); run/ then wires plan_pools' result,
// which can no longer fail.
#pragma once

#include <vector>

#include "sim/io/key_error.hpp"
#include "sim/scenario/scenario_config.hpp"

namespace servesim::io {

// The first pool serves requests (grown for kinds that grow it); a kind with an extra pool
// (parity, backup) adds the pool its queries go to. An ensemble has one pool per member.
struct PoolPlan {
  std::vector<cluster::PoolConfig> pools;
  policy::RedundancyConfig redundancy;  // with pool_index and coded-batch fields resolved
  std::vector<int> member_pools;        // ensemble: the pool of each member
};

// Throws KeyError for a scenario whose parts do not fit together (see check_scenario_fits).
PoolPlan plan_pools(const scenario::ScenarioConfig& config);

// Every whole-scenario check: plan_pools, the platform (serverless has no instances to slow
// down, fail or grow), interference.tenants.pool among the built pools, and the service model
// of each pool an ensemble builds. Throws KeyError.
void check_scenario_fits(const scenario::ScenarioConfig& config);

// The size of the first pool under a kind that grows it (equal_resources): ceil(n (k + r) / k).
// Throws KeyError past kMaxInstances.
int equal_resources_instances(int instances, int k, int r);

}  // namespace servesim::io
