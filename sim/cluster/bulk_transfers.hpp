// File: sim/cluster/bulk_transfers.hpp
//
// ParM's "shuffles" background load (see ShuffleConfig): a fixed number of bulk transfers
// between random pairs of instances across all pools, each restarted when done. It changes the
// instances' external slowdown factor as transfers start and end; it never touches queries, except
// through the NICs they share when a HostNetwork is attached.
#pragma once

#include <vector>

#include "sim/cluster/host_network.hpp"
#include "sim/cluster/instance_pool.hpp"
#include "sim/cluster/interference_config.hpp"
#include "sim/core/engine.hpp"

namespace servesim::cluster {

class BulkTransfers {
 public:
  // REQUIRES: the pools together have at least two instances.
  BulkTransfers(core::Engine& engine, const ShuffleConfig& config, std::vector<InstancePool*> pools,
                core::RngStream rng);
  // Each transfer also holds one bulk flow on both endpoints' hosts in `network` (host 1 + the
  // endpoint's index). Call before start(); the network must outlive the run.
  void attach_network(HostNetwork& network) { network_ = &network; }
  void start();
  void on_transfer_done(std::uint64_t transfer_idx);

 private:
  struct Endpoint {
    std::uint32_t pool = 0;
    std::uint32_t instance = 0;
  };
  void begin(std::uint32_t transfer_idx);
  void add_flows(std::uint32_t global, int delta);

  core::Engine& engine_;
  const ShuffleConfig config_;
  std::vector<InstancePool*> pools_;
  core::RngStream rng_;
  HostNetwork* network_ = nullptr;
  std::vector<Endpoint> endpoints_;  // every instance of every pool, in pool order
  std::vector<int> flows_;           // transfers touching each endpoint
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_;  // per transfer: endpoints
};

}  // namespace servesim::cluster
