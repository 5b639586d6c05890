// File: tests/io/number_text_test.cpp
#include "sim/io/number_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

namespace servesim::io {
namespace {

TEST(NumberText, Doubles) {
  EXPECT_EQ(parse_double("1.5").value, 1.5);
  EXPECT_EQ(parse_double("+2").value, 2);
  EXPECT_EQ(parse_double("-3e2").value, -300);
  EXPECT_EQ(parse_double("1e-400").status, NumberStatus::kOutOfRange);
  EXPECT_EQ(parse_double("1e999").status, NumberStatus::kOutOfRange);
  for (const char* text : {"", "abc", "1.2.3", "0x10", "1,5", "+-1", "++1", "1 ", " 1", "e5"}) {
    EXPECT_EQ(parse_double(text).status, NumberStatus::kNotANumber) << text;
  }
  for (const char* text : {".nan", ".NaN", ".inf", "-.inf", "+.Inf", "nan", "inf", "-infinity"}) {
    EXPECT_EQ(parse_double(text).status, NumberStatus::kNotFinite) << text;
  }
}

TEST(NumberText, Integers) {
  EXPECT_EQ(parse_int64("42").value, 42);
  EXPECT_EQ(parse_int64("-7").value, -7);
  EXPECT_EQ(parse_int64("+7").value, 7);
  EXPECT_EQ(parse_int64("1e6").value, 1000000);
  EXPECT_EQ(parse_int64("5.0").value, 5);
  EXPECT_EQ(parse_int64("9223372036854775807").value, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_int64("9223372036854775808").status, NumberStatus::kOutOfRange);
  EXPECT_EQ(parse_int64("1e19").status, NumberStatus::kOutOfRange);
  EXPECT_EQ(parse_int64("1e300").status, NumberStatus::kOutOfRange);
  EXPECT_EQ(parse_int64("1.5").status, NumberStatus::kNotInteger);
  EXPECT_EQ(parse_int64(".nan").status, NumberStatus::kNotFinite);
  EXPECT_EQ(parse_int64("ten").status, NumberStatus::kNotANumber);
  EXPECT_EQ(parse_uint64("18446744073709551615").value, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(parse_uint64("18446744073709551616").status, NumberStatus::kOutOfRange);
  EXPECT_EQ(parse_uint64("-1").status, NumberStatus::kOutOfRange);
  EXPECT_EQ(parse_uint64("-1e3").status, NumberStatus::kOutOfRange);
  EXPECT_EQ(parse_uint64("-x").status, NumberStatus::kNotANumber);
}

// Property: printing then parsing gives back the same double, bit for bit (outputs and
// `servesim check` rely on it).
TEST(NumberText, FormatThenParseRoundTrips) {
  std::mt19937_64 rng(20240501);
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t bits = rng();
    double x;
    static_assert(sizeof x == sizeof bits);
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    const Parsed<double> parsed = parse_double(format_number(x));
    ASSERT_EQ(parsed.status, NumberStatus::kOk) << format_number(x);
    EXPECT_EQ(std::memcmp(&parsed.value, &x, sizeof x), 0) << format_number(x);
  }
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(100), "100");
  EXPECT_EQ(format_number(1e20), "1e+20");
}

}  // namespace
}  // namespace servesim::io
