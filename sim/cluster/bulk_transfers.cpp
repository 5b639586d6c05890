// File: sim/cluster/bulk_transfers.cpp
#include "sim/cluster/bulk_transfers.hpp"

#include <algorithm>

namespace servesim::cluster {

BulkTransfers::BulkTransfers(core::Engine& engine, const ShuffleConfig& config,
                             std::vector<InstancePool*> pools, core::RngStream rng)
    : engine_(engine), config_(config), pools_(std::move(pools)), rng_(rng) {
  for (std::uint32_t pool = 0; pool < pools_.size(); ++pool) {
    for (int instance = 0; instance < pools_[pool]->instances(); ++instance) {
      endpoints_.push_back({pool, static_cast<std::uint32_t>(instance)});
    }
  }
  SERVESIM_ASSERT(endpoints_.size() >= 2, "bulk transfers need two instances");
  flows_.assign(endpoints_.size(), 0);
  pairs_.resize(static_cast<std::size_t>(config_.count));
}

void BulkTransfers::start() {
  for (int transfer = 0; transfer < config_.count; ++transfer) {
    begin(static_cast<std::uint32_t>(transfer));
  }
}

void BulkTransfers::add_flows(std::uint32_t global, int delta) {
  flows_[global] += delta;
  const Endpoint& at = endpoints_[global];
  pools_[at.pool]->set_external_factor(at.instance, InstancePool::ExternalSource::kShuffles,
                                       config_.factor(flows_[global]));
  if (network_ != nullptr) network_->add_bulk_flows(global + 1, delta);
}

void BulkTransfers::begin(std::uint32_t transfer) {
  const auto n = static_cast<std::uint64_t>(endpoints_.size());
  const auto from = static_cast<std::uint32_t>(rng_.uniform_index(n));
  auto to = static_cast<std::uint32_t>(rng_.uniform_index(n - 1));
  if (to >= from) ++to;  // a distinct partner, uniformly
  pairs_[transfer] = {from, to};
  add_flows(from, +1);
  add_flows(to, +1);
  // U{min..max} MB, there and back, at the fair share of the busier endpoint's NIC.
  const auto span = static_cast<std::uint64_t>(config_.max_mb - config_.min_mb + 1);
  const double megabytes = config_.min_mb + static_cast<double>(rng_.uniform_index(span));
  const int sharing = std::max(flows_[from], flows_[to]);
  const double seconds = 2 * megabytes * 8e6 * sharing / (config_.bandwidth_gbps * 1e9);
  engine_.schedule_in<&BulkTransfers::on_transfer_done>(core::Time::from_s(seconds), this,
                                                        transfer);
}

void BulkTransfers::on_transfer_done(std::uint64_t transfer) {
  const auto [from, to] = pairs_[transfer];
  add_flows(from, -1);
  add_flows(to, -1);
  begin(static_cast<std::uint32_t>(transfer));
}

}  // namespace servesim::cluster
