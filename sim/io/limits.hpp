// File: sim/io/limits.hpp
//
// Upper bounds the loader puts on sizes the simulator allocates by. They are far above any
// real deployment; their job is to turn a typo (`instances: 1e9`) into a clear error instead of
// an out-of-memory crash or an overflow further on.
#pragma once

namespace servesim::io {

// Batch sizes (pools' max_batch, profiles' latency_by_batch keys): the service model builds a
// table with one entry per batch size up to max_batch.
inline constexpr int kMaxBatchSize = 100000;
// Instances per pool: each has its own state and RNG-driven timers; instance indices are packed
// into 24 bits in cluster/instance_pool.cpp.
inline constexpr int kMaxInstances = 1000000;
// Redundancy k and r: equal_resources grows a pool to ceil(n (k + r) / k) instances.
inline constexpr int kMaxCodeParameter = 1000;
// Replications of one scenario.
inline constexpr int kMaxReplications = 10000;

}  // namespace servesim::io
