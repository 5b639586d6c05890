// File: sim/policy/redundancy/hedge_window.cpp
#include "sim/policy/redundancy/hedge_window.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/core/error.hpp"

namespace servesim::policy {

WindowedQuantile::WindowedQuantile(std::size_t window)
    : window_(window), ring_(window), tree_(kBucketCount + 1, 0) {
  SERVESIM_ASSERT(window >= 1, "a window holds at least one value");
  top_bit_ = std::bit_floor(kBucketCount);
}

void WindowedQuantile::add(std::size_t bucket, std::int32_t delta) {
  for (std::size_t node = bucket + 1; node <= kBucketCount; node += node & (~node + 1)) {
    tree_[node] = static_cast<std::uint32_t>(static_cast<std::int64_t>(tree_[node]) + delta);
  }
}

void WindowedQuantile::record(std::int64_t value_ns) {
  const std::size_t bucket = Buckets::index(std::max<std::int64_t>(value_ns, 0));
  if (size_ == window_) {
    add(ring_[head_], -1);
    ring_[head_] = static_cast<std::uint32_t>(bucket);
    head_ = (head_ + 1) % window_;
  } else {
    ring_[(head_ + size_) % window_] = static_cast<std::uint32_t>(bucket);
    ++size_;
  }
  add(bucket, +1);
  ++seen_;
}

double WindowedQuantile::quantile_ns(double p) const {
  SERVESIM_ASSERT(size_ > 0, "quantile of an empty window");
  const auto n = static_cast<double>(size_);
  auto rank = static_cast<std::uint64_t>(std::ceil(p * n));
  rank = std::clamp<std::uint64_t>(rank, 1, size_);
  // Fenwick descent: the largest position whose prefix count is < rank; the answer is the next
  // bucket (0-based index == that 1-based position).
  std::size_t position = 0;
  std::uint64_t below = 0;
  for (std::size_t step = top_bit_; step > 0; step >>= 1) {
    const std::size_t next = position + step;
    if (next <= kBucketCount && below + tree_[next] < rank) {
      position = next;
      below += tree_[next];
    }
  }
  return Buckets::midpoint_ns(position);
}

}  // namespace servesim::policy
