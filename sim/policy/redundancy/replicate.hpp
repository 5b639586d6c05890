// File: sim/policy/redundancy/replicate.hpp
//
// Replication: 1 + r copies of a request at once, to distinct instances; the first answer wins
// and the rest are cancelled. With `fraction` < 1 only that share of requests (a deterministic
// draw, copy_selection.hpp) gets the r extra copies.
#pragma once

#include "sim/policy/redundancy/copy_selection.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {

class Replicate final : public RedundancyPolicy {
 public:
  explicit Replicate(const RedundancyConfig& config);
  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  bool low_priority_copies() const override { return low_priority_; }

 private:
  const int extra_copies_;
  const bool low_priority_;
  CopySelection selection_;
};

}  // namespace servesim::policy
