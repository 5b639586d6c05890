// File: sim/policy/ensemble/ensemble_policy.cpp
#include "sim/policy/ensemble/ensemble_policy.hpp"

#include <bit>
#include <cmath>
#include <limits>

#include "sim/core/error.hpp"

namespace servesim::policy {

namespace {
constexpr std::uint64_t kGenerationMask = (1u << 20) - 1;

std::string subset_key(const std::vector<std::string>& members, std::uint32_t mask) {
  std::string key;
  for (std::size_t idx = 0; idx < members.size(); ++idx) {
    if (mask & (1u << idx)) key += (key.empty() ? "" : "+") + members[idx];
  }
  return key;
}
}  // namespace

EnsemblePolicy::EnsemblePolicy(const EnsembleConfig& config, std::vector<int> member_pools,
                               std::uint64_t seed, std::uint64_t replication)
    : config_(config),
      member_pools_(std::move(member_pools)),
      members_(static_cast<int>(config.members.size())),
      all_mask_((1u << config.members.size()) - 1),
      rng_(seed, replication, "ensemble/orchestrator") {
  SERVESIM_ASSERT(members_ >= 1 && members_ <= kMaxMembers, "ensemble size out of range");
  if (config.aggregation) aggregation_.emplace(*config.aggregation);
  if (config.transition) transition_.emplace(*config.transition);
  if (config.branch) branch_.emplace(*config.branch);
  // Accuracy of every subset, looked up once: the table or the declared fallback (io has
  // checked that every subset the run can need is covered).
  accuracy_by_mask_.assign(static_cast<std::size_t>(all_mask_) + 1,
                           std::numeric_limits<double>::quiet_NaN());
  for (std::uint32_t mask = 1; mask <= all_mask_; ++mask) {
    const auto found = config.subset_accuracy.find(subset_key(config.members, mask));
    if (found != config.subset_accuracy.end()) {
      accuracy_by_mask_[mask] = found->second;
    } else if (config.fallback == "best_member") {
      double best = std::numeric_limits<double>::quiet_NaN();
      for (int member = 0; member < members_; ++member) {
        if (!(mask & (1u << member))) continue;
        const auto single = config.subset_accuracy.find(config.members[static_cast<std::size_t>(member)]);
        if (single != config.subset_accuracy.end() && !(single->second <= best)) best = single->second;
      }
      accuracy_by_mask_[mask] = best;
    }
  }
}

std::uint64_t EnsemblePolicy::make_tag(TagKind kind, std::uint32_t slot, std::uint32_t generation,
                                       std::uint32_t member) {
  return (static_cast<std::uint64_t>(kind) << 60) | (static_cast<std::uint64_t>(member) << 52) |
         ((static_cast<std::uint64_t>(generation) & kGenerationMask) << 32) | slot;
}

double EnsemblePolicy::accuracy_of(std::uint32_t mask) const { return accuracy_by_mask_[mask]; }

void EnsemblePolicy::after_delay(RedundancyContext& ctx, const std::optional<dist::Sampler>& delay,
                                 std::uint64_t tag) {
  const double ms = delay ? delay->sample(rng_) : 0.0;
  if (ms > 0) {
    ctx.start_policy_timer(core::Time::from_ms(ms), tag);
  } else {
    on_policy_timer(ctx, tag);
  }
}

void EnsemblePolicy::on_request(RedundancyContext& ctx, RequestSlot request) {
  if (state_.size() <= request) state_.resize(static_cast<std::size_t>(request) + 1);
  State& state = state_[request];
  state = State{};
  state.generation = next_generation_++;
  state.answered = false;
  if (config_.deadline > 0) ctx.start_timer(request, core::Time::from_ms(config_.deadline));
  const std::uint32_t generation = state.generation;
  if (config_.execution == EnsembleExecution::kSerial) {
    ++transitions_;
    after_delay(ctx, transition_, make_tag(TagKind::kSend, request, generation, 0));
    return;
  }
  // Parallel: the Parallel state's transition, then each branch starts after its own overhead.
  transitions_ += 1 + static_cast<std::uint64_t>(members_);
  const double fan_out_ms = transition_ ? transition_->sample(rng_) : 0.0;
  for (int member = 0; member < members_; ++member) {
    const double start_ms = fan_out_ms + (branch_ ? branch_->sample(rng_) : 0.0);
    const std::uint64_t tag =
        make_tag(TagKind::kSend, request, generation, static_cast<std::uint32_t>(member));
    if (start_ms > 0) {
      ctx.start_policy_timer(core::Time::from_ms(start_ms), tag);
    } else {
      send_member(ctx, request, member);
    }
  }
}

void EnsemblePolicy::send_member(RedundancyContext& ctx, RequestSlot request, int member) {
  const int copy =
      ctx.send_copy(request, CopyRole::kPrimary, member_pools_[static_cast<std::size_t>(member)]);
  State& state = state_[request];
  if (state.copy_member.size() <= static_cast<std::size_t>(copy)) {
    state.copy_member.resize(static_cast<std::size_t>(copy) + 1);
  }
  state.copy_member[static_cast<std::size_t>(copy)] = member;
}

void EnsemblePolicy::on_policy_timer(RedundancyContext& ctx, std::uint64_t tag) {
  const auto slot = static_cast<RequestSlot>(tag);
  const auto generation = static_cast<std::uint32_t>((tag >> 32) & kGenerationMask);
  if (slot >= state_.size()) return;
  State& state = state_[slot];
  if (state.answered || (state.generation & kGenerationMask) != generation) return;  // stale
  switch (static_cast<TagKind>(tag >> 60)) {
    case TagKind::kSend:
      send_member(ctx, slot, static_cast<int>((tag >> 52) & 0xFF));
      break;
    case TagKind::kAggregated:
      finish(ctx, slot);
      break;
  }
}

void EnsemblePolicy::on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole,
                                  core::Time) {
  on_member_over(ctx, request, copy, /*answered=*/true);
}

