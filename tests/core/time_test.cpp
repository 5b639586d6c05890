// File: tests/core/time_test.cpp
#include "sim/core/time.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/core/rng.hpp"

namespace servesim::core {
namespace {

// Time rounds durations inline, without branches; it must agree with std::llround (halves away
// from zero) on every value, since every drawn duration goes through it.
TEST(Time, FromMsRoundsExactlyAsLlround) {
  int exact_halves = 0;
  for (int n = -20000; n <= 20000; ++n) {
    const double ms = (n + 0.5) * 1e-6;  // near n + 0.5 ns; often exactly
    const double ns = ms * 1e6;
    if (ns - std::floor(ns) == 0.5) ++exact_halves;
    ASSERT_EQ(Time::from_ms(ms).ns(), std::llround(ns)) << "ms = " << ms;
    const double next_up = std::nextafter(ms, 1.0);
    const double next_down = std::nextafter(ms, -1.0);
    ASSERT_EQ(Time::from_ms(next_up).ns(), std::llround(next_up * 1e6)) << "ms = " << next_up;
    ASSERT_EQ(Time::from_ms(next_down).ns(), std::llround(next_down * 1e6)) << "ms = " << next_down;
  }
  EXPECT_GT(exact_halves, 1000);  // the half-way case is really exercised, both signs
  EXPECT_EQ(Time::from_ms(0.5e-6).ns(), 1);
  EXPECT_EQ(Time::from_ms(-0.5e-6).ns(), -1);
}

TEST(Time, FromSRoundsExactlyAsLlroundInsideTheHorizonAndSaturatesBeyond) {
  RngStream rng(11, 0, "time_test");
  int saturated = 0;
  for (int i = 0; i < 200000; ++i) {
    // Magnitudes from 1e-12 s to 8.9e9 s: past 2^62 ns (the horizon), where values saturate.
    const double magnitude = std::pow(10.0, -12.0 + 21.95 * rng.uniform_open01());
    const double s = (i % 2 == 0 ? 1 : -1) * magnitude;
    if (std::fabs(s * 1e9) <= 0x1p62) {
      ASSERT_EQ(Time::from_s(s).ns(), std::llround(s * 1e9)) << "s = " << s;
    } else {
      ++saturated;
      ASSERT_EQ(Time::from_s(s).ns(), s > 0 ? Time::kHorizonNs : -Time::kHorizonNs) << "s = " << s;
    }
  }
  EXPECT_GT(saturated, 1000);
}

// Issue 12: huge, infinite and NaN durations saturate at the horizon instead of wrapping.
TEST(Time, ConversionsSaturateAtTheHorizon) {
  EXPECT_EQ(Time::from_ms(1e300), Time::horizon());
  EXPECT_EQ(Time::from_s(1e10), Time::horizon());
  EXPECT_EQ(Time::from_ms(std::numeric_limits<double>::infinity()), Time::horizon());
  EXPECT_EQ(Time::from_ms(std::numeric_limits<double>::quiet_NaN()), Time::horizon());
  EXPECT_EQ(Time::from_s(-1e300).ns(), -Time::kHorizonNs);
  EXPECT_EQ(Time::from_ms(1e-300), Time::zero());
  EXPECT_NEAR(Time::kHorizonS, 4.611686e9, 1e3);
}

TEST(Time, AdditionSaturatesInsteadOfWrapping) {
  EXPECT_EQ(Time::max() + Time::from_ns(1), Time::max());
  EXPECT_EQ(Time::horizon() + Time::horizon(), Time::from_ns(std::int64_t{1} << 62) + Time::horizon());
  Time t = Time::horizon();
  t += Time::horizon();
  t += Time::horizon();
  EXPECT_EQ(t, Time::max());
  EXPECT_EQ(Time::from_ns(-5) + Time::from_ns(std::numeric_limits<std::int64_t>::min()),
            Time::from_ns(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(Time::from_ns(3) + Time::from_ns(4), Time::from_ns(7));
}

}  // namespace
}  // namespace servesim::core
