// File: sim/cluster/network_config.hpp
//
// One-way delay per hop. A request crosses client->frontend, frontend->instance, and its answer
// crosses both hops back; each crossing draws its own delay. Transfers add bytes*8/bandwidth on
// the frontend<->instance hop. A hop left out of the scenario costs nothing.
//
// With `sharing: nic` every host (the frontend, each instance) has a NIC of bandwidth_gbps that
// the flows crossing it share fairly (cluster/nic.hpp), bulk transfers included; a crossing may
// also stall (`stall`), with a probability that depends on the bulk transfers at its NIC
// (cluster/host_network.hpp).
#pragma once

#include <optional>
#include <vector>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::cluster {

enum class NetworkSharing {
  kPerFlow,  // each crossing has the whole bandwidth to itself (the default, and the old model)
  kNic,      // crossings share their host's NIC with everything else crossing it
};

// A rare long delay of one frontend<->instance crossing, e.g. a retransmission timeout after a
// loss in a buffer that bulk traffic fills. Each crossing stalls, independently, with
// probability_by_bulk[m] where m is the number of bulk transfers at the NIC it crosses when it
// starts (the last entry holds for larger m); a stall adds a draw of `delay`.
struct StallConfig {
  std::vector<double> probability_by_bulk;  // each in [0, 1]; empty = never
  dist::DistributionSpec delay = dist::DistributionSpec::constant(0);  // ms
  bool enabled() const { return !probability_by_bulk.empty(); }
};

// Where a pool's queue is and how long an instance is held (docs/scenario.md, network.dispatch).
enum class Dispatch {
  kPool,      // the copy crosses to the pool's queue, an instance holds it for its compute only
  kFrontend,  // the queue stays at the frontend; an instance is held for send + compute + return
};

struct NetworkConfig {
  std::optional<dist::DistributionSpec> client_frontend;    // ms, one way
  std::optional<dist::DistributionSpec> frontend_instance;  // ms, one way
  // Per-flow bandwidth of the frontend<->instance hop in Gbit/s; 0 = infinite (no transfer time).
  // With sharing kNic: the bandwidth of every host's NIC (> 0).
  double bandwidth_gbps = 0;
  NetworkSharing sharing = NetworkSharing::kPerFlow;
  StallConfig stall;
  Dispatch dispatch = Dispatch::kPool;
  // A HostNetwork carries the frontend<->instance crossings (NIC sharing, stalls or dispatch
  // from the frontend are on).
  bool uses_hosts() const {
    return sharing == NetworkSharing::kNic || stall.enabled() || dispatch == Dispatch::kFrontend;
  }
};

}  // namespace servesim::cluster
