// File: sim/policy/redundancy/policies.hpp
//
// The baseline redundancy scheme (replicate.hpp and hedge.hpp hold the others). equal_resources behaves as `none` here: its extra instances
// are added to the pool when the simulation is built (run/), which is all it does.
#pragma once

#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {

// One copy; its answer is served.
class NoRedundancy final : public RedundancyPolicy {
 public:
  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  bool single_primary_copy() const override { return true; }
};

}  // namespace servesim::policy
