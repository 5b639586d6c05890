// File: sim/stats/interval_histogram.cpp
#include "sim/stats/interval_histogram.hpp"

#include <cmath>

namespace servesim::stats {

double SparseHistogram::quantile_ns(double p) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (const Bucket& bucket : buckets_) {
    seen += bucket.count;
    if (seen >= rank) return CoarseBuckets::midpoint_ns(bucket.index);
  }
  return CoarseBuckets::midpoint_ns(buckets_.back().index);  // unreachable: counts sum to count_
}

void SparseHistogram::merge(const SparseHistogram& other) {
  std::vector<Bucket> merged;
  merged.reserve(buckets_.size() + other.buckets_.size());
  auto mine = buckets_.begin();
  auto theirs = other.buckets_.begin();
  while (mine != buckets_.end() || theirs != other.buckets_.end()) {
    if (theirs == other.buckets_.end() || (mine != buckets_.end() && mine->index < theirs->index)) {
      merged.push_back(*mine++);
    } else if (mine == buckets_.end() || theirs->index < mine->index) {
      merged.push_back(*theirs++);
    } else {
      merged.push_back({mine->index, mine->count + theirs->count});
      ++mine;
      ++theirs;
    }
  }
  buckets_ = std::move(merged);
  count_ += other.count_;
}

SparseHistogram IntervalHistogram::take() {
  SparseHistogram out;
  for (std::size_t idx = 0; idx < counts_.size(); ++idx) {
    if (counts_[idx] == 0) continue;
    out.buckets_.push_back({static_cast<std::uint32_t>(idx), counts_[idx]});
    out.count_ += counts_[idx];
    counts_[idx] = 0;
  }
  return out;
}

}  // namespace servesim::stats
