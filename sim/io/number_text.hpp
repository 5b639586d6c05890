// File: sim/io/number_text.hpp
//
// Numbers from text, as scenario files and CSV files write them. One set of rules for every
// loader, so "1e3" or ".nan" mean the same in a YAML key and in a trace row. Locale-free
// (std::from_chars) and without undefined behaviour on huge or malformed input: every failure is a
// value the caller turns into a ConfigError with a location.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace servesim::io {

enum class NumberStatus {
  kOk,
  kNotANumber,  // text is not a number at all ("abc", "", "1.2.3")
  kNotFinite,   // nan or inf in any spelling YAML or C knows (".nan", "-.inf", "inf")
  kNotInteger,  // a finite number with a fraction, where an integer is wanted
  kOutOfRange,  // an integer beyond the target type (or a double beyond +-1e308)
};

template <class T>
struct Parsed {
  NumberStatus status = NumberStatus::kNotANumber;
  T value{};
};

// A finite double. Accepts an optional leading '+', decimal and exponent forms.
Parsed<double> parse_double(std::string_view text);

// An integer. Also accepts integral values written as decimals or exponents ("1e6", "5.0"),
// exactly representable ones only (|x| <= 2^53), so `requests: 1e6` works.
Parsed<std::int64_t> parse_int64(std::string_view text);
Parsed<std::uint64_t> parse_uint64(std::string_view text);

// Shortest round-trip text of a double ("0.1", "100", "1e+20"), as every output uses.
std::string format_number(double value);

}  // namespace servesim::io
