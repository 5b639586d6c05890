// File: sim/cluster/round_trip_carrier.hpp
//
// network.dispatch: frontend. The pools' queues stand for the frontend's queue (a copy joins
// one with no crossing), and an instance that takes a batch is held for its whole round trip:
// the queries cross to that instance's NIC, the batch computes, the answers cross back from the
// same NIC, and only then is the instance free (ParM's and Clipper's frontend, which holds each
// query until its worker answers). So a query's network time depends on the instance that
// serves it, bulk transfers at that instance included.
//
// Life of a round trip: carry() -> cross(instance host, payload of the batch's tasks, hop
// latency) -> compute for compute_ms -> cross(instance host, response_bytes x queries, hop
// latency) -> pool.on_carried_batch_done. If the instance fails meanwhile the pool has already
// put the batch back in its queue; the trip runs to its end (its bytes are in flight) and its
// end is ignored.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "sim/cluster/batch_carrier.hpp"
#include "sim/cluster/host_network.hpp"
#include "sim/cluster/instance_pool.hpp"
#include "sim/core/engine.hpp"
#include "sim/core/slot_pool.hpp"
#include "sim/dist/sampler.hpp"

namespace servesim::cluster {

class RoundTripCarrier final : public BatchCarrier, public HostNetworkListener {
 public:
  // Latencies of the crossings are drawn from `frontend_instance` (absent = 0) with the stream
  // network/frontend_instance, which the frontend does not use in this mode.
  RoundTripCarrier(core::Engine& engine, HostNetwork& network, TaskTable& tasks,
                   const NetworkConfig& config, double response_bytes,
                   std::vector<InstancePool*> pools, std::uint64_t seed,
                   std::uint64_t replication);
  RoundTripCarrier(const RoundTripCarrier&) = delete;
  RoundTripCarrier& operator=(const RoundTripCarrier&) = delete;

  // The frontend tells the size of each task it queues (copies, parity queries, batches).
  void set_payload(TaskSlot task, double bytes);

  void carry(std::uint32_t pool, std::uint32_t instance, std::span<const TaskSlot> tasks,
             double compute_ms, std::uint64_t ticket) override;
  void on_crossed(std::uint64_t trip) override;
  void on_compute_done(std::uint64_t trip);

 private:
  struct Trip {
    std::uint32_t pool = 0;
    std::uint32_t instance = 0;
    std::uint64_t ticket = 0;
    double compute_ms = 0;
    double response_bytes = 0;
    bool returning = false;
  };
  core::Time latency();

  core::Engine& engine_;
  HostNetwork& network_;
  TaskTable& tasks_;
  const double response_bytes_;
  std::vector<InstancePool*> pools_;
  std::optional<dist::Sampler> hop_;
  core::RngStream hop_rng_;
  std::vector<double> payload_;  // by task slot
  core::SlotPool<Trip> trips_;
};

}  // namespace servesim::cluster
