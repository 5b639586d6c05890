// File: sim/stats/time_weighted.cpp
//
// The integral of a step function, accumulated one closed segment at a time. The area is kept in
// long double because a long run (days in ns, ~1e14) times a value adds up past the 53 bits
// where double would start dropping the last segments' contribution.
#include "sim/stats/time_weighted.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim::stats {

void TimeWeighted::update(std::int64_t now_ns, double value) {
  SERVESIM_DEBUG_ASSERT(now_ns >= last_ns_, "time-weighted updates must not go back in time");
  area_ += static_cast<long double>(value_) * static_cast<long double>(now_ns - last_ns_);
  last_ns_ = now_ns;
  value_ = value;
  max_ = std::max(max_, value);
}

void TimeWeighted::reset(std::int64_t now_ns) {
  SERVESIM_DEBUG_ASSERT(now_ns >= last_ns_, "time-weighted reset must not go back in time");
  start_ns_ = now_ns;
  last_ns_ = now_ns;
  area_ = 0;
  // The window restarts with the current value already in force, so it is the window's max so
  // far; values seen only during warm-up no longer count.
  max_ = value_;
}

double TimeWeighted::average(std::int64_t now_ns) const {
  SERVESIM_DEBUG_ASSERT(now_ns >= last_ns_, "time-weighted average asked before the last update");
  const std::int64_t elapsed_ns = now_ns - start_ns_;
  // An empty window has no average; the value in force is the only sensible answer.
  if (elapsed_ns <= 0) return value_;
  const long double open_segment =
      static_cast<long double>(value_) * static_cast<long double>(now_ns - last_ns_);
  return static_cast<double>((area_ + open_segment) / static_cast<long double>(elapsed_ns));
}

}  // namespace servesim::stats
