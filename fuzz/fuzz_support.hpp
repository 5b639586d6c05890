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
#include <exception>
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

}  // namespace servesim::fuzz
