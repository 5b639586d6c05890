// File: sim/policy/redundancy/copy_selection.hpp
//
// Which requests get redundancy when only a `fraction` of them should (hedging a sample, or
// replicating only some requests, as practised). Each request is chosen by its own uniform draw
// from the named stream "redundancy/fraction", so the choice is deterministic for a seed and
// replication, and independent of arrivals and service (common random numbers across kinds).
// With fraction 1 nothing is drawn.
#pragma once

#include <optional>

#include "sim/core/rng.hpp"
#include "sim/policy/redundancy/redundancy_config.hpp"

namespace servesim::policy {

class CopySelection {
 public:
  explicit CopySelection(const RedundancyConfig& config) : fraction_(config.fraction) {
    if (fraction_ < 1) stream_.emplace(config.seed, config.replication, "redundancy/fraction");
  }
  // One call per request, in arrival order at the frontend.
  bool chosen() { return !stream_ || stream_->uniform_open01() < fraction_; }

 private:
  const double fraction_;  // (0, 1]
  std::optional<core::RngStream> stream_;
};

}  // namespace servesim::policy
