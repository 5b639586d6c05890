// File: sim/policy/redundancy/parity.cpp
#include "sim/policy/redundancy/parity.hpp"

#include <algorithm>
#include <span>

#include "sim/core/error.hpp"

namespace servesim::policy {

namespace {
constexpr std::uint64_t kGenerationMask = (1u << 18) - 1;
}

ParityCoding::ParityCoding(const RedundancyConfig& config, std::uint64_t seed,
                           std::uint64_t replication)
    : k_(config.k),
      r_(config.r),
      unit_size_(config.unit_size),
      unit_timeout_ms_(config.unit_timeout),
      parity_pool_(config.pool_index),
      parity_bytes_(config.parity_bytes),
      fill_timeout_ms_(config.fill_timeout),
      default_after_ms_(config.default_after),
      has_encoder_(config.encoder_latency.has_value()),
      has_decoder_(config.decoder_latency.has_value()),
      encoder_rng_(seed, replication, "redundancy/encoder"),
      decoder_rng_(seed, replication, "redundancy/decoder") {
  SERVESIM_ASSERT(r_ >= 1 && r_ <= kMaxParities, "parity r out of range");
  SERVESIM_ASSERT(k_ >= 1 && k_ <= 1023, "parity k out of range");
  SERVESIM_ASSERT(unit_size_ >= 1 && unit_size_ <= 0xFFFF, "coded batch size out of range");
  if (has_encoder_) encoder_ = dist::Sampler(*config.encoder_latency);
  if (has_decoder_) decoder_ = dist::Sampler(*config.decoder_latency);
}

std::uint64_t ParityCoding::make_tag(TagKind kind, std::uint32_t group, std::uint32_t generation,
                                     std::uint32_t index) {
  return (static_cast<std::uint64_t>(kind) << 60) | (static_cast<std::uint64_t>(index) << 50) |
         ((static_cast<std::uint64_t>(generation) & kGenerationMask) << 32) | group;
}

ParityCoding::Group* ParityCoding::group_of_tag(std::uint64_t tag, std::uint32_t& slot) {
  slot = static_cast<std::uint32_t>(tag);
  const auto generation = static_cast<std::uint32_t>((tag >> 32) & kGenerationMask);
  if (slot >= groups_.capacity()) return nullptr;
  Group& group = groups_[slot];
  if (!group.live || (group.generation & kGenerationMask) != generation) return nullptr;
  return &group;
}

void ParityCoding::on_request(RedundancyContext& ctx, RequestSlot request) {
  if (forming_ == kNoGroup) {
    forming_ = groups_.acquire();
    Group& group = groups_[forming_];
    // SlotPool::acquire value-initialises the slot; keep the generation counting across reuse.
    group.live = true;
    group.generation = next_generation_++;
    group.members.reserve(static_cast<std::size_t>(k_));
    if (fill_timeout_ms_ > 0) {
      ctx.start_policy_timer(core::Time::from_ms(fill_timeout_ms_),
                             make_tag(TagKind::kFillTimeout, forming_, group.generation));
    }
  }
  const std::uint32_t slot = forming_;
  Group& group = groups_[slot];
  if (group.members.empty() || group.members.back().dispatched) {
    group.members.push_back(Member{.first = static_cast<std::uint32_t>(group.requests.size())});
    if (batched() && unit_timeout_ms_ > 0) {
      ctx.start_policy_timer(core::Time::from_ms(unit_timeout_ms_),
                             make_tag(TagKind::kUnitTimeout, slot, group.generation,
                                      static_cast<std::uint32_t>(group.members.size() - 1)));
    }
  }
  const std::size_t position = group.members.size() - 1;
  Member& member = group.members[position];
  const auto index = static_cast<std::uint32_t>(group.requests.size());
  if (place_.size() <= request) place_.resize(static_cast<std::size_t>(request) + 1);
  place_[request] = Place{slot, static_cast<std::uint32_t>(position), index};
  group.requests.push_back(request);
  group.request_answered.push_back(0);
  ++member.count;
  ++member.unanswered;
  if (default_after_ms_ > 0) ctx.start_timer(request, core::Time::from_ms(default_after_ms_));
  if (!batched()) {
    member.dispatched = true;
    ctx.send_copy(request, CopyRole::kPrimary);
  } else if (static_cast<int>(member.count) == unit_size_) {
    dispatch_unit(ctx, slot, position);
  }
  // The send may have been refused and the member answered at once; the group is still open.
  if (static_cast<int>(groups_[slot].members.size()) == k_ &&
      groups_[slot].members.back().dispatched) {
    close_group(ctx, slot);
  }
}

void ParityCoding::dispatch_unit(RedundancyContext& ctx, std::uint32_t slot, std::size_t position) {
  Group& group = groups_[slot];
  Member& member = group.members[position];
  member.dispatched = true;
  if (member.unanswered == 0) {  // every request got its default answer while the batch filled
    member_answered(ctx, slot, position);
    return;
  }
  member.task_out = true;  // before sending: a refusal comes back from inside send_batch
  const PolicyTask task = ctx.send_batch(
      0, make_tag(TagKind::kUnit, slot, group.generation, static_cast<std::uint32_t>(position)),
      std::span<const RequestSlot>(group.requests.data() + member.first, member.count));
  Member& sent = groups_[slot].members[position];
  if (sent.task_out) sent.task = task;
}

void ParityCoding::close_group(RedundancyContext& ctx, std::uint32_t slot) {
  Group& group = groups_[slot];
  group.closed = true;
  if (forming_ == slot) forming_ = kNoGroup;
  // Encoding starts when the last member has arrived (ParM encodes at the k-th arrival).
  if (has_encoder_) {
    ctx.start_policy_timer(core::Time::from_ms(encoder_.sample(encoder_rng_)),
                           make_tag(TagKind::kEncoded, slot, group.generation));
  } else {
    send_parities(ctx, slot);
  }
}

void ParityCoding::send_parities(RedundancyContext& ctx, std::uint32_t slot) {
  Group& group = groups_[slot];
  // Nothing left to protect: ParM would enqueue the parity and cancel it at once.
  if (group.members_answered == static_cast<int>(group.members.size())) {
    maybe_release(ctx, slot);
    return;
  }
  group.encoded = true;
  group.parities.clear();
  group.parity_outstanding.assign(static_cast<std::size_t>(r_), 1);
  // A parity query encodes the units element-wise: as many queries as the largest unit.
  std::uint32_t queries = 1;
  for (const Member& member : group.members) queries = std::max(queries, member.count);
  for (int parity = 0; parity < r_; ++parity) {
    group.parities.push_back(ctx.send_task(
        parity_pool_,
        make_tag(TagKind::kParity, slot, group.generation, static_cast<std::uint32_t>(parity)),
        parity_bytes_ * queries, static_cast<int>(queries)));
  }
  maybe_decode(ctx, slot);
}

void ParityCoding::maybe_decode(RedundancyContext& ctx, std::uint32_t slot) {
  Group& group = groups_[slot];
  if (!group.live || !group.encoded || group.decoding) return;
  const int size = static_cast<int>(group.members.size());
  if (group.members_answered == size) return;
  // Any `size` of the size + r outputs suffice: the parity outputs stand in for missing ones.
  if (group.outputs_back + group.parities_back < size) return;
  group.decoding = true;
  if (has_decoder_) {
    ctx.start_policy_timer(core::Time::from_ms(decoder_.sample(decoder_rng_)),
                           make_tag(TagKind::kDecoded, slot, group.generation));
  } else {
    finish_decode(ctx, slot);
  }
}

void ParityCoding::finish_decode(RedundancyContext& ctx, std::uint32_t slot) {
  Group& group = groups_[slot];
  group.decoding = false;
  for (std::size_t position = 0; position < group.members.size(); ++position) {
    if (!group.members[position].answered()) {
      answer_member(ctx, slot, position, ServedAs::kReconstructed);
    }
  }
  maybe_release(ctx, slot);
}

void ParityCoding::on_output(RedundancyContext& ctx, std::uint32_t slot, std::size_t position) {
  Group& group = groups_[slot];
  Member& member = group.members[position];
  member.task_out = false;
  ++group.outputs_back;
  answer_member(ctx, slot, position, ServedAs::kPrimary);
  maybe_decode(ctx, slot);
  maybe_release(ctx, slot);
}

void ParityCoding::answer_member(RedundancyContext& ctx, std::uint32_t slot, std::size_t position,
                                 ServedAs served) {
  const Member& member = groups_[slot].members[position];
  const std::uint32_t end = member.first + member.count;
  for (std::uint32_t index = member.first; index < end; ++index) {
    if (!groups_[slot].request_answered[index]) answer_request(ctx, slot, index, served);
  }
}

void ParityCoding::answer_request(RedundancyContext& ctx, std::uint32_t slot, std::uint32_t index,
                                  ServedAs served) {
  Group& group = groups_[slot];
  SERVESIM_DEBUG_ASSERT(!group.request_answered[index], "parity member answered twice");
  group.request_answered[index] = 1;
  const RequestSlot request = group.requests[index];
  const std::size_t position = place_[request].position;
  if (--group.members[position].unanswered == 0 && group.members[position].dispatched) {
    member_answered(ctx, slot, position);
  }
  ctx.answer(request, served);
}

void ParityCoding::member_answered(RedundancyContext& ctx, std::uint32_t slot,
                                   std::size_t position) {
  Group& group = groups_[slot];
  Member& member = group.members[position];
  ++group.members_answered;
  // A coded batch answered without its own output (reconstructed, defaults): its task is no
  // longer needed. Uncoded requests' copies are cancelled by the frontend's answer().
  if (member.task_out) {
    member.task_out = false;
    ctx.cancel_task(member.task);
  }
}

void ParityCoding::on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole,
                                core::Time) {
  const Place place = place_[request];
  on_output(ctx, place.group, place.position);
}

