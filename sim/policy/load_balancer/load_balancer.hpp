// File: sim/policy/load_balancer/load_balancer.hpp
//
// Picks the instance of a per_instance pool that a query joins. A balancer sees only a narrow
// view of the pool (queue lengths, outstanding work, availability), never cluster classes, so it
// can be unit-tested on plain arrays.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/rng.hpp"

namespace servesim::policy {

// What a balancer may look at. All spans have one entry per instance of the pool.
struct LoadView {
  std::span<const std::uint32_t> queue_length;  // queries waiting at the instance
  std::span<const std::uint32_t> outstanding;   // waiting + running at the instance
  std::span<const std::uint8_t> available;      // 1 = up and may receive (not failed, not excluded)
};

class LoadBalancer {
 public:
  virtual ~LoadBalancer() = default;
  // Returns an index with available[i] == 1. REQUIRES: at least one instance is available.
  virtual std::uint32_t pick(const LoadView& view, core::RngStream& rng) = 0;
};

struct LoadBalancerEntry {
  const char* name;
  const char* description;
  std::unique_ptr<LoadBalancer> (*make)();
};

// The registry table (registry.cpp): the only place a balancer name is bound to a class.
std::span<const LoadBalancerEntry> load_balancer_registry();
// Throws core::ConfigError listing the valid names when `name` is unknown.
std::unique_ptr<LoadBalancer> make_load_balancer(const std::string& name);

}  // namespace servesim::policy
