// File: sim/core/time.hpp
//
// Simulated time: a strong type over int64 nanoseconds (range about +-292 years). Integer time
// keeps event order exact and platform-independent, as in ns-3, OMNeT++, gem5 and SST. Units
// other than ns appear only at the edges (io/, cli/), through the named conversions below.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace servesim::core {

class Time {
 public:
  constexpr Time() = default;

  static constexpr Time from_ns(std::int64_t ns) { return Time(ns); }
  // Rounds to the nearest nanosecond, halves away from zero (exactly std::llround); durations
  // drawn from distributions come through here, twice per request or more.
  static Time from_ms(double ms) { return Time(round_to_int64(ms * 1e6)); }
  static Time from_s(double s) { return Time(round_to_int64(s * 1e9)); }
  static constexpr Time zero() { return Time(0); }
  static constexpr Time max() { return Time(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double ms() const { return static_cast<double>(ns_) * 1e-6; }
  constexpr double s() const { return static_cast<double>(ns_) * 1e-9; }

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Time other) const { return Time(ns_ + other.ns_); }
  constexpr Time operator-(Time other) const { return Time(ns_ - other.ns_); }
  constexpr Time& operator+=(Time other) {
    ns_ += other.ns_;
    return *this;
  }

 private:
  constexpr explicit Time(std::int64_t ns) : ns_(ns) {}
  // std::llround, inline: glibc's is an out-of-line call that took 5% of an M/M/c run
  // (docs/performance.md). Exact: below 2^63 the truncating conversion is exact and x - trunc(x)
  // is exact in double, so comparing it with 0.5 rounds as llround does. NaN and values out of
  // int64 range take the library path, so their (unspecified) result is unchanged too.
  static std::int64_t round_to_int64(double x) {
    if (!(std::fabs(x) < 0x1p62)) return std::llround(x);
    std::int64_t whole = static_cast<std::int64_t>(x);
    const double frac = x - static_cast<double>(whole);
    // Without branches: which way a random duration rounds is a coin toss, and a mispredicted
    // branch here waits for the draw's whole log1p chain (docs/performance.md).
    return whole + static_cast<std::int64_t>(frac >= 0.5) - static_cast<std::int64_t>(frac <= -0.5);
  }
  std::int64_t ns_ = 0;
};

}  // namespace servesim::core
