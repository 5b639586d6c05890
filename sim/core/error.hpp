// File: sim/core/error.hpp
//
// Two kinds of failure, kept apart as gem5 keeps fatal() and panic() apart:
//  - ConfigError: the user's fault (bad scenario, bad file, bad flag). The CLI prints it as
//    "FILE:LINE:COL: error: message" and exits with code 2.
//  - SERVESIM_ASSERT: a broken invariant, i.e. a simulator bug. Prints where and why, exits 1.
#pragma once

#include <stdexcept>
#include <string>

namespace servesim::core {

// Where in a user's input an error sits. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourceLocation where, const std::string& message)
      : std::runtime_error(message), where_(std::move(where)) {}
  explicit ConfigError(const std::string& message) : std::runtime_error(message) {}

  const SourceLocation& where() const { return where_; }
  // "file:line:col: error: message", or "error: message" when no file is involved.
  std::string formatted() const;

 private:
  SourceLocation where_;
};

[[noreturn]] void assertion_failed(const char* condition, const char* why, const char* file,
                                   int line);

}  // namespace servesim::core

#define SERVESIM_ASSERT(cond, why)                                        \
  do {                                                                    \
    if (!(cond)) ::servesim::core::assertion_failed(#cond, why, __FILE__, __LINE__); \
  } while (false)

// Checked only in debug builds: for invariants on the hot path.
#ifdef NDEBUG
#define SERVESIM_DEBUG_ASSERT(cond, why) \
  do {                                   \
  } while (false)
#else
#define SERVESIM_DEBUG_ASSERT(cond, why) SERVESIM_ASSERT(cond, why)
#endif