void EnsemblePolicy::on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) {
  on_member_over(ctx, request, copy, /*answered=*/false);
}

void EnsemblePolicy::on_member_over(RedundancyContext& ctx, RequestSlot request, int copy,
                                    bool answered) {
  State& state = state_[request];
  const int member = state.copy_member[static_cast<std::size_t>(copy)];
  (answered ? state.done_mask : state.failed_mask) |= 1u << member;
  // Serial: the workflow moves on to the next member whether this one answered or failed.
  if (config_.execution == EnsembleExecution::kSerial && member + 1 < members_) {
    ++transitions_;
    after_delay(ctx, transition_,
                make_tag(TagKind::kSend, request, state.generation,
                         static_cast<std::uint32_t>(member + 1)));
    return;
  }
  maybe_finish(ctx, request);
}

void EnsemblePolicy::maybe_finish(RedundancyContext& ctx, RequestSlot request) {
  State& state = state_[request];
  if (state.aggregating || (state.done_mask | state.failed_mask) != all_mask_) return;
  begin_aggregation(ctx, request);
}

void EnsemblePolicy::begin_aggregation(RedundancyContext& ctx, RequestSlot request) {
  State& state = state_[request];
  state.aggregating = true;
  ++transitions_;
  const double ms = (transition_ ? transition_->sample(rng_) : 0.0) +
                    (aggregation_ ? aggregation_->sample(rng_) : 0.0);
  const std::uint64_t tag = make_tag(TagKind::kAggregated, request, state.generation);
  if (ms > 0) {
    ctx.start_policy_timer(core::Time::from_ms(ms), tag);
  } else {
    finish(ctx, request);
  }
}

void EnsemblePolicy::on_timer(RedundancyContext& ctx, RequestSlot request) {
  // The deadline: answer now with what is in (members still out are cancelled by the answer).
  State& state = state_[request];
  if (state.answered) return;
  finish(ctx, request);
}

void EnsemblePolicy::finish(RedundancyContext& ctx, RequestSlot request) {
  State& state = state_[request];
  state.answered = true;
  const std::uint32_t mask = state.done_mask;
  if (mask == 0) {
    ctx.answer(request, ServedAs::kDropped);
    return;
  }
  const ServedAs served = mask == all_mask_ ? ServedAs::kPrimary : ServedAs::kPartial;
  const double accuracy = accuracy_of(mask);
  if (std::isnan(accuracy)) {
    ctx.answer(request, served);
  } else {
    ctx.answer_with_accuracy(request, served, accuracy);
  }
}

double EnsemblePolicy::extra_cost_usd() const {
  return static_cast<double>(transitions_) * config_.usd_per_transition;
}

}  // namespace servesim::policy
