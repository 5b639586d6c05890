// File: sim/io/field_table.hpp
//
// One declaration per scenario key, as ns-3's AddAttribute or SST's SST_ELI_DOCUMENT_PARAMS:
// a key's name, type, unit, default, valid range and one line of meaning sit in one row, with
// how to read it from YAML and how to print it back. Every tool reads that row:
//  - the YAML reader: the map's allowed keys (unknown keys, did-you-mean) and the reading;
//  - `servesim check`: the printer of the resolved scenario;
//  - `--set`: an override is checked by the same reader as the file;
//  - `servesim keys` and the reference tables of docs/scenario.md (scenario_keys.hpp).
//
// A config has one FieldTable<Config>, in the order the keys are read, printed and listed,
// next to its reader (`redundancy_fields()` in policy_yaml.cpp). Plain members use the builders
// below (number_field, integer_field, ...), whose default comes from the config struct itself;
// keys read by more than a range check use custom_field with their own read/print lambdas.
// A map whose first row is a kind (an arrival's `kind`, a distribution's `dist`) marks the rows
// of some kinds with .only_for() and is read with read_kind_map. docs/architecture.md,
// "Declaring a key", shows how to add one.
#pragma once

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/did_you_mean.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// What a tool shows about a key. Plain text, except `meaning`, which may hold markdown `code`.
struct KeyInfo {
  std::string type;           // integer, number, string, boolean, DIST, map, list of ...
  std::string unit;           // ms, s, per s, bytes, ...; "" when none
  std::string default_value;  // as YAML would write it, or words ("required", "not set")
  std::string valid;          // ">= 0", "in [1, 1000]", "none, hedge, ..."; "" when anything goes
  std::string meaning;        // one line
};

// A key as listed: its dotted path (I for a list index, NAME for a free map key) and the kinds
// of its map that take it (empty: every kind).
struct KeyDoc : KeyInfo {
  std::string path;
  std::vector<std::string> kinds;
};

template <class Config>
struct Field;
template <class Config>
using FieldTable = std::vector<Field<Config>>;
template <class Config>
void append_key_docs(std::vector<KeyDoc>& out, std::string_view prefix,
                     const FieldTable<Config>& table);

template <class Config>
struct Field {
  using Reader = std::function<void(const YamlValue& value, Config& out, const MapReader& map)>;
  using Printer = std::function<void(YAML::Emitter& out, const Config& config)>;
  using Condition = std::function<bool(const Config& config)>;

  std::string name;
  KeyInfo doc;
  bool required = false;  // absent => "required key is missing" at the map
  Condition required_if;  // required only when this holds of the keys read before it
  Reader read;            // a present value into `out`; `map` for checks against siblings
  Printer print;          // the value (the key is written by print_fields); empty: not printed
  Condition printed;      // empty: printed whenever `print` is set
  // For a map whose `kind` picks the keys it takes: the kinds that take this one (empty: all).
  std::vector<std::string> kinds;
  // For a nested map or list: lists its keys below this one's path (for the docs).
  std::function<void(std::vector<KeyDoc>& out, std::string_view path)> nested;

  // Chainable adjustments, so a table row stays one expression.
  Field& valid(std::string text) {
    doc.valid = std::move(text);
    return *this;
  }
  Field& default_is(std::string text) {
    doc.default_value = std::move(text);
    return *this;
  }
  Field& unit(std::string text) {
    doc.unit = std::move(text);
    return *this;
  }
  // Only maps of these kinds take the key (read_kind_map).
  Field& only_for(std::vector<std::string> kind_names) {
    kinds = std::move(kind_names);
    return *this;
  }
  Field& printed_when(Condition condition) {
    printed = std::move(condition);
    return *this;
  }
  // The keys of this map (or of each element of this list, with `element` = "I") are
  // declared by `table`.
  template <class Sub>
  Field& with_keys(const FieldTable<Sub>& (*table)(), std::string element = "") {
    nested = [table, element](std::vector<KeyDoc>& out, std::string_view path) {
      append_key_docs(out, element.empty() ? std::string(path) : join_path(path, element), table());
    };
    return *this;
  }
  Field& must_be_given() {
    required = true;
    doc.default_value = "required";
    return *this;
  }
  // Required when `condition` holds of the keys read before this one; `when` says so in docs.
  Field& must_be_given_if(Condition condition, std::string when) {
    required_if = std::move(condition);
    doc.default_value = "required " + when;
    return *this;
  }
};

