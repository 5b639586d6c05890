// File: tests/io/registry_mirror_test.cpp
//
// io validates load balancer names and redundancy kinds from its own lists (policy_yaml.hpp),
// which mirror the policy registries. This keeps the two in step.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/io/policy_yaml.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::io {
namespace {

TEST(RegistryMirror, LoadBalancerNamesMatchTheRegistry) {
  std::vector<std::string> registry;
  for (const auto& entry : policy::load_balancer_registry()) registry.emplace_back(entry.name);
  EXPECT_EQ(load_balancer_names(), registry);
}

TEST(RegistryMirror, RedundancyKindsMatchTheRegistry) {
  std::vector<std::string> registry;
  for (const auto& entry : policy::redundancy_registry()) registry.emplace_back(entry.name);
  EXPECT_EQ(redundancy_kind_names(), registry);
}

}  // namespace
}  // namespace servesim::io
