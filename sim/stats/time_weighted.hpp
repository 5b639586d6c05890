// File: sim/stats/time_weighted.hpp
//
// A time-weighted average of a piecewise-constant quantity (queue length, busy instances, warm
// functions), kept apart from per-observation Tally as DESMO-J does. Times are integer ns.
// The quantity is 0 from time 0 until the first update(); the average is
// integral(value dt over [start, now]) / (now - start), where start is 0 or the last reset().
//
// Thread-safety: none; each instance belongs to one simulation.
#pragma once

#include <cstdint>

namespace servesim::stats {

class TimeWeighted {
 public:
  // The quantity changes to `value` at time `now_ns`. REQUIRES: now_ns non-decreasing.
  void update(std::int64_t now_ns, double value);
  // Restart the average at now_ns, keeping the current value (warm-up cut).
  void reset(std::int64_t now_ns);
  // Average over [start, now_ns], including the open segment since the last update; the current
  // value when now_ns == start. REQUIRES: now_ns >= time of the last update or reset.
  double average(std::int64_t now_ns) const;
  double current() const { return value_; }
  double max() const { return max_; }  // since start; the current value right after reset()

 private:
  std::int64_t start_ns_ = 0;
  std::int64_t last_ns_ = 0;
  double value_ = 0;
  long double area_ = 0;
  double max_ = 0;
};

}  // namespace servesim::stats
