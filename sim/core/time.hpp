// File: sim/core/time.hpp
//
// Simulated time: a strong type over int64 nanoseconds. Integer time keeps event order exact and
// platform-independent, as in ns-3, OMNeT++, gem5 and SST. Units other than ns appear only at the
// edges (io/, cli/), through the named conversions below.
//
// The checked time domain (docs/scenario.md, "Representable times"): every duration is in
// [0, kHorizon], kHorizon = 2^62 ns (about 146 years). The loader refuses inputs whose times fall
// outside it (io/time_range.hpp); what is drawn at run time saturates instead of wrapping:
//  - from_ms / from_s clamp to [-kHorizon, kHorizon] (NaN to kHorizon) before rounding, so a
//    draw from a heavy-tailed law (Pareto with shape < 1) costs kHorizon, never a wrapped value;
//    Engine::schedule_in counts such delays (sim.saturated_samples in summary.json);
//  - + and += saturate at max(), so now + kHorizon cannot overflow however late now is.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace servesim::core {

class Time {
 public:
  constexpr Time() = default;

  // The longest representable duration: 2^62 ns, about 146 years (4.6e9 s). Half of int64's
  // range, so now + a saturated duration fits while now <= kHorizon.
  static constexpr std::int64_t kHorizonNs = std::int64_t{1} << 62;
  static constexpr double kHorizonS = 0x1p62 * 1e-9;
  static constexpr double kHorizonMs = 0x1p62 * 1e-6;

  static constexpr Time from_ns(std::int64_t ns) { return Time(ns); }
  // Rounds to the nearest nanosecond, halves away from zero (exactly std::llround inside the
  // horizon), saturating at +-kHorizon; durations drawn from distributions come through here,
  // twice per request or more.
  static Time from_ms(double ms) { return Time(round_to_int64(ms * 1e6)); }
  static Time from_s(double s) { return Time(round_to_int64(s * 1e9)); }
  static constexpr Time horizon() { return Time(kHorizonNs); }
  static constexpr Time zero() { return Time(0); }
  static constexpr Time max() { return Time(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double ms() const { return static_cast<double>(ns_) * 1e-6; }
  constexpr double s() const { return static_cast<double>(ns_) * 1e-9; }

  constexpr auto operator<=>(const Time&) const = default;
  // Saturating: a sum past int64 is max() (or min()), never a wrapped time. The overflow flag
  // costs a cmov, no branch.
  constexpr Time operator+(Time other) const { return Time(saturating_add(ns_, other.ns_)); }
  constexpr Time operator-(Time other) const { return Time(ns_ - other.ns_); }
  constexpr Time& operator+=(Time other) {
    ns_ = saturating_add(ns_, other.ns_);
    return *this;
  }

 private:
  constexpr explicit Time(std::int64_t ns) : ns_(ns) {}
  static constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
      return b > 0 ? std::numeric_limits<std::int64_t>::max()
                   : std::numeric_limits<std::int64_t>::min();
    }
    return sum;
  }
  // std::llround, inline: glibc's is an out-of-line call that took 5% of an M/M/c run
  // (docs/performance.md). First clamped to +-2^62 with minsd/maxsd (no branch; NaN goes to
  // the top). Exact inside: below 2^63 the truncating conversion is exact and
  // x - trunc(x) is exact in double, so comparing it with 0.5 rounds as llround does.
  static std::int64_t round_to_int64(double x) {
    // Written as compares, not std::fmin/fmax, which GCC leaves as libm calls (NaN rules).
    x = x < 0x1p62 ? x : 0x1p62;  // minsd: NaN goes to the top
    x = x > -0x1p62 ? x : -0x1p62;  // maxsd
    std::int64_t whole = static_cast<std::int64_t>(x);
    const double frac = x - static_cast<double>(whole);
    // Without branches: which way a random duration rounds is a coin toss, and a mispredicted
    // branch here waits for the draw's whole log1p chain (docs/performance.md).
    return whole + static_cast<std::int64_t>(frac >= 0.5) - static_cast<std::int64_t>(frac <= -0.5);
  }
  std::int64_t ns_ = 0;
};

}  // namespace servesim::core
