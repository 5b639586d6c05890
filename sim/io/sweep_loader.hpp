// File: sim/io/sweep_loader.hpp
//
// The sweep file (`servesim sweep SWEEP.yaml`) -> SweepSpec: which base scenario, which dotted
// keys take which values, how many replications, how seeds are chosen. Only the file's own shape
// is checked here (keys, types, equal zip lengths); whether a swept key and value make a valid
// scenario is checked by run/sweep_plan.cpp, which loads every point through the scenario loader
// and reports errors at the value's position in the sweep file.
//
//   name:          sweep name (string; default: the sweep file's name without .yaml)
//   base:          the base scenario (path; required). Relative to the sweep file's directory
//                  first, then the current directory, then the sweep directory's parents.
//   grid:          {dotted.key: [v1, v2, ...], ...}: the cartesian product, first key slowest
//   zip:           {dotted.key: [...], ...}: paired values, every list the same length; one more
//                  dimension of the product, after (inside) the grid keys. A list of such maps is
//                  several zip groups, each its own dimension (in file order, the last innermost).
//                  A group may hold `label: [...]` (same length): a name for each of its entries.
//   label:         a point's label, from a template: `{dotted.key}` is that key's value, `{zip}`
//                  the zip labels of the point joined by spaces (default template: `{zip}`)
//   outputs:       {cdf: bool}: also write each point's cdf.csv (and per replication) under
//                  DIR/points/<point id>/
//   replications:  replications per point (integer in [1, 10000]; default: the base scenario's
//                  run.replications)
//   seeds:         common (default: every point uses the base seed, replication r uses stream
//                  set r, i.e. common random numbers across points) | independent (each point's
//                  seed is derived from the base seed and a hash of its swept values)
//
// Values may be scalars (`4000`, `hedge`) or flow collections (`{kind: hedge, delay: 5}`); each
// becomes the text of one `--set key=value`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim::io {

struct SweptValue {
  std::string text;            // YAML text of the value, as --set takes it and sweep.csv shows it
  core::SourceLocation where;  // position of the value in the sweep file
};

struct SweptKey {
  std::string key;  // dotted path into the scenario (`workload.arrival.rate`)
  std::vector<SweptValue> values;
  core::SourceLocation where;  // position of the key in the sweep file
};

// One zip group: keys advancing together, with an optional label per entry.
struct ZipGroup {
  std::vector<SweptKey> keys;      // in file order; all with the same number of values
  std::vector<SweptValue> labels;  // empty, or one per entry
  std::size_t size() const { return keys.empty() ? labels.size() : keys.front().values.size(); }
};

enum class SweepSeeds { kCommon, kIndependent };

// Files written per point besides the sweep.csv row.
struct SweepOutputs {
  bool cdf = false;  // DIR/points/<id>/cdf.csv (+ cdf.<r>.csv with several replications)
};

struct SweepSpec {
  std::string file;  // the sweep file, as given
  std::string name;
  std::string base;  // the base scenario, as found (usable from the current directory)
  core::SourceLocation base_where;
  std::vector<SweptKey> grid;       // in file order
  std::vector<ZipGroup> zips;       // in file order, the last one innermost
  // The label template (`label:`); empty: none given (the zip labels, if any, are the label).
  std::string label;
  core::SourceLocation label_where;
  SweepOutputs outputs;
  std::optional<int> replications;  // nullopt: the base scenario's run.replications
  SweepSeeds seeds = SweepSeeds::kCommon;
};

// Reads and checks `file`. Throws core::ConfigError at file:line:col.
SweepSpec load_sweep(const std::string& file);
// The same from text already read; `file` names it in messages and anchors `base`.
SweepSpec load_sweep_text(const std::string& text, const std::string& file);

}  // namespace servesim::io
