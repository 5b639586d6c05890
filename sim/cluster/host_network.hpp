// File: sim/cluster/host_network.hpp
//
// The frontend<->instance crossings when hosts matter (NetworkConfig::uses_hosts): which NIC a
// crossing goes through, what else it shares that NIC with, and whether it stalls.
//
// Hosts: 0 is the frontend, then every instance of every pool, pool by pool (the order
// BulkTransfers numbers its endpoints in). A crossing goes through one NIC. With dispatch kPool
// a copy or policy task sent to a pool crosses the frontend's (the instance that will serve it
// is not chosen yet) and an answer crosses the NIC of the instance that computed it; with
// dispatch kFrontend both cross the serving instance's NIC (cluster/round_trip_carrier.hpp).
//
// Life of a crossing: the hop's latency (drawn by the caller) plus, with probability
// stall.probability_by_bulk[bulk flows at the NIC now], a stall draw; then the bytes cross the
// NIC, shared with every other flow on it (sharing kNic), or at the whole bandwidth (kPerFlow).
// Stalls draw from the stream `network/stall` only, so no other stream shifts.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/cluster/network_config.hpp"
#include "sim/cluster/nic.hpp"
#include "sim/core/engine.hpp"
#include "sim/core/slot_pool.hpp"
#include "sim/dist/sampler.hpp"

namespace servesim::cluster {

class HostNetworkListener {
 public:
  virtual void on_crossed(std::uint64_t token) = 0;

 protected:
  ~HostNetworkListener() = default;
};

struct HostNetworkStats {
  std::uint64_t crossings = 0;
  std::uint64_t stalls = 0;
};

class HostNetwork final : public NicListener {
 public:
  // REQUIRES: config.uses_hosts(); bandwidth_gbps > 0 when sharing is kNic.
  HostNetwork(core::Engine& engine, const NetworkConfig& config,
              const std::vector<int>& instances_per_pool, std::uint64_t seed,
              std::uint64_t replication);
  HostNetwork(const HostNetwork&) = delete;
  HostNetwork& operator=(const HostNetwork&) = delete;

  static constexpr std::uint32_t kFrontend = 0;
  std::uint32_t instance_host(std::size_t pool, std::int32_t instance) const {
    return first_host_[pool] + static_cast<std::uint32_t>(instance);
  }
  std::size_t hosts() const { return bulk_.size(); }

  // Carries `bytes` across `host`'s NIC after `latency` (and a stall, maybe); calls
  // to.on_crossed(token) when it has landed, from inside this call if it takes no time.
  void cross(std::uint32_t host, double bytes, core::Time latency, HostNetworkListener& to,
             std::uint64_t token);
  // Bulk transfers at `host` change by `delta`: they share its NIC (as background flows) and
  // set its crossings' stall probability.
  void add_bulk_flows(std::uint32_t host, int delta);
  int bulk_flows(std::uint32_t host) const { return bulk_[host]; }
  const HostNetworkStats& stats() const { return stats_; }

  // Event handlers.
  void on_delay_done(std::uint64_t crossing);
  void on_flow_done(std::uint64_t crossing) override;

 private:
  struct Crossing {
    HostNetworkListener* to = nullptr;
    std::uint64_t token = 0;
    double bytes = 0;
    std::uint32_t host = 0;
  };
  void land(std::uint32_t crossing);

  core::Engine& engine_;
  const NetworkSharing sharing_;
  const double ns_per_byte_;  // kPerFlow: 8 / bandwidth_gbps, 0 = infinite
  const std::vector<double> stall_probability_;
  dist::Sampler stall_delay_;
  core::RngStream stall_rng_;
  std::vector<std::uint32_t> first_host_;  // per pool
  std::vector<int> bulk_;                  // per host
  std::vector<Nic> nics_;                  // per host; kNic only
  core::SlotPool<Crossing> crossings_;
  HostNetworkStats stats_;
};

}  // namespace servesim::cluster