void ParityCoding::on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int) {
  // A refused original is dropped at once; a later decode does not wait for it.
  const Place place = place_[request];
  answer_member(ctx, place.group, place.position, ServedAs::kDropped);
  maybe_release(ctx, place.group);
}

void ParityCoding::on_timer(RedundancyContext& ctx, RequestSlot request) {
  const Place place = place_[request];
  answer_request(ctx, place.group, place.index, ServedAs::kDefault);
  maybe_release(ctx, place.group);
}

void ParityCoding::on_task_done(RedundancyContext& ctx, std::uint64_t tag) {
  std::uint32_t slot = 0;
  Group* group = group_of_tag(tag, slot);
  SERVESIM_ASSERT(group != nullptr, "parity answer for a released group");
  if (static_cast<TagKind>(tag >> 60) == TagKind::kUnit) {
    on_output(ctx, slot, tag_index(tag));
    return;
  }
  group->parity_outstanding[tag_index(tag)] = 0;
  ++group->parities_back;
  maybe_decode(ctx, slot);
  maybe_release(ctx, slot);
}

void ParityCoding::on_task_refused(RedundancyContext& ctx, std::uint64_t tag) {
  std::uint32_t slot = 0;
  Group* group = group_of_tag(tag, slot);
  SERVESIM_ASSERT(group != nullptr, "parity refusal for a released group");
  if (static_cast<TagKind>(tag >> 60) == TagKind::kUnit) {
    group->members[tag_index(tag)].task_out = false;
    answer_member(ctx, slot, tag_index(tag), ServedAs::kDropped);
  } else {
    group->parity_outstanding[tag_index(tag)] = 0;
  }
  maybe_release(ctx, slot);
}

