// File: sim/io/number_text.cpp
#include "sim/io/number_text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace servesim::io {

namespace {

// YAML 1.2 core-schema spellings of infinity and NaN; from_chars knows only the C ones.
bool is_yaml_non_finite(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  return text == ".inf" || text == ".Inf" || text == ".INF" || text == ".nan" || text == ".NaN" ||
         text == ".NAN";
}

std::string_view strip_plus(std::string_view text) {
  // "+5" is a number in YAML; from_chars rejects the sign. "+-5" stays invalid.
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') {
    text.remove_prefix(1);
  }
  return text;
}

// Largest integer magnitude a double holds exactly.
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

}  // namespace

Parsed<double> parse_double(std::string_view text) {
  if (is_yaml_non_finite(text)) return {NumberStatus::kNotFinite, 0};
  text = strip_plus(text);
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ptr != end || text.empty()) return {NumberStatus::kNotANumber, 0};
  if (ec == std::errc::result_out_of_range) {
    // from_chars reports both overflow and underflow; underflow is a tiny number, fine as 0.
    return {NumberStatus::kOutOfRange, 0};
  }
  if (ec != std::errc()) return {NumberStatus::kNotANumber, 0};
  if (!std::isfinite(value)) return {NumberStatus::kNotFinite, 0};
  return {NumberStatus::kOk, value};
}

template <class Int>
static Parsed<Int> parse_integer(std::string_view text) {
  const std::string_view digits = strip_plus(text);
  Int value = 0;
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (!digits.empty() && ptr == end) {
    if (ec == std::errc::result_out_of_range) return {NumberStatus::kOutOfRange, 0};
    if (ec == std::errc()) return {NumberStatus::kOk, value};
  }
  // Not a plain integer: perhaps an integral value in decimal or exponent form.
  const Parsed<double> as_double = parse_double(text);
  if (as_double.status != NumberStatus::kOk) {
    return {as_double.status == NumberStatus::kNotFinite ? NumberStatus::kNotFinite
                                                         : NumberStatus::kNotANumber,
            0};
  }
  const double x = as_double.value;
  if (x != std::trunc(x)) return {NumberStatus::kNotInteger, 0};
  if (std::fabs(x) > kMaxExactInteger) return {NumberStatus::kOutOfRange, 0};
  // Within +-2^53 now, so the conversion to int64 is exact; check the target's own range.
  const auto wide = static_cast<std::int64_t>(x);
  if constexpr (std::is_unsigned_v<Int>) {
    if (wide < 0) return {NumberStatus::kOutOfRange, 0};
  }
  return {NumberStatus::kOk, static_cast<Int>(wide)};
}

Parsed<std::int64_t> parse_int64(std::string_view text) {
  return parse_integer<std::int64_t>(text);
}

Parsed<std::uint64_t> parse_uint64(std::string_view text) {
  if (!text.empty() && text.front() == '-') {
    // from_chars on an unsigned type rejects '-' as "not a number"; a negative integer is a
    // range error to the user.
    const Parsed<std::int64_t> negative = parse_int64(text);
    if (negative.status == NumberStatus::kOk || negative.status == NumberStatus::kOutOfRange) {
      return {NumberStatus::kOutOfRange, 0};
    }
    return {negative.status, 0};
  }
  return parse_integer<std::uint64_t>(text);
}

std::string format_number(double value) { return fmt::format("{}", value); }

}  // namespace servesim::io
