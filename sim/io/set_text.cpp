// File: sim/io/set_text.cpp
#include "sim/io/set_text.hpp"

namespace servesim::io {

core::SourceLocation mark_location(const std::string& file, const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

std::string set_value_text(const YamlValue& value) {
  if (value.is_scalar()) return value.node().Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << value.node();
  return out.c_str();
}

bool valid_key_path(const std::string& key) {
  if (key.empty() || key.front() == '.' || key.back() == '.') return false;
  return key.find("..") == std::string::npos && key.find('=') == std::string::npos;
}

std::vector<std::string> split_key_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    segments.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) return segments;
    start = dot + 1;
  }
}

}  // namespace servesim::io