// ---------------------------------------------------------------------------------------------
// Using a table

template <class Config>
std::vector<std::string> field_names(const FieldTable<Config>& table) {
  std::vector<std::string> names;
  names.reserve(table.size());
  for (const Field<Config>& field : table) names.push_back(field.name);
  return names;
}

// Reads every key of `map` that `table` declares, in table order, into `out`; keys left out
// keep the value `out` had (its default). REQUIRES: `map` was built from field_names(table)
// (or a superset that includes it).
template <class Config>
void read_field(const MapReader& map, const Field<Config>& field, Config& out) {
  if (!field.read) return;
  if (const auto value = map.get(field.name)) {
    field.read(*value, out, map);
  } else if (field.required || (field.required_if && field.required_if(out))) {
    (void)map.require(field.name);  // throws "required key is missing"
  }
}

template <class Config>
void read_fields(const MapReader& map, const FieldTable<Config>& table, Config& out) {
  for (const Field<Config>& field : table) read_field(map, field, out);
}

// A map of exactly `table`'s keys, read into `out`. Returns the reader for checks that follow.
template <class Config>
MapReader read_map(const YamlValue& value, const FieldTable<Config>& table, Config& out) {
  MapReader map(value, field_names(table));
  read_fields(map, table, out);
  return map;
}

// Writes "key: value" for `field` if it is printed for `config`.
template <class Config>
void print_field(YAML::Emitter& out, const Field<Config>& field, const Config& config) {
  if (!field.print || (field.printed && !field.printed(config))) return;
  out << YAML::Key << field.name << YAML::Value;
  field.print(out, config);
}

// Writes "key: value" for each printed key of `table`, in table order, into the map the caller
// has begun.
template <class Config>
void print_fields(YAML::Emitter& out, const FieldTable<Config>& table, const Config& config) {
  for (const Field<Config>& field : table) print_field(out, field, config);
}

// ---------------------------------------------------------------------------------------------
// Maps whose first row is a kind (`kind`, `dist`) that picks which of the other rows the map
// takes (Field::kinds): the arrival processes, the distribution families.

template <class Config>
bool takes_kind(const Field<Config>& field, std::string_view kind) {
  return field.kinds.empty() ||
         std::find(field.kinds.begin(), field.kinds.end(), kind) != field.kinds.end();
}

// The keys a map of kind `kind` takes, in table order.
template <class Config>
std::vector<std::string> field_names_of_kind(const FieldTable<Config>& table,
                                             std::string_view kind) {
  std::vector<std::string> names;
  for (const Field<Config>& field : table) {
    if (takes_kind(field, kind)) names.push_back(field.name);
  }
  return names;
}

// Reads the kind (table.front(); absent: `out` keeps its default kind, or "required key is
// missing" for a required one), refuses the keys of other kinds ("key 'cv' is not valid for
// <what> 'poisson'"), then reads the kind's other rows as read_fields does. `kind_name(out)`: the
// kind as YAML writes it. Checks across rows that need all of them (a distribution's factory)
// follow with the returned reader.
template <class Config, class KindName>
MapReader read_kind_map(const YamlValue& value, const FieldTable<Config>& table, Config& out,
                        KindName kind_name, std::string_view what) {
  MapReader map(value, field_names(table));
  read_field(map, table.front(), out);
  const std::string kind = kind_name(out);
  map.restrict_to(field_names_of_kind(table, kind), fmt::format("{} '{}'", what, kind));
  for (std::size_t index = 1; index < table.size(); ++index) {
    if (takes_kind(table[index], kind)) read_field(map, table[index], out);
  }
  return map;
}

// print_fields for the rows that kind `kind` takes.
template <class Config>
void print_fields_of_kind(YAML::Emitter& out, const FieldTable<Config>& table,
                          const Config& config, std::string_view kind) {
  for (const Field<Config>& field : table) {
    if (takes_kind(field, kind)) print_field(out, field, config);
  }
}

