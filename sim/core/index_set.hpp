// File: sim/core/index_set.hpp
//
// A set of indices in [0, universe) with O(1) insert, erase and membership, a cyclic
// "next member at or after i" query, and access to the k-th member for uniform sampling. It
// keeps the up instances of a pool incrementally, so a load balancer's per-query work does not
// grow with the pool (issue 16).
//
// Layout: a 64-ary hierarchical bitset (level 0 has one bit per index; bit w of level l+1 is
// set iff word w of level l is non-zero), so next_at_or_after climbs and descends at most
// ceil(log64 universe) words: 3 for 10^5. Beside it a dense array of the members with each
// member's position, for at(k). Memory: about 8.2 bytes per index of the universe.
//
// Invariants: contains(i) iff bit i of level 0 is set iff i == dense_[pos_[i]];
// the upper levels summarise the lower ones exactly. Not thread-safe.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace servesim::core {

class IndexSet {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // All of [0, universe) when `full`, else empty.
  explicit IndexSet(std::uint32_t universe = 0, bool full = false) : universe_(universe) {
    std::uint64_t words = (universe + 63) / 64;
    do {
      levels_.emplace_back(std::max<std::uint64_t>(words, 1), 0);
      words = (words + 63) / 64;
    } while (levels_.back().size() > 1);
    pos_.assign(universe, kNone);
    dense_.reserve(universe);
    if (full) {
      for (std::uint32_t idx = 0; idx < universe; ++idx) insert(idx);
    }
  }

  std::uint32_t universe() const { return universe_; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(dense_.size()); }
  bool contains(std::uint32_t idx) const { return (levels_[0][idx >> 6] >> (idx & 63)) & 1; }
  // The k-th member in an order that depends only on the sequence of inserts and erases.
  // REQUIRES: k < size().
  std::uint32_t at(std::uint32_t k) const { return dense_[k]; }

  // REQUIRES: idx < universe().
  void insert(std::uint32_t idx) {
    if (contains(idx)) return;
    pos_[idx] = static_cast<std::uint32_t>(dense_.size());
    dense_.push_back(idx);
    std::uint64_t pos = idx;
    for (auto& level : levels_) {
      std::uint64_t& word = level[pos >> 6];
      const bool was_empty = word == 0;
      word |= 1ULL << (pos & 63);
      if (!was_empty) break;
      pos >>= 6;
    }
  }

  // REQUIRES: idx < universe().
  void erase(std::uint32_t idx) {
    if (!contains(idx)) return;
    const std::uint32_t last = dense_.back();
    dense_[pos_[idx]] = last;
    pos_[last] = pos_[idx];
    dense_.pop_back();
    pos_[idx] = kNone;
    std::uint64_t pos = idx;
    for (auto& level : levels_) {
      std::uint64_t& word = level[pos >> 6];
      word &= ~(1ULL << (pos & 63));
      if (word != 0) break;
      pos >>= 6;
    }
  }

  // The smallest member >= start, or kNone.
  std::uint32_t next_at_or_after(std::uint32_t start) const {
    if (start >= universe_) return kNone;
    std::uint64_t pos = start;
    std::size_t level = 0;
    for (;; ++level) {
      if (level == levels_.size()) return kNone;
      const auto& words = levels_[level];
      const std::uint64_t word_idx = pos >> 6;
      if (word_idx >= words.size()) return kNone;
      const std::uint64_t bits = words[word_idx] & (~0ULL << (pos & 63));
      if (bits != 0) {
        pos = (word_idx << 6) | static_cast<std::uint64_t>(std::countr_zero(bits));
        break;
      }
      pos = word_idx + 1;
    }
    while (level > 0) {
      --level;
      pos = (pos << 6) | static_cast<std::uint64_t>(std::countr_zero(levels_[level][pos]));
    }
    return static_cast<std::uint32_t>(pos);
  }

  // The first member at or after start going round: next_at_or_after(start), else the smallest
  // member. kNone when the set is empty.
  std::uint32_t next_cyclic(std::uint32_t start) const {
    const std::uint32_t found = next_at_or_after(start);
    return found != kNone ? found : next_at_or_after(0);
  }

 private:
  std::uint32_t universe_;
  std::vector<std::vector<std::uint64_t>> levels_;
  std::vector<std::uint32_t> dense_;
  std::vector<std::uint32_t> pos_;
};

}  // namespace servesim::core
