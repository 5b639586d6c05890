// File: sim/io/yaml_reader.cpp
#include "sim/io/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>

#include "sim/io/did_you_mean.hpp"
#include "sim/io/number_text.hpp"

namespace servesim::io {

namespace {

bool at_or_below(std::string_view path, std::string_view prefix) {
  if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.';
}

// "in [1, 10000]", ">= 1" or "<= 10".
std::string int_range_text(std::int64_t min, std::int64_t max) {
  if (max == std::numeric_limits<std::int64_t>::max()) return fmt::format(">= {}", min);
  if (min == std::numeric_limits<std::int64_t>::min()) return fmt::format("<= {}", max);
  return fmt::format("in [{}, {}]", min, max);
}

// The bound `value` breaks, alone: the upper limits on integers are sanity caps (limits.hpp),
// so "must be >= 1 (got 0)" says what matters without them.
std::string violated_bound_text(std::int64_t value, std::int64_t min, std::int64_t max) {
  return value < min ? fmt::format(">= {}", min) : fmt::format("<= {}", max);
}

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

}  // namespace

std::string join_path(std::string_view parent, std::string_view child) {
  if (parent.empty()) return std::string(child);
  std::string out(parent);
  out += '.';
  out += child;
  return out;
}

namespace {

// The line (1-based) where a second YAML document starts, or 0. Documents are separated by a
// "---" line (a marker at column 1 followed by a blank or the line's end) once content has
// been seen, or follow a "..." end marker. Comments, blank lines and directives ("%YAML") are
// not content. Inside a block scalar a column-1 "---" cannot occur (its lines are indented), and
// in a flow or quoted scalar YAML forbids it (1.2, 9.1.2).
int second_document_line(std::string_view text) {
  bool content = false;
  bool ended = false;
  int line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    ++line;
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(start, end - start);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    start = end + 1;
    const auto marker = [&](std::string_view mark) {
      return row.substr(0, 3) == mark && (row.size() == 3 || row[3] == ' ' || row[3] == '\t');
    };
    if (marker("---")) {
      if (content || ended) return line;
      content = row.find_first_not_of(" \t", 3) != std::string_view::npos &&
                row[row.find_first_not_of(" \t", 3)] != '#';
      continue;
    }
    if (marker("...")) {
      ended = content;
      continue;
    }
    const std::size_t first = row.find_first_not_of(" \t");
    if (first == std::string_view::npos || row[first] == '#') continue;
    if (!content && row[0] == '%') continue;  // a directive
    if (ended) return line;
    content = true;
  }
  return 0;
}

}  // namespace

YAML::Node parse_yaml_text(const std::string& text, const std::string& file) {
  // yaml-cpp's node tree takes 145 to 310 times the text's size, so YAML input is capped, far
  // above any real scenario's need (kMaxYamlBytes, docs/scenario.md).
  if (text.size() > kMaxYamlBytes) {
    throw core::ConfigError({file, 0, 0},
                            fmt::format("YAML file too large: {} bytes; at most {} bytes (1 MiB) "
                                        "are read, since parsing takes 145 to 310 times the "
                                        "file's size in memory",
                                        text.size(), kMaxYamlBytes));
  }
  // A binary file would otherwise reach yaml-cpp, whose messages then echo raw control bytes
  // to the terminal ("unknown escape character: \x01"). No YAML text has them (YAML 1.2 5.1
  // allows only tab, LF and CR below 0x20), so name the file as not text, as the CSV readers do.
  int line = 1;
  int column = 1;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
      throw core::ConfigError(
          {file, line, column},
          fmt::format("not a text file (byte 0x{:02x}); expected YAML text", c));
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  // A second document would be dropped in silence by YAML::Load. Found by its marker, not by
  // YAML::LoadAll, which loops for ever on some malformed inputs (fuzz: ",1ePe$ e").
  if (const int second = second_document_line(text); second > 0) {
    throw core::ConfigError({file, second, 1},
                            "a second YAML document (after '---' or '...'); a file holds one");
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    core::SourceLocation where{file, 0, 0};
    if (error.mark.line >= 0 && error.mark.column >= 0) {
      where.line = error.mark.line + 1;
      where.column = error.mark.column + 1;
    }
    throw core::ConfigError(std::move(where), "invalid YAML: " + error.msg);
  }
  // yaml-cpp 0.7 accepts two truncated files when the cut is at the very end. A quoted scalar
  // missing its closing quote loads when a newline ends the file (`name: "abc\n` gives "abc ").
  // A key without its colon on the last line of a block map loads as a key with a null value
  // (jbeder/yaml-cpp#819), so a scenario cut off after `redundancy` ran without redundancy.
  // Both are errors as soon as any line follows, so the text is parsed once more with a comment
  // line appended, which adds nothing to a complete document; the values come from the first
  // parse. A mark past the original text is reported at the end of its last non-blank line.
  try {
    (void)YAML::Load(text + "\n#");
  } catch (const YAML::Exception& error) {
    std::size_t content_end = text.size();
    while (content_end > 0 && (text[content_end - 1] == '\n' || text[content_end - 1] == '\r' ||
                               text[content_end - 1] == ' ' || text[content_end - 1] == '\t')) {
      --content_end;
    }
    std::size_t line_start = content_end;
    while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
    const auto content = static_cast<std::ptrdiff_t>(content_end);
    const int last_line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + content, '\n'));
    core::SourceLocation where{file, last_line, 1 + static_cast<int>(content_end - line_start)};
    if (error.mark.line >= 0 && error.mark.column >= 0 && error.mark.line + 1 <= last_line) {
      where.line = error.mark.line + 1;
      where.column = error.mark.column + 1;
    }
    throw core::ConfigError(std::move(where),
                            "invalid YAML: " + error.msg + " (is the file cut short?)");
  }
  return root;
}

