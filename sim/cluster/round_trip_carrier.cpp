// File: sim/cluster/round_trip_carrier.cpp
#include "sim/cluster/round_trip_carrier.hpp"


namespace servesim::cluster {

RoundTripCarrier::RoundTripCarrier(core::Engine& engine, HostNetwork& network, TaskTable& tasks,
                                   const NetworkConfig& config, double response_bytes,
                                   std::vector<InstancePool*> pools, std::uint64_t seed,
                                   std::uint64_t replication)
    : engine_(engine),
      network_(network),
      tasks_(tasks),
      response_bytes_(response_bytes),
      pools_(std::move(pools)),
      hop_rng_(seed, replication, "network/frontend_instance") {
  if (config.frontend_instance) hop_.emplace(*config.frontend_instance);
}

void RoundTripCarrier::set_payload(TaskSlot task, double bytes) {
  if (task >= payload_.size()) payload_.resize(std::size_t{task} + 1 + payload_.size() / 2, 0);
  payload_[task] = bytes;
}

core::Time RoundTripCarrier::latency() {
  if (!hop_) return core::Time::zero();
  return core::Time::from_ms(hop_->sample(hop_rng_));
}

void RoundTripCarrier::carry(std::uint32_t pool, std::uint32_t instance,
                             std::span<const TaskSlot> tasks, double compute_ms,
                             std::uint64_t ticket) {
  double payload = 0;
  double queries = 0;
  for (TaskSlot task : tasks) {
    payload += task < payload_.size() ? payload_[task] : 0;
    queries += tasks_[task].queries;
  }
  const std::uint32_t slot = trips_.acquire();
  trips_[slot] = Trip{pool, instance, ticket, compute_ms, response_bytes_ * queries, false};
  network_.cross(network_.instance_host(pool, static_cast<std::int32_t>(instance)), payload,
                 latency(), *this, slot);
}

void RoundTripCarrier::on_crossed(std::uint64_t slot) {
  Trip& trip = trips_[static_cast<std::uint32_t>(slot)];
  if (!trip.returning) {  // the queries have arrived: compute
    engine_.schedule_in<&RoundTripCarrier::on_compute_done>(core::Time::from_ms(trip.compute_ms),
                                                            this, slot);
    return;
  }
  const Trip done = trip;
  trips_.release(static_cast<std::uint32_t>(slot));
  pools_[done.pool]->on_carried_batch_done(done.instance, done.ticket);
}

void RoundTripCarrier::on_compute_done(std::uint64_t slot) {
  Trip& trip = trips_[static_cast<std::uint32_t>(slot)];
  trip.returning = true;
  network_.cross(network_.instance_host(trip.pool, static_cast<std::int32_t>(trip.instance)),
                 trip.response_bytes, latency(), *this, slot);
}

}  // namespace servesim::cluster
