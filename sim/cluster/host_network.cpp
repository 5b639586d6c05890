// File: sim/cluster/host_network.cpp
#include "sim/cluster/host_network.hpp"

#include <algorithm>
#include <cmath>

namespace servesim::cluster {

HostNetwork::HostNetwork(core::Engine& engine, const NetworkConfig& config,
                         const std::vector<int>& instances_per_pool, std::uint64_t seed,
                         std::uint64_t replication)
    : engine_(engine),
      sharing_(config.sharing),
      ns_per_byte_(config.bandwidth_gbps > 0 ? 8.0 / config.bandwidth_gbps : 0.0),
      stall_probability_(config.stall.probability_by_bulk),
      stall_delay_(config.stall.delay),
      stall_rng_(seed, replication, "network/stall") {
  SERVESIM_ASSERT(config.uses_hosts(), "a host network for a scenario that does not use one");
  std::uint32_t hosts = 1;  // the frontend
  for (int count : instances_per_pool) {
    first_host_.push_back(hosts);
    hosts += static_cast<std::uint32_t>(count);
  }
  bulk_.assign(hosts, 0);
  if (sharing_ == NetworkSharing::kNic) {
    SERVESIM_ASSERT(config.bandwidth_gbps > 0, "NIC sharing needs a finite bandwidth");
    nics_.reserve(hosts);  // never reallocated: events point at the NICs
    for (std::uint32_t host = 0; host < hosts; ++host) {
      nics_.emplace_back(engine, config.bandwidth_gbps, *this);
    }
  }
}

void HostNetwork::cross(std::uint32_t host, double bytes, core::Time latency,
                        HostNetworkListener& to, std::uint64_t token) {
  ++stats_.crossings;
  core::Time delay = latency;
  if (!stall_probability_.empty()) {
    const auto bulk = static_cast<std::size_t>(bulk_[host]);
    const double p = stall_probability_[std::min(bulk, stall_probability_.size() - 1)];
    // One uniform per crossing, and a delay draw only for a stall: the stream's use depends on
    // the crossings alone.
    if (stall_rng_.uniform_open01() < p) {
      ++stats_.stalls;
      delay += core::Time::from_ms(stall_delay_.sample(stall_rng_));
    }
  }
  if (sharing_ == NetworkSharing::kPerFlow) {
    delay += core::Time::from_ns(std::llround(bytes * ns_per_byte_));
    bytes = 0;
  }
  if (delay == core::Time::zero() && bytes == 0) {
    to.on_crossed(token);
    return;
  }
  const std::uint32_t slot = crossings_.acquire();
  crossings_[slot] = Crossing{&to, token, bytes, host};
  if (delay > core::Time::zero()) {
    engine_.schedule_in<&HostNetwork::on_delay_done>(delay, this, slot);
  } else {
    on_delay_done(slot);
  }
}

void HostNetwork::on_delay_done(std::uint64_t slot) {
  const Crossing& crossing = crossings_[static_cast<std::uint32_t>(slot)];
  if (crossing.bytes > 0) {
    nics_[crossing.host].start_flow(crossing.bytes, slot);
    return;
  }
  land(static_cast<std::uint32_t>(slot));
}

void HostNetwork::on_flow_done(std::uint64_t slot) { land(static_cast<std::uint32_t>(slot)); }

void HostNetwork::land(std::uint32_t slot) {
  const Crossing crossing = crossings_[slot];
  crossings_.release(slot);
  crossing.to->on_crossed(crossing.token);
}

void HostNetwork::add_bulk_flows(std::uint32_t host, int delta) {
  bulk_[host] += delta;
  SERVESIM_ASSERT(bulk_[host] >= 0, "more bulk transfers ended than started");
  if (!nics_.empty()) nics_[host].add_background(delta);
}

}  // namespace servesim::cluster