std::string read_input_file(const std::string& file, std::string_view what, std::size_t max_bytes) {
  FileText text = read_text_file(file, max_bytes);
  if (!text.ok) {
    throw core::ConfigError(fmt::format("cannot open {} '{}': {}", what, file, text.error));
  }
  return std::move(text.text);
}

YAML::Node parse_yaml_document(const std::string& text, const std::string& file,
                               std::string_view empty_message) {
  YAML::Node root = parse_yaml_text(text, file);
  if (!root.IsDefined() || root.IsNull()) {
    throw core::ConfigError(core::SourceLocation{file, 0, 0}, std::string(empty_message));
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// YamlSource

YamlSource::YamlSource(std::string file, PathBase paths, std::vector<OverrideOrigin> overrides)
    : file_(std::move(file)), paths_(std::move(paths)), overrides_(std::move(overrides)) {}

core::ConfigError YamlSource::error(const YAML::Mark& mark, std::string_view path,
                                    std::string_view message) const {
  std::string text = path.empty() ? std::string(message) : fmt::format("{}: {}", path, message);
  // The latest --set wins where several cover the same path, as it does when applied.
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    if (at_or_below(path, it->path)) {
      return core::ConfigError(fmt::format("--set {}: {}", it->text, text));
    }
  }
  // An error about a map (a distribution's parameters together, mttf_s with mttr_s) may come
  // from a --set inside it: keep the file position and say which --set took part.
  if (!path.empty()) {
    std::string involved;
    for (const OverrideOrigin& origin : overrides_) {
      if (origin.path.size() > path.size() && at_or_below(origin.path, path) &&
          involved.find("--set " + origin.text) == std::string::npos) {
        involved += (involved.empty() ? "" : ", ") + ("--set " + origin.text);
      }
    }
    if (!involved.empty()) text += " (after " + involved + ")";
  }
  core::SourceLocation where{file_, 0, 0};
  if (mark.line >= 0 && mark.column >= 0) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return core::ConfigError(std::move(where), text);
}

// ---------------------------------------------------------------------------------------------
// NumberRange

bool NumberRange::contains(double x) const {
  const bool above = min_open ? x > min : x >= min;
  const bool below = max_open ? x < max : x <= max;
  return above && below;
}

std::string NumberRange::describe() const {
  const bool has_min = min != -std::numeric_limits<double>::infinity();
  const bool has_max = max != std::numeric_limits<double>::infinity();
  if (has_min && has_max) {
    return fmt::format("in {}{}, {}{}", min_open ? '(' : '[', format_number(min),
                       format_number(max), max_open ? ')' : ']');
  }
  if (has_min) return fmt::format("{} {}", min_open ? ">" : ">=", format_number(min));
  if (has_max) return fmt::format("{} {}", max_open ? "<" : "<=", format_number(max));
  return "a number";
}

NumberRange any_number() { return NumberRange{}; }
NumberRange at_least(double min) {
  NumberRange range;
  range.min = min;
  return range;
}
NumberRange greater_than(double min) {
  NumberRange range;
  range.min = min;
  range.min_open = true;
  return range;
}
NumberRange between(double min, double max) {
  NumberRange range;
  range.min = min;
  range.max = max;
  return range;
}

// ---------------------------------------------------------------------------------------------
// YamlValue

YamlValue::YamlValue(const YamlSource& source, YAML::Node node, std::string path,
                     std::optional<YAML::Mark> key_mark)
    : source_(&source), node_(std::move(node)), path_(std::move(path)), key_mark_(key_mark) {}

YAML::Mark YamlValue::mark() const {
  if (key_mark_ && is_null()) return *key_mark_;
  if (node_.IsDefined()) return node_.Mark();
  return key_mark_ ? *key_mark_ : YAML::Mark::null_mark();
}

core::ConfigError YamlValue::error(std::string_view message) const {
  return source_->error(mark(), path_, message);
}

void YamlValue::fail(std::string_view message) const { throw error(message); }

std::string YamlValue::scalar_text() const { return node_.Scalar(); }

std::string YamlValue::describe() const {
  if (is_null()) return "nothing";
  if (is_map()) return "a map";
  if (is_list()) return "a list";
  return fmt::format("'{}'", scalar_text());
}

double YamlValue::as_number(NumberRange range) const {
  if (!is_scalar()) fail("expected a number, got " + describe());
  const std::string text = scalar_text();
  const Parsed<double> parsed = parse_double(text);
  switch (parsed.status) {
    case NumberStatus::kOk:
      break;
    case NumberStatus::kNotFinite:
      fail("must be a finite number (got " + text + ")");
    case NumberStatus::kOutOfRange:
      fail("number out of range (got " + text + ")");
    case NumberStatus::kNotANumber:
    case NumberStatus::kNotInteger:
      fail("expected a number, got '" + text + "'");
  }
  if (!range.contains(parsed.value)) {
    fail("must be " + range.describe() + " (got " + text + ")" +
         (range.why != nullptr ? std::string("; ") + range.why : std::string()));
  }
  return parsed.value;
}

std::int64_t YamlValue::as_int64(std::int64_t min, std::int64_t max) const {
  if (!is_scalar()) fail("expected an integer, got " + describe());
  const std::string text = scalar_text();
  const Parsed<std::int64_t> parsed = parse_int64(text);
  switch (parsed.status) {
    case NumberStatus::kOk:
      break;
    case NumberStatus::kOutOfRange:
      fail("integer out of range (got " + text + "); must be " + int_range_text(min, max));
    case NumberStatus::kNotFinite:
    case NumberStatus::kNotANumber:
    case NumberStatus::kNotInteger:
      fail("expected an integer, got '" + text + "'");
  }
  if (parsed.value < min || parsed.value > max) {
    fail("must be " + violated_bound_text(parsed.value, min, max) + " (got " + text + ")");
  }
  return parsed.value;
}

int YamlValue::as_int(int min, int max) const { return static_cast<int>(as_int64(min, max)); }

std::uint64_t YamlValue::as_uint64() const {
  if (!is_scalar()) fail("expected a non-negative integer, got " + describe());
  const std::string text = scalar_text();
  const Parsed<std::uint64_t> parsed = parse_uint64(text);
  switch (parsed.status) {
    case NumberStatus::kOk:
      break;
    case NumberStatus::kOutOfRange:
      fail(fmt::format("integer out of range (got {}); must be in [0, {}]", text,
                       std::numeric_limits<std::uint64_t>::max()));
    case NumberStatus::kNotFinite:
    case NumberStatus::kNotANumber:
    case NumberStatus::kNotInteger:
      fail("expected a non-negative integer, got '" + text + "'");
  }
  return parsed.value;
}

bool YamlValue::as_bool() const {
  if (is_scalar()) {
    const std::string text = lowercase(scalar_text());
    if (text == "true") return true;
    if (text == "false") return false;
  }
  fail("expected true or false, got " + describe());
}

std::string YamlValue::as_string() const {
  if (!is_scalar()) fail("expected a string, got " + describe());
  return scalar_text();
}

std::string YamlValue::as_choice(std::string_view what,
                                 const std::vector<std::string>& names) const {
  std::string name = as_string();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    fail(unknown_name_message(what, name, names));
  }
  return name;
}

