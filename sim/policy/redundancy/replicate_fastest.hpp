// File: sim/policy/redundancy/replicate_fastest.hpp
//
// replicate_fastest: each request goes out twice at once, the primary where the pool's load
// balancer sends it and one replica to the instance with the least outstanding work (fewest
// queries waiting or running, Placement::kLeastOutstanding) other than the primary's. The first
// answer wins and the other copy is cancelled, as for replicate with r = 1. With a shared queue
// the placement has no meaning (an idle instance pulls the next query) and it is replicate r = 1.
//
// Also the worked example of docs/architecture.md, "Adding a redundancy kind": the whole kind is
// this file, its registry row, its test (tests/policy/replicate_fastest_test.cpp) and its docs.
#pragma once

#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {

class ReplicateFastest final : public RedundancyPolicy {
 public:
  explicit ReplicateFastest(const RedundancyConfig& config)
      : low_priority_(config.copy_priority == "low") {}

  void on_request(RedundancyContext& ctx, RequestSlot request) override {
    ctx.send_copy(request, CopyRole::kPrimary);
    ctx.send_copy(request, CopyRole::kReplica, 0, Placement::kLeastOutstanding);
  }
  // The frontend cancels the copy still out once the request is answered.
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole role,
                    core::Time) override {
    ctx.answer(request, role == CopyRole::kPrimary ? ServedAs::kPrimary : ServedAs::kReplica);
  }
  bool low_priority_copies() const override { return low_priority_; }

 private:
  const bool low_priority_;
};

}  // namespace servesim::policy
