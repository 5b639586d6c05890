// File: sim/cluster/concurrency_counter.hpp
//
// The account-wide concurrency quota of a serverless platform: invocations in flight over all
// functions of the scenario (AWS Lambda: 1,000 per Region by default, empirical.md S16). run/
// creates one per simulation and hands it to every FunctionPool, which takes a unit when an
// invocation starts (cold start included) and gives it back when the invocation ends.
//
// Invariant: 0 <= in_use() <= limit() when limit() > 0. Not thread-safe (one per Engine).
#pragma once

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim::cluster {

class ConcurrencyCounter {
 public:
  // limit: invocations in flight at once; 0 = no limit.
  explicit ConcurrencyCounter(int limit) : limit_(limit) {}

  bool try_acquire() {
    if (limit_ > 0 && in_use_ >= limit_) return false;
    ++in_use_;
    peak_ = std::max(peak_, in_use_);
    return true;
  }
  // REQUIRES: a unit was acquired and not yet released.
  void release() {
    SERVESIM_DEBUG_ASSERT(in_use_ > 0, "concurrency released more often than acquired");
    --in_use_;
  }

  int limit() const { return limit_; }
  int in_use() const { return in_use_; }
  int peak() const { return peak_; }

 private:
  const int limit_;
  int in_use_ = 0;
  int peak_ = 0;
};

}  // namespace servesim::cluster
