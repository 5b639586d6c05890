// File: sim/policy/load_balancer/load_index.hpp
//
// The per-instance state a load balancer reads, kept current by the pool as work arrives,
// starts, finishes and instances fail, so that one query costs O(1) (round_robin, random,
// power_of_two) or O(log n) (shortest_queue, least_outstanding) whatever the pool's size n
// (issue 16). Before, the pool rebuilt an availability vector of n entries for every query.
//
// LoadIndex holds the state (loads, the up set, and a MinTree over the one load the balancer
// ranks by); LoadView is one query's window on it: the instances that may receive this query.
//
// Which instances may receive a query (unchanged from the O(n) version): the up instances, or
// all instances when none is up (failed instances still take queries, served after repair);
// minus those in `avoid` (instances that already hold a copy of the request), unless that
// leaves none, in which case `avoid` is ignored.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/huge_pages.hpp"
#include "sim/core/index_set.hpp"
#include "sim/core/min_tree.hpp"
#include "sim/core/rng.hpp"

namespace servesim::policy {

// The load a balancer ranks instances by, if any; the index keeps a MinTree for that one only.
enum class LoadMetric { kNone, kQueueLength, kOutstanding };

class LoadIndex {
 public:
  // `instances` instances, all up and idle.
  LoadIndex(std::uint32_t instances, LoadMetric metric);

  std::uint32_t instances() const { return static_cast<std::uint32_t>(loads_.size()); }
  std::uint32_t queue_length(std::uint32_t idx) const { return loads_[idx].queued; }
  std::uint32_t outstanding(std::uint32_t idx) const { return loads_[idx].outstanding; }
  bool up(std::uint32_t idx) const { return up_.contains(idx); }
  std::uint32_t up_count() const { return up_.size(); }

  // Queries waiting at (queued) and waiting or running at (outstanding) the instance change by
  // the deltas. REQUIRES: neither count goes below 0.
  void add(std::uint32_t idx, std::int32_t queued_delta, std::int32_t outstanding_delta) {
    Load& load = loads_[idx];
    load.queued = static_cast<std::uint32_t>(static_cast<std::int64_t>(load.queued) + queued_delta);
    load.outstanding = static_cast<std::uint32_t>(static_cast<std::int64_t>(load.outstanding) +
                                                  outstanding_delta);
    if ((metric_ == LoadMetric::kQueueLength && queued_delta != 0) ||
        (metric_ == LoadMetric::kOutstanding && outstanding_delta != 0)) {
      least_.set(idx, tree_key(idx));
    }
  }
  void set_up(std::uint32_t idx, bool up);

 private:
  friend class LoadView;
  // Down instances rank after every up one: the tree's minimum is an up instance whenever one
  // is up, and the least loaded of all when none is.
  static constexpr std::uint64_t kDownBit = 1ULL << 32;
  std::uint64_t tree_key(std::uint32_t idx) const {
    const std::uint32_t load =
        metric_ == LoadMetric::kQueueLength ? loads_[idx].queued : loads_[idx].outstanding;
    return load | (up_.contains(idx) ? 0 : kDownBit);
  }

  LoadMetric metric_;
  // Both counts of an instance side by side: a query or event touches one cache line for them
  // in a large pool, not two.
  struct Load {
    std::uint32_t queued = 0;       // waiting at the instance
    std::uint32_t outstanding = 0;  // waiting or running at the instance
  };
  core::HugeVector<Load> loads_;
  core::IndexSet up_;
  core::MinTree least_;  // empty unless metric_ != kNone
};

// One query's view: the instances that may receive it and their loads. Cheap to build:
// O(|avoid|^2).
class LoadView {
 public:
  // `avoid` entries < 0 are ignored; each entry >= 0 must be < index.instances().
  LoadView(LoadIndex& index, std::span<const std::int32_t> avoid = {})
      : index_(index),
        avoid_(avoid),
        base_all_(index.up_count() == 0 || index.up_count() == index.instances()),
        avoid_active_(!avoid.empty() && avoid_leaves_some()) {}

  std::uint32_t size() const { return index_.instances(); }
  std::uint32_t queue_length(std::uint32_t idx) const { return index_.queue_length(idx); }
  std::uint32_t outstanding(std::uint32_t idx) const { return index_.outstanding(idx); }
  bool available(std::uint32_t idx) const {
    return (base_all_ || index_.up_.contains(idx)) && !(avoid_active_ && avoided(idx));
  }

  // The first available instance at or after `start`, going round. REQUIRES: start < size().
  std::uint32_t next_available(std::uint32_t start) const;
  // A uniformly random available instance. Draws uniform_index(size()) until one is available,
  // as the O(n) version did (so the same draws give the same choices), but at most kMaxTries
  // times; then draws among the base set directly, which is still uniform.
  std::uint32_t uniform_available(core::RngStream& rng) const {
    if (base_all_ && !avoid_active_) {  // every instance may receive: one draw
      return static_cast<std::uint32_t>(rng.uniform_index(size()));
    }
    return uniform_available_slow(rng);
  }
  // The first available instance at or after `start`, going round, with the least load by the
  // index's metric. REQUIRES: the index has a metric; start < size().
  std::uint32_t least_loaded(std::uint32_t start);

  static constexpr int kMaxTries = 64;

 private:
  // Whether avoid_ removes some but not all of the base set. Uses index_, avoid_, base_all_.
  bool avoid_leaves_some() const;
  std::uint32_t uniform_available_slow(core::RngStream& rng) const;
  bool avoided(std::uint32_t idx) const {
    for (std::int32_t entry : avoid_) {
      if (entry == static_cast<std::int32_t>(idx)) return true;
    }
    return false;
  }

  LoadIndex& index_;
  std::span<const std::int32_t> avoid_;
  bool base_all_;      // every instance is in the base set (all up, or none up)
  bool avoid_active_;  // `avoid` removes some but not all of the base set
};

}  // namespace servesim::policy