void ParityCoding::on_policy_timer(RedundancyContext& ctx, std::uint64_t tag) {
  std::uint32_t slot = 0;
  Group* group = group_of_tag(tag, slot);
  if (group == nullptr) return;  // the group was released meanwhile
  switch (static_cast<TagKind>(tag >> 60)) {
    case TagKind::kEncoded:
      send_parities(ctx, slot);
      break;
    case TagKind::kDecoded:
      finish_decode(ctx, slot);
      break;
    case TagKind::kFillTimeout:
      if (!group->closed) {
        // A partial coded batch goes out with the partial group.
        if (!group->members.back().dispatched) dispatch_unit(ctx, slot, group->members.size() - 1);
        close_group(ctx, slot);
      }
      break;
    case TagKind::kUnitTimeout: {
      const std::size_t position = tag_index(tag);
      if (!group->members[position].dispatched) {
        dispatch_unit(ctx, slot, position);
        if (static_cast<int>(groups_[slot].members.size()) == k_) close_group(ctx, slot);
      }
      break;
    }
    case TagKind::kParity:
    case TagKind::kUnit:
      break;
  }
}

void ParityCoding::maybe_release(RedundancyContext& ctx, std::uint32_t slot) {
  Group& group = groups_[slot];
  if (!group.live || !group.closed || group.decoding) return;
  if (group.members_answered != static_cast<int>(group.members.size())) return;
  for (std::size_t parity = 0; parity < group.parity_outstanding.size(); ++parity) {
    if (group.parity_outstanding[parity]) ctx.cancel_task(group.parities[parity]);
  }
  // A fresh generation makes every pending timer of this group stale at once.
  group.generation = next_generation_++;
  group.live = false;
  groups_.release(slot);
}

}  // namespace servesim::policy
