// File: sim/policy/redundancy/parity.cpp
#include "sim/policy/redundancy/parity.hpp"

#include "sim/core/error.hpp"

namespace servesim::policy {

namespace {
constexpr std::uint64_t kGenerationMask = (1u << 20) - 1;
}

ParityCoding::ParityCoding(const RedundancyConfig& config, std::uint64_t seed,
                           std::uint64_t replication)
    : k_(config.k),
      r_(config.r),
      parity_pool_(config.pool_index),
      parity_bytes_(config.parity_bytes),
      fill_timeout_ms_(config.fill_timeout),
      default_after_ms_(config.default_after),
      has_encoder_(config.encoder_latency.has_value()),
      has_decoder_(config.decoder_latency.has_value()),
      encoder_rng_(seed, replication, "redundancy/encoder"),
      decoder_rng_(seed, replication, "redundancy/decoder") {
  SERVESIM_ASSERT(r_ >= 1 && r_ <= kMaxParities, "parity r out of range");
  if (has_encoder_) encoder_ = dist::Sampler(*config.encoder_latency);
  if (has_decoder_) decoder_ = dist::Sampler(*config.decoder_latency);
}

std::uint64_t ParityCoding::make_tag(TagKind kind, std::uint32_t group, std::uint32_t generation,
                                     std::uint32_t parity) {
  return (static_cast<std::uint64_t>(kind) << 60) | (static_cast<std::uint64_t>(parity) << 52) |
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
  if (place_.size() <= request) place_.resize(static_cast<std::size_t>(request) + 1);
  place_[request] = Place{slot, static_cast<std::uint32_t>(group.members.size())};
  group.members.push_back(Member{request, false, false});
  ctx.send_copy(request, CopyRole::kPrimary);
  if (default_after_ms_ > 0) ctx.start_timer(request, core::Time::from_ms(default_after_ms_));
  if (static_cast<int>(group.members.size()) == k_) close_group(ctx, slot);
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
  for (int parity = 0; parity < r_; ++parity) {
    group.parities.push_back(ctx.send_task(
        parity_pool_,
        make_tag(TagKind::kParity, slot, group.generation, static_cast<std::uint32_t>(parity)),
        parity_bytes_));
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
    if (!group.members[position].answered) {
      answer_member(ctx, slot, position, ServedAs::kReconstructed, false);
    }
  }
  maybe_release(ctx, slot);
}

void ParityCoding::answer_member(RedundancyContext& ctx, std::uint32_t slot, std::size_t position,
                                 ServedAs served, bool output_back) {
  Group& group = groups_[slot];
  Member& member = group.members[position];
  SERVESIM_DEBUG_ASSERT(!member.answered, "parity member answered twice");
  member.answered = true;
  member.output_back = output_back;
  ++group.members_answered;
  if (output_back) ++group.outputs_back;
  ctx.answer(member.request, served);
}

void ParityCoding::on_copy_done(RedundancyContext& ctx, RequestSlot request, int, CopyRole,
                                core::Time) {
  const Place place = place_[request];
  answer_member(ctx, place.group, place.position, ServedAs::kPrimary, true);
  maybe_decode(ctx, place.group);
  maybe_release(ctx, place.group);
}

void ParityCoding::on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int) {
  // A refused original is dropped at once; a later decode does not wait for it.
  const Place place = place_[request];
  answer_member(ctx, place.group, place.position, ServedAs::kDropped, false);
  maybe_release(ctx, place.group);
}

void ParityCoding::on_timer(RedundancyContext& ctx, RequestSlot request) {
  const Place place = place_[request];
  answer_member(ctx, place.group, place.position, ServedAs::kDefault, false);
  maybe_release(ctx, place.group);
}

void ParityCoding::on_task_done(RedundancyContext& ctx, std::uint64_t tag) {
  std::uint32_t slot = 0;
  Group* group = group_of_tag(tag, slot);
  SERVESIM_ASSERT(group != nullptr, "parity answer for a released group");
  const auto parity = static_cast<std::size_t>((tag >> 52) & 0xFF);
  group->parity_outstanding[parity] = 0;
  ++group->parities_back;
  maybe_decode(ctx, slot);
  maybe_release(ctx, slot);
}

void ParityCoding::on_task_refused(RedundancyContext& ctx, std::uint64_t tag) {
  std::uint32_t slot = 0;
  Group* group = group_of_tag(tag, slot);
  SERVESIM_ASSERT(group != nullptr, "parity refusal for a released group");
  group->parity_outstanding[static_cast<std::size_t>((tag >> 52) & 0xFF)] = 0;
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
      if (!group->closed) close_group(ctx, slot);
      break;
    case TagKind::kParity:
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
