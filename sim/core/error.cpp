// File: sim/core/error.cpp
#include "sim/core/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace servesim::core {

namespace {

// The message is one line: control characters that came from the input (a "\n" in a quoted
// value, a tab) are shown escaped, so they can neither split nor garble it.
std::string one_line(const char* text) {
  std::string out;
  for (const char* p = text; *p != '\0'; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string ConfigError::formatted() const {
  if (where_.file.empty()) return "error: " + one_line(what());
  std::string out;
  out.append(where_.file);
  if (where_.line > 0) {
    out.append(":").append(std::to_string(where_.line));
    if (where_.column > 0) out.append(":").append(std::to_string(where_.column));
  }
  out.append(": error: ").append(one_line(what()));
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
