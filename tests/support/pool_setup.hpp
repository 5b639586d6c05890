// File: tests/support/pool_setup.hpp
//
// The PoolSetup of a model-class test: no stragglers, episodes, background load or failures,
// seed 1, replication 0, no price. Tests vary only the pool, its service and its balancer.
#pragma once

#include <string>
#include <utility>

#include "sim/cluster/instance_pool.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"

namespace servesim::cluster {

inline PoolSetup quiet_pool_setup(PoolConfig config, ServiceModel service,
                                  const std::string& balancer = "round_robin") {
  return PoolSetup{.config = std::move(config),
                   .service = std::move(service),
                   .balancer = policy::make_load_balancer(balancer),
                   .stragglers = {},
                   .episodes = {},
                   .background = {},
                   .failures = {},
                   .seed = 1,
                   .replication = 0,
                   .usd_per_instance_hour = 0};
}

}  // namespace servesim::cluster
