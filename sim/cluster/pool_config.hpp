// File: sim/cluster/pool_config.hpp
//
// A pool of identical instances serving one model.
#pragma once

#include <cstdint>
#include <string>

namespace servesim::cluster {

enum class QueueKind {
  kShared,       // one FIFO per pool that idle instances pull from (Clipper, ParM)
  kPerInstance,  // a FIFO per instance; the load balancer picks the instance on arrival
};

struct BatchingConfig {
  // Largest batch an instance runs. >= 1.
  int max_batch = 1;
  // ms an idle instance waits for a batch to fill, counted from the oldest queued query.
  // 0 = run whatever is queued at once. >= 0.
  double timeout = 0;
};

struct PoolConfig {
  std::string name;    // unique; names RNG streams and output
  std::string model;   // key into ScenarioConfig::models
  int instances = 1;   // >= 1
  QueueKind queue = QueueKind::kShared;
  BatchingConfig batching;
  // Queries a pool holds waiting (over all its queues); an arrival beyond it is dropped.
  // 0 = unbounded.
  std::int64_t queue_capacity = 0;
};

}  // namespace servesim::cluster
