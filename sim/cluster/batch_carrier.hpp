// File: sim/cluster/batch_carrier.hpp
//
// What runs a batch's whole round trip when the queue is at the frontend (network.dispatch:
// frontend, ParM's and Clipper's deployment): the instance is held while the queries cross to
// it, compute and their answers cross back, so a query's network time depends on the instance
// that serves it. InstancePool hands its batches to a carrier when one is set (RoundTripCarrier).
#pragma once

#include <cstdint>
#include <span>

#include "sim/cluster/task.hpp"

namespace servesim::cluster {

class BatchCarrier {
 public:
  // The batch `tasks` of instance `instance` of pool `pool` (the index the pool was given with
  // set_carrier) computes for `compute_ms` once its queries have arrived. The carrier then
  // calls the pool's on_carried_batch_done(instance, ticket) when the answers are back.
  virtual void carry(std::uint32_t pool, std::uint32_t instance, std::span<const TaskSlot> tasks,
                     double compute_ms, std::uint64_t ticket) = 0;

 protected:
  ~BatchCarrier() = default;
};

}  // namespace servesim::cluster
