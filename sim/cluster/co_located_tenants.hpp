// File: sim/cluster/co_located_tenants.hpp
//
// ParM's inference multi-tenancy (see TenantConfig): another serving system's jobs on some
// instances of a pool. Each co-located instance serves the tenant's jobs FIFO; while one runs,
// the instance's own batches are slowed by the tenant's factor.
#pragma once

#include <vector>

#include "sim/cluster/instance_pool.hpp"
#include "sim/cluster/interference_config.hpp"
#include "sim/cluster/service_model.hpp"
#include "sim/core/engine.hpp"

namespace servesim::cluster {

class CoLocatedTenants {
 public:
  CoLocatedTenants(core::Engine& engine, const TenantConfig& config, InstancePool& pool,
                   ServiceModel service, std::uint64_t seed, std::uint64_t replication);
  void start();
  void on_arrival(std::uint64_t unused);
  void on_job_done(std::uint64_t instance_idx);

 private:
  void begin_job(std::uint32_t instance_idx);

  core::Engine& engine_;
  const TenantConfig config_;
  InstancePool& pool_;
  ServiceModel service_;
  core::RngStream arrival_rng_;
  core::RngStream service_rng_;
  std::uint32_t next_ = 0;  // round-robin over co-located instances
  std::vector<std::uint32_t> waiting_;
  std::vector<std::uint8_t> busy_;
};

}  // namespace servesim::cluster
