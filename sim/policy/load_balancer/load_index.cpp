// File: sim/policy/load_balancer/load_index.cpp
#include "sim/policy/load_balancer/load_index.hpp"

#include <algorithm>

namespace servesim::policy {

LoadIndex::LoadIndex(std::uint32_t instances, LoadMetric metric)
    : metric_(metric),
      loads_(instances),
      up_(instances, /*full=*/true),
      least_(metric == LoadMetric::kNone ? 0 : instances, 0) {}

void LoadIndex::set_up(std::uint32_t idx, bool up) {
  if (up) {
    up_.insert(idx);
  } else {
    up_.erase(idx);
  }
  if (metric_ != LoadMetric::kNone) least_.set(idx, tree_key(idx));
}

bool LoadView::avoid_leaves_some() const {
  const LoadIndex& index = index_;
  const std::span<const std::int32_t> avoid = avoid_;
  const std::uint32_t up = index.up_count();
  const std::uint32_t base_size = up == 0 ? index.instances() : up;
  // Distinct avoided members of the base set: avoid is active only if it leaves one out.
  std::uint32_t hit = 0;
  for (std::size_t pos = 0; pos < avoid.size(); ++pos) {
    const std::int32_t entry = avoid[pos];
    if (entry < 0) continue;
    if (std::find(avoid.begin(), avoid.begin() + static_cast<std::ptrdiff_t>(pos), entry) !=
        avoid.begin() + static_cast<std::ptrdiff_t>(pos)) {
      continue;
    }
    if (base_all_ || index.up_.contains(static_cast<std::uint32_t>(entry))) ++hit;
  }
  return hit > 0 && hit < base_size;
}

std::uint32_t LoadView::next_available(std::uint32_t start) const {
  const std::uint32_t n = size();
  std::uint32_t idx = base_all_ ? start : index_.up_.next_cyclic(start);
  if (!avoid_active_) return idx;
  // At most |avoid| steps: some member of the base set is not avoided.
  while (avoided(idx)) {
    const std::uint32_t next = idx + 1 == n ? 0 : idx + 1;
    idx = base_all_ ? next : index_.up_.next_cyclic(next);
  }
  return idx;
}

std::uint32_t LoadView::uniform_available_slow(core::RngStream& rng) const {
  const std::uint32_t n = size();
  for (int tries = 0; tries < kMaxTries; ++tries) {
    const auto idx = static_cast<std::uint32_t>(rng.uniform_index(n));
    if (available(idx)) return idx;
  }
  // Few instances available (a tiny up set in a large pool): draw from the base set itself,
  // rejecting only avoided ones, of which there are fewer than the base set's members.
  for (;;) {
    const auto idx =
        base_all_ ? static_cast<std::uint32_t>(rng.uniform_index(n))
                  : index_.up_.at(static_cast<std::uint32_t>(rng.uniform_index(index_.up_.size())));
    if (!avoid_active_ || !avoided(idx)) return idx;
  }
}

std::uint32_t LoadView::least_loaded(std::uint32_t start) {
  core::MinTree& tree = index_.least_;
  // Avoided instances leave the ranking for this query only; restored in reverse order so a
  // repeated entry gets back its original key.
  std::uint64_t saved[8];
  const bool small = avoid_.size() <= 8;
  std::vector<std::uint64_t> saved_large;
  if (avoid_active_) {
    if (!small) saved_large.resize(avoid_.size());
    std::uint64_t* keys = small ? saved : saved_large.data();
    for (std::size_t pos = 0; pos < avoid_.size(); ++pos) {
      if (avoid_[pos] < 0) continue;
      const auto idx = static_cast<std::uint32_t>(avoid_[pos]);
      keys[pos] = tree.key(idx);
      tree.set(idx, core::MinTree::kInfinity);
    }
  }
  // The minimum is an available instance: avoid leaves one of the base set, and down
  // instances rank after up ones (LoadIndex::kDownBit).
  const std::uint64_t least = tree.min();
  std::uint32_t chosen = tree.first_at_most(start, least);
  if (chosen == core::MinTree::kNone) chosen = tree.first_at_most(0, least);
  if (avoid_active_) {
    const std::uint64_t* keys = small ? saved : saved_large.data();
    for (std::size_t pos = avoid_.size(); pos-- > 0;) {
      if (avoid_[pos] < 0) continue;
      tree.set(static_cast<std::uint32_t>(avoid_[pos]), keys[pos]);
    }
  }
  return chosen;
}

}  // namespace servesim::policy
