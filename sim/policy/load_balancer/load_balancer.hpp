// File: sim/policy/load_balancer/load_balancer.hpp
//
// Picks the instance of a per_instance pool that a query joins. A balancer sees only a narrow
// view of the pool (queue lengths, outstanding work, availability: load_index.hpp), never
// cluster classes, so it can be unit-tested on a LoadIndex filled by hand. Per query it does
// O(1) work (O(log n) for the balancers that rank by load), whatever the pool's size.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "sim/core/rng.hpp"
#include "sim/policy/load_balancer/load_index.hpp"

namespace servesim::policy {

class LoadBalancer {
 public:
  virtual ~LoadBalancer() = default;
  // The load this balancer ranks instances by (the pool's LoadIndex keeps a MinTree for it).
  virtual LoadMetric metric() const { return LoadMetric::kNone; }
  // Returns an index with view.available(i). The view always has one available instance.
  virtual std::uint32_t pick(LoadView& view, core::RngStream& rng) = 0;
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
