// File: sim/cluster/network_config.hpp
//
// One-way delay per hop. A request crosses client->frontend, frontend->instance, and its answer
// crosses both hops back; each crossing draws its own delay. Transfers add bytes*8/bandwidth on
// the frontend<->instance hop. A hop left out of the scenario costs nothing.
#pragma once

#include <optional>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::cluster {

struct NetworkConfig {
  std::optional<dist::DistributionSpec> client_frontend;    // ms, one way
  std::optional<dist::DistributionSpec> frontend_instance;  // ms, one way
  // Per-flow bandwidth of the frontend<->instance hop in Gbit/s; 0 = infinite (no transfer time).
  double bandwidth_gbps = 0;
};

}  // namespace servesim::cluster
