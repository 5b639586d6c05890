// File: sim/core/min_tree.hpp
//
// An indexed minimum tree (a segment tree) over keys[0, size): set one key in O(log n), read
// the minimum in O(1), and find the first index at or after `start` whose key is at most a
// bound in O(log n). Load balancers that pick the least loaded instance use it with the
// deterministic tie rule "the first minimum at or after a rotating start" (issue 16).
//
// Layout: an implicit binary tree over a power-of-two number of leaves, node p has children
// 2p and 2p+1, the root is 1, leaf i is node capacity + i; leaves past size hold kInfinity.
// Memory: 16 to 32 bytes per index. Invariant: every inner node holds the minimum of its two
// children. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/huge_pages.hpp"

namespace servesim::core {

class MinTree {
 public:
  static constexpr std::uint64_t kInfinity = std::numeric_limits<std::uint64_t>::max();
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // `size` keys, all `initial`.
  explicit MinTree(std::uint32_t size = 0, std::uint64_t initial = 0) : size_(size) {
    while (capacity_ < size) capacity_ *= 2;
    nodes_.assign(2 * static_cast<std::size_t>(capacity_), kInfinity);
    for (std::uint32_t idx = 0; idx < size; ++idx) nodes_[capacity_ + idx] = initial;
    for (std::uint32_t node = capacity_ - 1; node >= 1; --node) {
      nodes_[node] = std::min(nodes_[2 * node], nodes_[2 * node + 1]);
    }
  }

  std::uint32_t size() const { return size_; }
  std::uint64_t key(std::uint32_t idx) const { return nodes_[capacity_ + idx]; }
  // kInfinity when size() == 0.
  std::uint64_t min() const { return nodes_[1]; }

  // REQUIRES: idx < size().
  void set(std::uint32_t idx, std::uint64_t key) {
    std::size_t node = capacity_ + idx;
    nodes_[node] = key;
    for (node >>= 1; node >= 1; node >>= 1) {
      const std::uint64_t smaller = std::min(nodes_[2 * node], nodes_[2 * node + 1]);
      if (nodes_[node] == smaller) break;  // the ancestors are unchanged too
      nodes_[node] = smaller;
    }
  }

  // The smallest index >= start whose key is <= bound, or kNone.
  std::uint32_t first_at_most(std::uint32_t start, std::uint64_t bound) const {
    if (start >= size_) return kNone;
    std::size_t node = capacity_ + start;
    for (;;) {
      if (nodes_[node] <= bound) {
        while (node < capacity_) {
          node = 2 * node;
          if (nodes_[node] > bound) ++node;
        }
        const auto idx = static_cast<std::uint32_t>(node - capacity_);
        return idx < size_ ? idx : kNone;
      }
      // Past this subtree: climb while it is a right child, then step to the right sibling.
      while (node & 1) node >>= 1;
      if (node == 0) return kNone;
      ++node;
    }
  }

 private:
  std::uint32_t size_;
  std::uint32_t capacity_ = 1;
  HugeVector<std::uint64_t> nodes_;  // huge pages once large (2 MiB at 10^5 instances)
};

}  // namespace servesim::core
