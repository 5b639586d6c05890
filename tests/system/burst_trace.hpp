// File: tests/system/burst_trace.hpp
//
// A trace for closed-form tests of coding groups: arrivals in bursts of `size` at the same
// instant, at least 21 ms apart (bursts at 0, 50, 100, 150 ms; the loop restarts one mean gap,
// 150/(4 size - 1) ms, after the last). A group of `size` requests (or of batches totalling
// `size`) then forms at once, so its members and its parity are dispatched together, as the
// closed forms assume. Each pass holds whole groups.
#pragma once

#include <fmt/format.h>

#include <string>

namespace servesim::testing {

inline std::string burst_trace(int size) {
  std::string text = "time_s\n";
  for (int burst = 0; burst < 4; ++burst) {
    for (int member = 0; member < size; ++member) text += fmt::format("{}\n", burst * 0.05);
  }
  return text;
}

}  // namespace servesim::testing