// The keys' docs, with paths "<prefix>.<name>" ("<name>" for an empty prefix).
template <class Config>
void append_key_docs(std::vector<KeyDoc>& out, std::string_view prefix,
                     const FieldTable<Config>& table) {
  for (const Field<Config>& field : table) {
    KeyDoc doc;
    static_cast<KeyInfo&>(doc) = field.doc;
    doc.path = join_path(prefix, field.name);
    doc.kinds = field.kinds;
    const std::string path = doc.path;
    out.push_back(std::move(doc));
    const std::size_t first_child = out.size();
    if (field.nested) field.nested(out, path);
    // The keys of a map that only some kinds take are only for those kinds too.
    for (std::size_t child = first_child; child < out.size(); ++child) {
      if (out[child].kinds.empty()) out[child].kinds = field.kinds;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Builders for plain members. The default shown is the member's value in a default-constructed
// Config, so the struct's initialiser is the only place a default is written.

// A default-constructed Config, whose members are the defaults the tables show.
template <class Config>
const Config& default_config() {
  static const Config config = Config();
  return config;
}

// "in [1, 10000]", ">= 1": the range of an integer key, as errors state it.
template <class Int>
std::string integer_range_text(Int min, Int max) {
  if (max == std::numeric_limits<Int>::max()) return fmt::format(">= {}", min);
  return fmt::format("in [{}, {}]", min, max);
}

template <class Config>
Field<Config> number_field(std::string name, double Config::*member, NumberRange range,
                           std::string unit, std::string meaning) {
  Field<Config> field;
  field.name = name;
  field.doc = {"number", std::move(unit), format_number(default_config<Config>().*member),
               range.describe(), std::move(meaning)};
  field.read = [member, range](const YamlValue& value, Config& out, const MapReader&) {
    out.*member = value.as_number(range);
  };
  field.print = [member](YAML::Emitter& out, const Config& config) {
    out << format_number(config.*member);
  };
  return field;
}

template <class Config, class Int>
Field<Config> integer_field(std::string name, Int Config::*member, Int min, Int max,
                            std::string unit, std::string meaning) {
  Field<Config> field;
  field.name = name;
  field.doc = {"integer", std::move(unit), fmt::format("{}", default_config<Config>().*member),
               integer_range_text(min, max), std::move(meaning)};
  field.read = [member, min, max](const YamlValue& value, Config& out, const MapReader&) {
    out.*member = static_cast<Int>(value.as_int64(min, max));
  };
  field.print = [member](YAML::Emitter& out, const Config& config) {
    out << fmt::format("{}", config.*member);
  };
  return field;
}

template <class Config>
Field<Config> string_field(std::string name, std::string Config::*member, std::string meaning) {
  Field<Config> field;
  field.name = name;
  const std::string initial = default_config<Config>().*member;
  field.doc = {"string", "", initial.empty() ? "\"\"" : initial, "", std::move(meaning)};
  field.read = [member](const YamlValue& value, Config& out, const MapReader&) {
    out.*member = value.as_string();
  };
  field.print = [member](YAML::Emitter& out, const Config& config) { out << config.*member; };
  return field;
}

// One of `names`; `what` names the choice in errors ("copy priority").
template <class Config>
Field<Config> choice_field(std::string name, std::string Config::*member, std::string what,
                           std::vector<std::string> names, std::string meaning) {
  Field<Config> field = string_field(std::move(name), member, std::move(meaning));
  field.doc.valid = join_names(names);
  field.read = [member, what, names](const YamlValue& value, Config& out, const MapReader&) {
    out.*member = value.as_choice(what, names);
  };
  return field;
}

template <class Config>
Field<Config> boolean_field(std::string name, bool Config::*member, std::string meaning) {
  Field<Config> field;
  field.name = name;
  field.doc = {"boolean", "", default_config<Config>().*member ? "true" : "false", "true, false",
               std::move(meaning)};
  field.read = [member](const YamlValue& value, Config& out, const MapReader&) {
    out.*member = value.as_bool();
  };
  field.print = [member](YAML::Emitter& out, const Config& config) {
    out << (config.*member ? "true" : "false");
  };
  return field;
}

// A key read and printed by its own code: a nested map, a distribution, a cross-checked value.
template <class Config>
Field<Config> custom_field(std::string name, KeyInfo doc, typename Field<Config>::Reader read,
                           typename Field<Config>::Printer print = {}) {
  Field<Config> field;
  field.name = std::move(name);
  field.doc = std::move(doc);
  field.read = std::move(read);
  field.print = std::move(print);
  return field;
}

}  // namespace servesim::io
