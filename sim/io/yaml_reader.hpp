// File: sim/io/yaml_reader.hpp
//
// Typed, checked reading of a parsed YAML tree. Every value carries its dotted key path
// (`pools.0.batching.max_batch`) and its position, so every error reads
//   scenario.yaml:14:8: error: pools.0.batching.max_batch: must be >= 1 (got 0)
// or, for a value that came from the command line,
//   error: --set pools.0.batching.max_batch=0: pools.0.batching.max_batch: must be >= 1 (got 0)
//
//  - YamlSource: one parsed file (its name, where its relative paths point, which paths --set
//    replaced). Builds the errors.
//  - YamlValue: a node plus its path; conversions to numbers, integers, strings, booleans, lists.
//  - MapReader: a map whose allowed keys are declared up front, so unknown keys are reported
//    (with a did-you-mean suggestion) before any value is looked at; getters keep the caller's
//    default when a key is absent.
//
// Positions come from yaml-cpp's Node::Mark(), 0-based, hence +1. A null value (`key:` with
// nothing after it) has the position of the next token, so values remember their key's position
// and use it for nulls.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/file_access.hpp"

namespace servesim::io {

// A dotted path that --set replaced (or created on the way), and the --set text that did it.
struct OverrideOrigin {
  std::string path;
  std::string text;  // "redundancy.k=0", as given
};

// "a.b" + "c" = "a.b.c"; "" + "c" = "c".
std::string join_path(std::string_view parent, std::string_view child);

// Largest YAML text read (scenarios, sweeps, profiles): 1 MiB, some 500 times a large scenario.
// yaml-cpp's tree takes 145x (a 10 MB file: 1.45 GB) to 310x (a flow list of "1, 1, ...": 2.6 GB
// for 8 MiB) the text's size, so the cap bounds the loader's memory at about 330 MB.
inline constexpr std::size_t kMaxYamlBytes = std::size_t{1} << 20;

// Parses YAML text, which must hold at most one document and kMaxYamlBytes. Syntax errors become
// core::ConfigError at file:line:col with yaml-cpp's reason ("invalid YAML: illegal map value").
YAML::Node parse_yaml_text(const std::string& text, const std::string& file);

// The whole text of the input file `file`, or a core::ConfigError "cannot open WHAT 'FILE':
// REASON" (`what`: "scenario", "sweep file", ...). Each loader's load_X(file).
std::string read_input_file(const std::string& file, std::string_view what,
                            std::size_t max_bytes = kMaxTextBytes);

// parse_yaml_text, requiring a document: empty text (or a lone null) is a core::ConfigError at
// `file` saying `empty_message` ("empty sweep file (expected a map with base and grid or zip)").
YAML::Node parse_yaml_document(const std::string& text, const std::string& file,
                               std::string_view empty_message);

class YamlSource {
 public:
  YamlSource(std::string file, PathBase paths, std::vector<OverrideOrigin> overrides = {});

  const std::string& file() const { return file_; }
  const PathBase& paths() const { return paths_; }

  // The error for `message` about the value at `path` whose node sits at `mark`. When `path` is
  // at or below a path set by --set the error names that --set and has no file position; when
  // --set changed something below `path`, the error keeps its position and ends
  // "(after --set a.b=1)".
  core::ConfigError error(const YAML::Mark& mark, std::string_view path,
                          std::string_view message) const;

 private:
  std::string file_;
  PathBase paths_;
  std::vector<OverrideOrigin> overrides_;
};

// Range of an accepted number; messages say "must be >= 0", "must be > 0", "must be in [0, 1]".
struct NumberRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // min itself excluded
  bool max_open = false;
  // Why the range is what it is, appended to the error ("times are whole ns up to ..."); or null.
  const char* why = nullptr;

