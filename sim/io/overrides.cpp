// File: sim/io/overrides.cpp
#include "sim/io/overrides.hpp"

#include <fmt/format.h>

#include <string_view>

#include "sim/core/error.hpp"
#include "sim/io/set_text.hpp"

namespace servesim::io {

namespace {

std::string trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return std::string(text);
}

bool is_index(const std::string& segment) {
  if (segment.empty() || segment.size() > 9) return false;
  for (char c : segment) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string kind_of(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "'" + node.Scalar() + "'";
}

// Walks one override into the tree.
class OverrideWriter {
 public:
  OverrideWriter(const Override& override, std::vector<OverrideOrigin>& origins)
      : text_(override.path + "=" + override.value), origins_(origins) {}

  void apply(YAML::Node root, const std::string& path, const YAML::Node& value) {
    const std::vector<std::string> segments = split_key_path(path);
    // yaml-cpp's Node::operator= replaces the content of the node it refers to; moving the
    // handle to another node is reset().
    YAML::Node current;
    current.reset(root);
    std::string at;  // canonical path of `current`
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const bool last = i + 1 == segments.size();
      const std::string& segment = segments[i];
      if (current.IsSequence()) {
        if (!is_index(segment)) {
          fail(at, fmt::format("is a list; expected an index (0 to {}), got '{}'", current.size(),
                               segment));
        }
        const std::size_t index = std::stoul(segment);
        if (index > current.size()) {
          fail(at,
               fmt::format("index {} is out of range (the list has {} element{}; {} appends)",
                           index, current.size(), current.size() == 1 ? "" : "s", current.size()));
        }
        at = join_path(at, std::to_string(index));
        if (index == current.size()) {
          current.push_back(last ? value : YAML::Node(YAML::NodeType::Map));
          created(at);
          current.reset(current[index]);
        } else if (last) {
          current[index] = value;
        } else {
          current.reset(step_into(current[index], at));
        }
      } else {
        at = join_path(at, segment);
        YAML::Node child = current[segment];
        if (last) {
          current[segment] = value;
        } else if (!child.IsDefined()) {
          current[segment] = YAML::Node(YAML::NodeType::Map);
          created(at);
          current.reset(current[segment]);
        } else {
          current.reset(step_into(child, at));
        }
      }
    }
    origins_.push_back(OverrideOrigin{at, text_});
  }

 private:
  // The node to descend into at `at`: an existing map or list; a null becomes an empty map
  // (assigning to `node` replaces the content in the tree).
  YAML::Node step_into(YAML::Node node, const std::string& at) {
    if (node.IsMap() || node.IsSequence()) return node;
    if (node.IsNull()) {
      node = YAML::Node(YAML::NodeType::Map);
      created(at);
      return node;
    }
    fail(at, "is " + kind_of(node) + ", not a map or list, so it has no keys to set");
  }

  void created(const std::string& at) { origins_.push_back(OverrideOrigin{at, text_}); }

  [[noreturn]] void fail(const std::string& at, const std::string& message) const {
    throw core::ConfigError(
        fmt::format("--set {}: {}{}", text_, at.empty() ? "" : at + ": ", message));
  }

  std::string text_;
  std::vector<OverrideOrigin>& origins_;
};

}  // namespace

Override parse_override(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos) {
    throw core::ConfigError(
        fmt::format("--set '{}': expected key.path=value, e.g. --set redundancy.k=3", text));
  }
  Override result{trim(std::string_view(text).substr(0, equals)), text.substr(equals + 1)};
  if (result.path.empty()) {
    throw core::ConfigError(fmt::format("--set '{}': the key path before '=' is empty", text));
  }
  for (const std::string& segment : split_key_path(result.path)) {
    if (segment.empty()) {
      throw core::ConfigError(
          fmt::format("--set '{}': empty key in the path '{}'", text, result.path));
    }
  }
  return result;
}

std::string overrides_text(const std::vector<Override>& overrides, const std::string& none) {
  std::string text;
  for (const Override& override : overrides) {
    if (!text.empty()) text += ", ";
    text += override.path + "=" + override.value;
  }
  return text.empty() ? none : text;
}

std::vector<Override> parse_overrides(const std::vector<std::string>& texts) {
  std::vector<Override> overrides;
  overrides.reserve(texts.size());
  for (const std::string& text : texts) overrides.push_back(parse_override(text));
  return overrides;
}

std::vector<OverrideOrigin> apply_overrides(YAML::Node& root,
                                            const std::vector<Override>& overrides) {
  std::vector<OverrideOrigin> origins;
  for (const Override& override : overrides) {
    const Override checked = parse_override(override.path + "=" + override.value);
    YAML::Node value;
    try {
      value = YAML::Load(checked.value);
    } catch (const YAML::Exception& error) {
      throw core::ConfigError(fmt::format("--set {}={}: invalid YAML value: {}", checked.path,
                                          checked.value, error.msg));
    }
    OverrideWriter(checked, origins).apply(root, checked.path, value);
  }
  return origins;
}

}  // namespace servesim::io
