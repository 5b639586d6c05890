// File: sim/policy/load_balancer/balancers.cpp
//
// The five balancers of SPEC §3. Ties between equally loaded instances go to the lowest index
// after a rotating start, so no instance is favoured systematically.
#include <limits>

#include "sim/policy/load_balancer/balancers.hpp"

namespace servesim::policy {

namespace {
// First available index at or after `start`, cyclically. REQUIRES: one is available.
std::uint32_t next_available(const LoadView& view, std::uint32_t start) {
  const auto n = static_cast<std::uint32_t>(view.available.size());
  for (std::uint32_t step = 0; step < n; ++step) {
    const std::uint32_t idx = (start + step) % n;
    if (view.available[idx]) return idx;
  }
  return 0;
}

std::uint32_t least_of(const LoadView& view, std::span<const std::uint32_t> load,
                       std::uint32_t start) {
  const auto n = static_cast<std::uint32_t>(load.size());
  std::uint32_t best = next_available(view, start);
  for (std::uint32_t step = 0; step < n; ++step) {
    const std::uint32_t idx = (start + step) % n;
    if (view.available[idx] && load[idx] < load[best]) best = idx;
  }
  return best;
}
}  // namespace

std::uint32_t RoundRobin::pick(const LoadView& view, core::RngStream&) {
  const std::uint32_t idx = next_available(view, next_);
  next_ = (idx + 1) % static_cast<std::uint32_t>(view.available.size());
  return idx;
}

std::uint32_t RandomChoice::pick(const LoadView& view, core::RngStream& rng) {
  // Rejection keeps the choice uniform over available instances.
  for (;;) {
    const auto idx = static_cast<std::uint32_t>(rng.uniform_index(view.available.size()));
    if (view.available[idx]) return idx;
  }
}

std::uint32_t ShortestQueue::pick(const LoadView& view, core::RngStream&) {
  const std::uint32_t chosen = least_of(view, view.queue_length, start_);
  start_ = (start_ + 1) % static_cast<std::uint32_t>(view.available.size());
  return chosen;
}

std::uint32_t LeastOutstanding::pick(const LoadView& view, core::RngStream&) {
  const std::uint32_t chosen = least_of(view, view.outstanding, start_);
  start_ = (start_ + 1) % static_cast<std::uint32_t>(view.available.size());
  return chosen;
}

std::uint32_t PowerOfTwo::pick(const LoadView& view, core::RngStream& rng) {
  // Mitzenmacher's two choices: sample two available instances (with replacement), join the one
  // with fewer outstanding queries; ties go to the first sample.
  RandomChoice uniform;
  const std::uint32_t first = uniform.pick(view, rng);
  const std::uint32_t second = uniform.pick(view, rng);
  return view.outstanding[second] < view.outstanding[first] ? second : first;
}

}  // namespace servesim::policy
