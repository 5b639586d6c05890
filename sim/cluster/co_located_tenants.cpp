// File: sim/cluster/co_located_tenants.cpp
#include "sim/cluster/co_located_tenants.hpp"

#include <cmath>

namespace servesim::cluster {

CoLocatedTenants::CoLocatedTenants(core::Engine& engine, const TenantConfig& config,
                                   InstancePool& pool, ServiceModel service, std::uint64_t seed,
                                   std::uint64_t replication)
    : engine_(engine),
      config_(config),
      pool_(pool),
      service_(std::move(service)),
      arrival_rng_(seed, replication, "interference/tenants/arrivals"),
      service_rng_(seed, replication, "interference/tenants/service"),
      waiting_(static_cast<std::size_t>(config.instances), 0),
      busy_(static_cast<std::size_t>(config.instances), 0) {}

void CoLocatedTenants::start() {
  engine_.schedule_in<&CoLocatedTenants::on_arrival>(
      core::Time::from_s(-std::log1p(-arrival_rng_.uniform_open01()) / config_.rate), this, 0);
}

void CoLocatedTenants::on_arrival(std::uint64_t) {
  const std::uint32_t instance = next_;
  next_ = (next_ + 1) % static_cast<std::uint32_t>(config_.instances);
  if (busy_[instance]) {
    ++waiting_[instance];
  } else {
    begin_job(instance);
  }
  start();
}

void CoLocatedTenants::begin_job(std::uint32_t instance) {
  busy_[instance] = 1;
  pool_.set_external_factor(instance, InstancePool::ExternalSource::kTenants, config_.slowdown);
  engine_.schedule_in<&CoLocatedTenants::on_job_done>(
      core::Time::from_ms(service_.sample_ms(1, service_rng_)), this, instance);
}

void CoLocatedTenants::on_job_done(std::uint64_t arg) {
  const auto instance = static_cast<std::uint32_t>(arg);
  busy_[instance] = 0;
  pool_.set_external_factor(instance, InstancePool::ExternalSource::kTenants, 1);
  if (waiting_[instance] > 0) {
    --waiting_[instance];
    begin_job(instance);
  }
}

}  // namespace servesim::cluster
