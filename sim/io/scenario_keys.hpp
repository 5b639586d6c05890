// File: sim/io/scenario_keys.hpp
//
// The catalogue of scenario keys, gathered from the readers' field tables (field_table.hpp), for
// `servesim keys` and the generated reference tables of docs/scenario.md. Nothing here declares
// a key: each section only names the table that does and the path it sits at. The parameters of
// a distribution (DIST, distribution_yaml.hpp) sit at the pseudo path `DIST`: `DIST.mean`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/io/field_table.hpp"

namespace servesim::io {

// One reference table of docs/scenario.md: the region between
// `<!-- BEGIN generated keys: ID -->` and `<!-- END generated keys: ID -->`.
struct KeySection {
  std::string id;  // "redundancy", "workload.arrival.gamma", ...
  std::vector<KeyDoc> keys;
};

// Every key, each once, parents before their children.
const std::vector<KeyDoc>& all_scenario_keys();

// Every section, in the order of docs/scenario.md.
const std::vector<KeySection>& scenario_key_sections();

// The keys at or below `prefix` (a dotted path; list indices may be written as numbers, as
// --set writes them: `pools.0.batching` = `pools.I.batching`), each once, in catalogue order.
// Empty prefix: every key.
std::vector<KeyDoc> scenario_keys(std::string_view prefix);

// A listing for the terminal: per key, "path  type, unit, default ..., valid ..." and its
// meaning on the next line.
std::string keys_listing(const std::vector<KeyDoc>& keys);

// The markdown table of one section (header included), as docs/scenario.md holds it.
// `kind_table`: the section is one kind's ("PATH:KIND"); otherwise a key that only some kinds
// take says which at the start of its meaning.
std::string keys_markdown_table(const std::vector<KeyDoc>& keys, bool kind_table = false);

// Every section as a marked region, for tools/scenario_doc.py.
std::string keys_markdown_regions();

}  // namespace servesim::io
