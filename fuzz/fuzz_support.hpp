// File: fuzz/fuzz_support.hpp
//
// What every harness shares: a loader may reject its input only with core::ConfigError (exit 2
// in the CLI, a message for the user). Any other exception, and any crash, leak or undefined
// behaviour the sanitizers see, is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <random>
#include <string>

#include "sim/core/error.hpp"

namespace servesim::fuzz {

template <class F>
void expect_config_error_only(F&& load) {
  try {
    load();
  } catch (const core::ConfigError& error) {
    // The message is what the user sees: it must say something.
    if (std::string(error.what()).empty()) {
      std::fputs("ConfigError with an empty message\n", stderr);
      std::abort();
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "non-ConfigError exception escaped: %s\n", error.what());
    std::abort();
  }
}

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Range-sweeping mutation (issue 12): numbers at the edges of every range the loaders check.
// Random byte mutations almost never turn "270" into "1e-300" or "9223372036854775808"; these
// are the values that found the overflow, zero-period and NaN defects.
inline constexpr const char* kEdgeNumbers[] = {
    "0",       "-0",          "4.9e-324",  "2.2250738585072014e-308", "1e-300", "-1e-300",
    "1e300",   "-1e300",      "1e400",     "9223372036854775807",     "9223372036854775808",
    "18446744073709551616",   "-1",        "nan",                     ".nan",   "NaN",
    ".inf",    "-.inf",       "1e-9",      "1e-10",                   "4.6e9",  "4.7e12",
    "1e13",    "65536",       "4294967296", "0.5",                    "1e-7",   "2147483648"};

// Replaces one number-looking token of data[0, size) (a digit run with its sign, point and
// exponent) by an edge value. Returns the new size, or 0 when nothing was replaced.
inline std::size_t replace_a_number(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                    unsigned seed) {
  std::minstd_rand rng(seed);
  std::size_t starts[64];
  std::size_t count = 0;
  for (std::size_t i = 0; i < size && count < 64; ++i) {
    const bool digit = data[i] >= '0' && data[i] <= '9';
    const bool after_digit = i > 0 && ((data[i - 1] >= '0' && data[i - 1] <= '9') ||
                                       data[i - 1] == '.' || data[i - 1] == '-' ||
                                       data[i - 1] == 'e' || data[i - 1] == '+');
    if (digit && !after_digit) starts[count++] = i;
  }
  if (count == 0) return 0;
  std::size_t begin = starts[rng() % count];
  if (begin > 0 && (data[begin - 1] == '-' || data[begin - 1] == '+')) --begin;
  std::size_t end = begin + 1;
  while (end < size && ((data[end] >= '0' && data[end] <= '9') || data[end] == '.' ||
                        data[end] == 'e' || data[end] == 'E' || data[end] == '-' ||
                        data[end] == '+')) {
    ++end;
  }
  const char* edge = kEdgeNumbers[rng() % (sizeof kEdgeNumbers / sizeof *kEdgeNumbers)];
  const std::size_t edge_len = std::strlen(edge);
  const std::size_t new_size = size - (end - begin) + edge_len;
  if (new_size > max_size) return 0;
  std::memmove(data + begin + edge_len, data + end, size - end);
  std::memcpy(data + begin, edge, edge_len);
  return new_size;
}

}  // namespace servesim::fuzz

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

// Every harness includes this header once: one time in four, sweep a number to an edge value;
// otherwise libFuzzer's own mutations.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  if (seed % 4 == 0) {
    if (const std::size_t replaced = servesim::fuzz::replace_a_number(data, size, max_size, seed / 4))
      return replaced;
  }
  return LLVMFuzzerMutate(data, size, max_size);
}
