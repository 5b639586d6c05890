// File: sim/io/overrides.hpp
//
// Applying --set overrides to the parsed scenario tree, before any checking, so an overridden
// value goes through exactly the checks a value in the file does. Missing maps on the way are
// created (`--set interference.failures.mttf_s=100` works on a scenario without interference);
// a list index equal to the list's length appends. The returned origins let errors at those
// paths name the --set instead of a file position.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "sim/io/scenario_loader.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// REQUIRES: root is a map. Throws core::ConfigError ("--set a.b=1: a: ...") for a path that
// cannot be followed or a value that is not YAML.
std::vector<OverrideOrigin> apply_overrides(YAML::Node& root,
                                            const std::vector<Override>& overrides);

}  // namespace servesim::io