std::vector<YamlValue> YamlValue::as_list() const {
  std::vector<YamlValue> items;
  if (is_null()) return items;
  if (!is_list()) fail("expected a list, got " + describe());
  items.reserve(node_.size());
  for (std::size_t index = 0; index < node_.size(); ++index) {
    items.emplace_back(*source_, node_[index], join_path(path_, std::to_string(index)));
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Maps

std::vector<std::pair<YamlValue, YamlValue>> map_entries(const YamlValue& value) {
  std::vector<std::pair<YamlValue, YamlValue>> entries;
  if (value.is_null()) return entries;
  if (!value.is_map()) value.fail("expected a map, got " + value.describe());
  const YamlSource& source = value.source();
  for (auto it = value.node().begin(); it != value.node().end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      throw source.error(
          key_node.Mark(), value.path(),
          "expected a key name, got a " + std::string(key_node.IsMap() ? "map" : "list"));
    }
    const std::string key = key_node.Scalar();
    const std::string path = join_path(value.path(), key);
    for (const auto& [earlier, unused] : entries) {
      if (earlier.node().Scalar() == key) {
        const YAML::Mark first = earlier.node().Mark();
        throw source.error(key_node.Mark(), path,
                           first.line >= 0
                               ? fmt::format("duplicate key (first on line {})", first.line + 1)
                               : std::string("duplicate key"));
      }
    }
    entries.emplace_back(YamlValue(source, key_node, path),
                         YamlValue(source, it->second, path, key_node.Mark()));
  }
  return entries;
}

MapReader::MapReader(const YamlValue& value, std::initializer_list<std::string_view> allowed)
    : MapReader(value, std::vector<std::string>(allowed.begin(), allowed.end())) {}

MapReader::MapReader(const YamlValue& value, std::vector<std::string> allowed)
    : value_(value), allowed_(std::move(allowed)) {
  for (auto& [key, item] : map_entries(value)) {
    const std::string name = key.node().Scalar();
    if (std::find(allowed_.begin(), allowed_.end(), name) == allowed_.end()) {
      std::string message = "unknown key";
      if (const auto suggestion = closest_match(name, allowed_)) {
        message += " (did you mean '" + *suggestion + "'?)";
      } else if (allowed_.empty()) {
        message += " (this map takes no keys)";
      } else {
        message += " (valid keys: " + join_names(allowed_) + ")";
      }
      key.fail(message);
    }
    entries_.push_back(Entry{name, key.node(), item.node()});
  }
}

void MapReader::restrict_to(std::initializer_list<std::string_view> valid,
                            std::string_view what) const {
  restrict_to(std::vector<std::string>(valid.begin(), valid.end()), what);
}

void MapReader::restrict_to(const std::vector<std::string>& names, std::string_view what) const {
  for (const Entry& entry : entries_) {
    if (std::find(names.begin(), names.end(), entry.key) == names.end()) {
      throw value_.source().error(entry.key_node.Mark(), join_path(path(), entry.key),
                                  fmt::format("key '{}' is not valid for {} (valid keys: {})",
                                              entry.key, what, join_names(names)));
    }
  }
}

void MapReader::check_allowed(std::string_view key) const {
  SERVESIM_ASSERT(std::find(allowed_.begin(), allowed_.end(), key) != allowed_.end(),
                  "a MapReader getter asked for a key its constructor did not declare");
}

const MapReader::Entry* MapReader::find(std::string_view key) const {
  check_allowed(key);
  for (const Entry& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

bool MapReader::has(std::string_view key) const { return find(key) != nullptr; }

std::optional<YamlValue> MapReader::get(std::string_view key) const {
  const Entry* entry = find(key);
  if (entry == nullptr) return std::nullopt;
  return YamlValue(value_.source(), entry->value, join_path(path(), key), entry->key_node.Mark());
}

YamlValue MapReader::require(std::string_view key) const {
  if (auto found = get(key)) return *found;
  throw value_.source().error(value_.mark(), join_path(path(), key), "required key is missing");
}

void MapReader::number(std::string_view key, double& out, NumberRange range) const {
  if (const auto found = get(key)) out = found->as_number(range);
}

void MapReader::integer(std::string_view key, int& out, int min, int max) const {
  if (const auto found = get(key)) out = found->as_int(min, max);
}

void MapReader::integer(std::string_view key, std::int64_t& out, std::int64_t min,
                        std::int64_t max) const {
  if (const auto found = get(key)) out = found->as_int64(min, max);
}

void MapReader::uint64(std::string_view key, std::uint64_t& out) const {
  if (const auto found = get(key)) out = found->as_uint64();
}

void MapReader::boolean(std::string_view key, bool& out) const {
  if (const auto found = get(key)) out = found->as_bool();
}

void MapReader::string(std::string_view key, std::string& out) const {
  if (const auto found = get(key)) out = found->as_string();
}

}  // namespace servesim::io