  bool contains(double x) const;
  std::string describe() const;  // ">= 0", "> 0", "in [0, 1]", "in (0, 100)"
};
NumberRange any_number();
NumberRange at_least(double min);
NumberRange greater_than(double min);
NumberRange between(double min, double max);  // closed

class MapReader;

class YamlValue {
 public:
  // `key_mark`: position of the key this value belongs to (used for null values); defaults to
  // the node's own position.
  YamlValue(const YamlSource& source, YAML::Node node, std::string path,
            std::optional<YAML::Mark> key_mark = std::nullopt);

  const YamlSource& source() const { return *source_; }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  YAML::Mark mark() const;

  bool is_null() const { return !node_.IsDefined() || node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_list() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  // "path: message" at this value's position (or attributed to its --set).
  [[noreturn]] void fail(std::string_view message) const;
  // The same error, unthrown, for callers that wrap exceptions from factories.
  core::ConfigError error(std::string_view message) const;

  // Scalars. Errors: "expected a number, got 'abc'", "must be a finite number (got .nan)",
  // "expected an integer, got '1.5'", "integer out of range", "must be >= 1 (got 0)".
  double as_number(NumberRange range = any_number()) const;
  std::int64_t as_int64(std::int64_t min, std::int64_t max) const;
  int as_int(int min, int max) const;
  std::uint64_t as_uint64() const;
  bool as_bool() const;
  std::string as_string() const;
  // One of `names` (an enum spelled as YAML writes it); the error lists them.
  std::string as_choice(std::string_view what, const std::vector<std::string>& names) const;

  // Elements of a list (null = empty list), each with path "<path>.<index>".
  std::vector<YamlValue> as_list() const;

  // What the value is, for "expected X, got Y": "'abc'", "a map", "a list", "nothing".
  std::string describe() const;

 private:
  std::string scalar_text() const;  // REQUIRES: is_scalar()

  const YamlSource* source_;
  YAML::Node node_;
  std::string path_;
  std::optional<YAML::Mark> key_mark_;
};

// A map whose keys are checked against a declared list. A null value reads as an empty map.
class MapReader {
 public:
  // Throws for a non-map, a non-scalar or duplicate key, or a key not in `allowed`.
  MapReader(const YamlValue& value, std::initializer_list<std::string_view> allowed);
  MapReader(const YamlValue& value, std::vector<std::string> allowed);

  const YamlValue& value() const { return value_; }
  const std::string& path() const { return value_.path(); }
  [[noreturn]] void fail(std::string_view message) const { value_.fail(message); }

  // For maps whose valid keys depend on a kind read first: every present key outside `valid`
  // is an error "key 'cv' is not valid for <what>" (valid keys listed).
  void restrict_to(std::initializer_list<std::string_view> valid, std::string_view what) const;
  void restrict_to(const std::vector<std::string>& valid, std::string_view what) const;

  bool has(std::string_view key) const;
  std::optional<YamlValue> get(std::string_view key) const;
  // Error "<path>.<key>: required key is missing" at the map when absent.
  YamlValue require(std::string_view key) const;

  // Typed getters: leave `out` (the default) untouched when the key is absent.
  void number(std::string_view key, double& out, NumberRange range = any_number()) const;
  void integer(std::string_view key, int& out, int min, int max) const;
  void integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) const;
  void uint64(std::string_view key, std::uint64_t& out) const;
  void boolean(std::string_view key, bool& out) const;
  void string(std::string_view key, std::string& out) const;

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  const Entry* find(std::string_view key) const;
  void check_allowed(std::string_view key) const;  // SERVESIM_ASSERT: a getter's key is declared

  YamlValue value_;
  std::vector<std::string> allowed_;
  std::vector<Entry> entries_;
};

// Entries of a map with free-form keys (model names, batch sizes), in file order, duplicates
// rejected. Each element: (key as a value with path "<path>.<key>", value).
std::vector<std::pair<YamlValue, YamlValue>> map_entries(const YamlValue& value);

}  // namespace servesim::io
