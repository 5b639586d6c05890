// File: sim/io/referenced_file.hpp
//
// Reading a file that a YAML value names (a profile, a trace, a samples file): the path is
// resolved by the rules of the file the value is in (file_access.hpp), and failures to find or
// read it are errors at the value, e.g.
//   scenario.yaml:5:20: error: workload.arrival.file: cannot open 'traces/nope.csv': No such
//   file or directory
#pragma once

#include <string>

#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

struct ReferencedFile {
  std::string written;   // the path as the YAML wrote it
  std::string resolved;  // the path it was found at, usable from the current directory
  std::string text;
};

ReferencedFile read_referenced_file(const YamlValue& value);

// Where the file `value` names is, found by the rules of the file the value is in; an error at
// the value, "cannot open 'WRITTEN': No such file or directory", when no candidate exists. For
// readers that check the name or read the file their own way (a base scenario, a targets CSV).
std::string resolve_referenced_path(const YamlValue& value);

}  // namespace servesim::io
