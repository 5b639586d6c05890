// File: sim/io/set_text.hpp
//
// What the files that name scenario keys and values (sweeps, calibrations) share with `--set`:
// a key path as `--set` takes it, a YAML value written back as `--set` text, and a yaml-cpp mark
// as a file position.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// file:line:col (1-based) of a yaml-cpp mark; line and column 0 when the mark is unknown.
core::SourceLocation mark_location(const std::string& file, const YAML::Mark& mark);

// The value as --set takes it: the scalar as written, or a collection in YAML flow style.
std::string set_value_text(const YamlValue& value);

// A dotted key path `--set` could apply: not empty, no empty part, no '='.
bool valid_key_path(const std::string& key);

// The parts of a dotted key path: "pools.0.instances" -> {"pools", "0", "instances"}.
std::vector<std::string> split_key_path(const std::string& path);

}  // namespace servesim::io
