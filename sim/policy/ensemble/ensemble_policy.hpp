// File: sim/policy/ensemble/ensemble_policy.hpp
//
// Serves each request with an ensemble: parallel execution sends one copy to every member's pool
// at once (after a fan-out transition and per-branch start overheads); serial execution runs the
// members one after another, a transition before each. Once all members are back (or the deadline
// passes with some of them), the outputs are aggregated and the request answered: `primary` with
// every member, `partial` with a subset, `dropped` if none made the deadline. Members still
// running when the answer goes out are cancelled.
//
// State transitions are counted for pricing: serial n + 1 (one per member, one aggregation),
// parallel n + 2 (the parallel state, one per branch, the aggregation), as Step Functions bills
// a Parallel state with its branches' states.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/dist/sampler.hpp"
#include "sim/policy/ensemble/ensemble_config.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {

class EnsemblePolicy final : public RedundancyPolicy {
 public:
  static constexpr int kMaxMembers = 16;
  // `member_pools[i]`: index of the pool serving member i.
  EnsemblePolicy(const EnsembleConfig& config, std::vector<int> member_pools, std::uint64_t seed,
                 std::uint64_t replication);

  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  void on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) override;
  void on_timer(RedundancyContext& ctx, RequestSlot request) override;
  void on_policy_timer(RedundancyContext& ctx, std::uint64_t tag) override;
  double extra_cost_usd() const override;

 private:
  struct State {
    std::uint32_t generation = 0;
    std::uint32_t done_mask = 0;     // members whose output is in
    std::uint32_t failed_mask = 0;   // members refused by their pool
    std::vector<int> copy_member;    // copy index -> member
    int next_member = 0;             // serial: the next to start
    bool aggregating = false;
    bool answered = true;            // true when the slot holds no live request
  };
  enum class TagKind : std::uint64_t { kSend = 1, kAggregated = 2 };
  static std::uint64_t make_tag(TagKind kind, std::uint32_t slot, std::uint32_t generation,
                                std::uint32_t member = 0);

  void send_member(RedundancyContext& ctx, RequestSlot request, int member);
  void after_delay(RedundancyContext& ctx, const std::optional<dist::Sampler>& delay,
                   std::uint64_t tag);
  // A member's copy came back (answered) or was refused: record it, then move on.
  void on_member_over(RedundancyContext& ctx, RequestSlot request, int copy, bool answered);
  void maybe_finish(RedundancyContext& ctx, RequestSlot request);
  void begin_aggregation(RedundancyContext& ctx, RequestSlot request);
  void finish(RedundancyContext& ctx, RequestSlot request);
  double accuracy_of(std::uint32_t mask) const;

  const EnsembleConfig config_;
  const std::vector<int> member_pools_;
  const int members_;
  const std::uint32_t all_mask_;
  std::optional<dist::Sampler> aggregation_;
  std::optional<dist::Sampler> transition_;
  std::optional<dist::Sampler> branch_;
  core::RngStream rng_;
  std::vector<State> state_;                // by request slot
  std::vector<double> accuracy_by_mask_;    // NaN = unknown
  std::uint32_t next_generation_ = 1;
  std::uint64_t transitions_ = 0;
};

}  // namespace servesim::policy
