// File: tests/core/time_test.cpp
#include "sim/core/time.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

TEST(Time, FromSRoundsExactlyAsLlroundOverTheWholeRange) {
  RngStream rng(11, 0, "time_test");
  for (int i = 0; i < 200000; ++i) {
    // Magnitudes from 1e-12 s to 8.9e9 s: past 2^62 ns, where the library path takes over, and
    // inside int64.
    const double magnitude = std::pow(10.0, -12.0 + 21.95 * rng.uniform_open01());
    const double s = (i % 2 == 0 ? 1 : -1) * magnitude;
    ASSERT_EQ(Time::from_s(s).ns(), std::llround(s * 1e9)) << "s = " << s;
  }
}

}  // namespace
}  // namespace servesim::core
