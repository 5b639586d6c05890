// File: sim/io/time_range.hpp
//
// Ranges of the inputs that become simulated time (core/time.hpp: whole ns in [0, 2^62 ns], about
// 146 years). The loader reads every duration, rate, size and bandwidth through these, so a value
// that the clock cannot represent is refused at load (exit 2, with the key and this range), never
// wrapped at run time, and no self-rescheduling process can have a period below 1 ns (the
// engine's progress guarantee). The bounds are round numbers just inside the horizon, documented
// in docs/scenario.md ("Representable times").
#pragma once

#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

inline constexpr const char* kTimeDomainNote =
    "simulated time is whole nanoseconds up to about 146 years (docs/scenario.md, "
    "Representable times)";
// Longest duration an input may give: 4.6e9 s (145.8 years), below 2^62 ns.
inline constexpr double kMaxInputDurationS = 4.6e9;
inline constexpr double kMaxInputDurationMs = 4.6e12;
// Rates: a mean gap of at least 1 ns (progress) and at most ~31.7 years (representable).
inline constexpr double kMaxRatePerS = 1e9;
inline constexpr double kMinRatePerS = 1e-9;
// Bandwidths and sizes: the largest size over the smallest bandwidth (8e11 bit / 1e3 bit/s =
// 8e8 s) stays inside the horizon; 1 MB over the largest bandwidth takes 8 ns.
inline constexpr double kMinBandwidthGbps = 1e-6;
inline constexpr double kMaxBandwidthGbps = 1e6;
inline constexpr double kMaxBytes = 1e11;

inline NumberRange with_note(NumberRange range) {
  range.why = kTimeDomainNote;
  return range;
}
// A duration in ms or s, >= 0 (or > 0 with positive = true).
inline NumberRange duration_ms_range(bool positive = false) {
  return with_note(NumberRange{0, kMaxInputDurationMs, positive, false});
}
inline NumberRange duration_s_range(bool positive = false) {
  return with_note(NumberRange{0, kMaxInputDurationS, positive, false});
}
// Events per second of a process that reschedules itself.
inline NumberRange rate_range() { return with_note(between(kMinRatePerS, kMaxRatePerS)); }
inline NumberRange bandwidth_gbps_range() {
  return with_note(between(kMinBandwidthGbps, kMaxBandwidthGbps));
}
inline NumberRange bytes_range() { return with_note(between(0, kMaxBytes)); }
// A distribution's location or scale parameter (ms for latencies; a factor for slowdowns).
inline NumberRange distribution_parameter_range() {
  NumberRange range;
  range.max = kMaxInputDurationMs;
  return with_note(range);
}

// A rate where 0 means "off": 0, or in rate_range().
inline double read_rate_or_zero(const YamlValue& value) {
  const double rate = value.as_number(with_note(between(0, kMaxRatePerS)));
  if (rate != 0 && rate < kMinRatePerS) {
    value.fail("must be 0 or " + rate_range().describe() + " (got " + value.as_string() + "); " +
               kTimeDomainNote);
  }
  return rate;
}
inline void rate_or_zero(const MapReader& map, std::string_view key, double& out) {
  if (const auto value = map.get(key)) out = read_rate_or_zero(*value);
}

}  // namespace servesim::io
