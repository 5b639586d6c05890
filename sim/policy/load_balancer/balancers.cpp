// File: sim/policy/load_balancer/balancers.cpp
//
// The five balancers of SPEC §3. Ties between equally loaded instances go to the first one at
// or after a start that moves on by one instance per query (going round), so no instance is
// favoured systematically. The work per query does not grow with the pool (load_index.hpp).
#include "sim/policy/load_balancer/balancers.hpp"

namespace servesim::policy {

std::uint32_t RoundRobin::pick(LoadView& view, core::RngStream&) {
  const std::uint32_t idx = view.next_available(next_);
  next_ = idx + 1 == view.size() ? 0 : idx + 1;
  return idx;
}

std::uint32_t RandomChoice::pick(LoadView& view, core::RngStream& rng) {
  return view.uniform_available(rng);
}

std::uint32_t ShortestQueue::pick(LoadView& view, core::RngStream&) {
  const std::uint32_t chosen = view.least_loaded(start_);
  start_ = start_ + 1 == view.size() ? 0 : start_ + 1;
  return chosen;
}

std::uint32_t LeastOutstanding::pick(LoadView& view, core::RngStream&) {
  const std::uint32_t chosen = view.least_loaded(start_);
  start_ = start_ + 1 == view.size() ? 0 : start_ + 1;
  return chosen;
}

std::uint32_t PowerOfTwo::pick(LoadView& view, core::RngStream& rng) {
  // Mitzenmacher's two choices: sample two available instances (with replacement), join the one
  // with fewer outstanding queries; ties go to the first sample.
  const std::uint32_t first = view.uniform_available(rng);
  const std::uint32_t second = view.uniform_available(rng);
  return view.outstanding(second) < view.outstanding(first) ? second : first;
}

}  // namespace servesim::policy
