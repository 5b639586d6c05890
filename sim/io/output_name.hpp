// File: sim/io/output_name.hpp
//
// A scenario's or sweep's `name` becomes a folder (out/<name>) and a label in every output, so
// it is checked where it is read (issue 12): a name that could leave out/ ("../x", "a/b"), hide
// (".x"), carry control characters or invalid UTF-8 is a user error at its position, before
// anything is run or written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

inline constexpr std::size_t kMaxNameBytes = 200;

// Empty when `name` is safe as one path component; else what is wrong with it.
inline std::string output_name_problem(const std::string& name) {
  if (name.empty()) return "must not be empty";
  if (name.size() > kMaxNameBytes) {
    return "is " + std::to_string(name.size()) + " bytes long; at most " +
           std::to_string(kMaxNameBytes);
  }
  if (name == "." || name == "..") return "must not be '.' or '..' (it names the output folder)";
  if (name.front() == '.') return "must not start with '.' (it names the output folder)";
  std::size_t i = 0;
  while (i < name.size()) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == '/' || c == '\\') {
      return "must not contain '/' or '\\' (it names the output folder, out/<name>)";
    }
    if (c < 0x20 || c == 0x7F) return "must not contain control characters";
    // UTF-8: the lead byte gives the length; continuation bytes are 10xxxxxx; no overlong
    // forms, surrogates or code points past U+10FFFF (RFC 3629).
    std::size_t length = 1;
    std::uint32_t code = c;
    if (c >= 0x80) {
      if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        code = c & 0x1F;
      } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        code = c & 0x0F;
      } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        code = c & 0x07;
      } else {
        return "is not valid UTF-8";
      }
      if (i + length > name.size()) return "is not valid UTF-8";
      for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(name[i + k]);
        if ((next & 0xC0) != 0x80) return "is not valid UTF-8";
        code = (code << 6) | (next & 0x3F);
      }
      const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
      if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
        return "is not valid UTF-8";
      }
    }
    i += length;
  }
  return "";
}

// Reads map[key] (when present) into `out`, refusing unsafe names at their position.
inline void read_output_name(const MapReader& map, std::string_view key, std::string& out) {
  const auto value = map.get(key);
  if (!value) return;
  const std::string name = value->as_string();
  const std::string problem = output_name_problem(name);
  if (!problem.empty()) value->fail(problem);
  out = name;
}

}  // namespace servesim::io
