// File: sim/core/error.cpp
#include "sim/core/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace servesim::core {

std::string ConfigError::formatted() const {
  if (where_.file.empty()) return "error: " + std::string(what());
  std::string out;
  out.append(where_.file);
  if (where_.line > 0) {
    out.append(":").append(std::to_string(where_.line));
    if (where_.column > 0) out.append(":").append(std::to_string(where_.column));
  }
  out.append(": error: ").append(what());
  return out;
}

void assertion_failed(const char* condition, const char* why, const char* file, int line) {
  // __FILE__ is the build machine's absolute path; the part from "sim/" on says as much.
  const std::string_view path(file);
  const std::size_t at = path.rfind("/sim/");
  if (at != std::string_view::npos) file += at + 1;
  std::fprintf(stderr, "%s:%d: internal error: %s (%s)\n", file, line, why, condition);
  std::fflush(stderr);
  std::exit(1);
}

}  // namespace servesim::core
