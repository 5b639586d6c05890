// File: sim/policy/load_balancer/registry.cpp
//
// The one table binding balancer names to classes (no self-registering statics: the linker
// drops those from static libraries).
#include <array>

#include "sim/core/error.hpp"
#include "sim/policy/registry_lookup.hpp"
#include "sim/policy/load_balancer/balancers.hpp"

namespace servesim::policy {

namespace {
template <class T>
std::unique_ptr<LoadBalancer> make() {
  return std::make_unique<T>();
}

constexpr std::array<LoadBalancerEntry, 5> kBalancers{{
    {"round_robin", "next available instance in turn", &make<RoundRobin>},
    {"random", "uniformly random available instance", &make<RandomChoice>},
    {"shortest_queue", "fewest queries waiting", &make<ShortestQueue>},
    {"power_of_two", "two random instances, the one with fewer outstanding", &make<PowerOfTwo>},
    {"least_outstanding", "fewest queries waiting or running", &make<LeastOutstanding>},
}};
}  // namespace

std::span<const LoadBalancerEntry> load_balancer_registry() { return kBalancers; }

std::unique_ptr<LoadBalancer> make_load_balancer(const std::string& name) {
  if (const auto* row = find_registry_row<LoadBalancerEntry>(kBalancers, name)) return row->make();
  throw core::ConfigError("unknown load_balancer '" + name + "' (valid: " +
                          registry_name_list<LoadBalancerEntry>(kBalancers) + ")");
}

}  // namespace servesim::policy
