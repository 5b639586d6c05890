// File: sim/policy/redundancy/parity.hpp
//
// Coded redundancy with parity models (ParM: Kosaian, Rashmi, Venkataraman, SOSP'19).
//
// Every k consecutive requests form a coding group. When the k-th member arrives the frontend
// encodes (encoder latency) and sends r parity queries to the parity pool. Each member's own
// answer is served as soon as it returns. As soon as any k of the group's k + r outputs are back
// (member outputs plus parity outputs), every member still unanswered is reconstructed (decoder
// latency) and served as `reconstructed`; the queued originals are then cancelled by the
// frontend. Once every member is answered, parity queries still queued are cancelled; running
// ones finish and are discarded. With r = 1, two slow members of one group wait for their
// originals, as in ParM.
//
// Coded batches (ParM codes batches when batching): with unit_size B > 1 the frontend forms
// batches of B consecutive requests, each sent as one task (a coding unit) and served as one
// batch; k consecutive units form the group, and each parity query is one batch of B encoded
// queries. A returned unit answers all its requests; a reconstructed unit reconstructs all of
// them. unit_timeout > 0 sends a partial unit once its first request has waited that long.
//
// Extensions, off by default: fill_timeout encodes a partial group whose first member has waited
// that long; default_after serves a default prediction to a request still unanswered then.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/slot_pool.hpp"
#include "sim/dist/sampler.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy {

class ParityCoding final : public RedundancyPolicy {
 public:
  // REQUIRES: config.r <= kMaxParities.
  static constexpr int kMaxParities = 255;
  ParityCoding(const RedundancyConfig& config, std::uint64_t seed, std::uint64_t replication);

  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  void on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) override;
  void on_timer(RedundancyContext& ctx, RequestSlot request) override;
  void on_task_done(RedundancyContext& ctx, std::uint64_t tag) override;
  void on_task_refused(RedundancyContext& ctx, std::uint64_t tag) override;
  void on_policy_timer(RedundancyContext& ctx, std::uint64_t tag) override;

 private:
  // A coding unit: one request, or a batch of unit_size_ requests (coded batches).
  struct Member {
    std::uint32_t first = 0;       // its requests: Group::requests[first, first + count)
    std::uint32_t count = 0;
    std::uint32_t unanswered = 0;  // of its requests
    PolicyTask task = 0;           // coded batches: the unit's batch task
    bool task_out = false;         // that task was sent and is not back, refused or cancelled
    bool dispatched = false;       // sent (or given up): no more requests join

    bool answered() const { return dispatched && unanswered == 0; }
  };
  struct Group {
    bool live = false;  // acquired and not yet released
    std::uint32_t generation = 0;
    std::vector<Member> members;
    std::vector<RequestSlot> requests;
    std::vector<std::uint8_t> request_answered;
    std::vector<PolicyTask> parities;
    std::vector<std::uint8_t> parity_outstanding;
    int members_answered = 0;
    int outputs_back = 0;
    int parities_back = 0;
    bool closed = false;    // no more members will join
    bool encoded = false;   // parity queries were sent
    bool decoding = false;  // a decode is under way

    // For SlotPool::acquire: as a fresh Group, but with the vectors' capacity kept, so that
    // groups cost no allocation once the pool has grown (malloc was 15% of a parity run).
    void reuse() {
      Group fresh;
      fresh.members = emptied(members);
      fresh.requests = emptied(requests);
      fresh.request_answered = emptied(request_answered);
      fresh.parities = emptied(parities);
      fresh.parity_outstanding = emptied(parity_outstanding);
      *this = std::move(fresh);
    }
    template <class V>
    static V emptied(V& values) {
      V out = std::move(values);
      out.clear();
      return out;
    }
  };
  enum class TagKind : std::uint64_t {
    kParity = 1,
    kEncoded = 2,
    kDecoded = 3,
    kFillTimeout = 4,
    kUnit = 5,         // a coded batch's task (index = member position)
    kUnitTimeout = 6,  // a partial coded batch waited unit_timeout (index = member position)
  };
  // tag = kind (4 bits) | index (10: parity or member position) | generation (18) | group (32).
  static std::uint64_t make_tag(TagKind kind, std::uint32_t group, std::uint32_t generation,
                                std::uint32_t index = 0);
  static std::uint32_t tag_index(std::uint64_t tag) {
    return static_cast<std::uint32_t>((tag >> 50) & 0x3FF);
  }
  // The group a tag names, or nullptr when the tag is stale (the group was released).
  Group* group_of_tag(std::uint64_t tag, std::uint32_t& slot);

  bool batched() const { return unit_size_ > 1; }
  void close_group(RedundancyContext& ctx, std::uint32_t slot);
  // Coded batches: sends the member's requests as one batch task.
  void dispatch_unit(RedundancyContext& ctx, std::uint32_t slot, std::size_t position);
  void send_parities(RedundancyContext& ctx, std::uint32_t slot);
  void maybe_decode(RedundancyContext& ctx, std::uint32_t slot);
  void finish_decode(RedundancyContext& ctx, std::uint32_t slot);
  // The member's own output is back: answers its unanswered requests as primary.
  void on_output(RedundancyContext& ctx, std::uint32_t slot, std::size_t position);
  // Answers every unanswered request of the member with `served`.
  void answer_member(RedundancyContext& ctx, std::uint32_t slot, std::size_t position,
                     ServedAs served);
  void answer_request(RedundancyContext& ctx, std::uint32_t slot, std::uint32_t index,
                      ServedAs served);
  // Called once a member has no unanswered request left.
  void member_answered(RedundancyContext& ctx, std::uint32_t slot, std::size_t position);
  // Releases the group once every member is answered, cancelling parity work still out.
  void maybe_release(RedundancyContext& ctx, std::uint32_t slot);

  const int k_;
  const int r_;
  const int unit_size_;
  const double unit_timeout_ms_;
  const int parity_pool_;
  const double parity_bytes_;
  const double fill_timeout_ms_;
  const double default_after_ms_;
  const bool has_encoder_;
  const bool has_decoder_;
  dist::Sampler encoder_;
  dist::Sampler decoder_;
  core::RngStream encoder_rng_;
  core::RngStream decoder_rng_;
  core::SlotPool<Group> groups_;
  // Generations are unique across all groups (mod 2^18), so a tag of a released group never
  // matches whatever group later reuses its slot.
  std::uint32_t next_generation_ = 1;
  static constexpr std::uint32_t kNoGroup = ~0u;
  std::uint32_t forming_ = kNoGroup;
  // Indexed by request slot: the group and position of each live request.
  struct Place {
    std::uint32_t group = kNoGroup;
    std::uint32_t position = 0;  // its member
    std::uint32_t index = 0;     // in Group::requests
  };
  std::vector<Place> place_;
};

}  // namespace servesim::policy
