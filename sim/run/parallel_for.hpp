// File: sim/run/parallel_for.hpp
//
// Runs body(0) ... body(count - 1) on up to `jobs` threads, each index exactly once. Callers
// write results into slots indexed by the argument, so the order in which threads finish cannot
// change any output. The first exception stops the remaining indices (threads finish the one
// they are on) and is rethrown to the caller.
#pragma once

#include <cstddef>
#include <functional>

namespace servesim::run {

void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& body);

}  // namespace servesim::run
