// File: sim/run/sweep_plan.hpp
//
// A sweep file (io::SweepSpec) -> the list of points to run, each a fully loaded and checked
// scenario. Expansion: `grid` keys form a cartesian product in file order, the first key varying
// slowest (as nested loops written in that order); `zip` keys advance together as one more
// dimension, innermost. Every point is the base scenario with one `--set key=value` per swept key,
// loaded through io::load_scenario, so a bad swept value is reported like a bad --set, but at the
// value's position in the sweep file.
//
// Seeds (documented in docs/sweep.md):
//  - common (default): every point keeps the base scenario's seed; replication r of every point
//    uses stream set r. Points then see the same arrivals, stragglers, ... (common random
//    numbers), so differences between points are differences of the design, not of luck, and the
//    row of (point, r) equals replication r of `servesim run BASE --set ...`.
//  - independent: point seed = mix(base seed, fnv1a64 of the point's "key=value" lines). It
//    depends only on the point's own values, never on its position, the order of execution or -j.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/io/scenario_loader.hpp"
#include "sim/io/sweep_loader.hpp"
#include "sim/scenario/scenario_config.hpp"

namespace servesim::run {

struct SweepPoint {
  std::vector<io::Override> overrides;  // one per swept key, in SweepPlan::keys order
  scenario::ScenarioConfig config;      // base + overrides; seed set by the sweep's seed scheme
  // 16 hex digits identifying what the point computes (hash of its resolved scenario, which
  // includes the seed). The row log is keyed by it, so --resume reuses a row only for an
  // unchanged point, even after the grid was edited.
  std::string id;
  std::string label;  // the point's label (SweepPlan::labelled), else empty
};

struct SweepPlan {
  std::string file;  // the sweep file
  std::string name;
  std::vector<std::string> keys;  // grid keys in file order, then zip keys
  // Whether points have labels: sweep.csv then has a `label` column after the swept keys.
  bool labelled = false;
  io::SweepOutputs outputs;
  std::vector<SweepPoint> points;
  int replications = 1;
  io::SweepSeeds seeds = io::SweepSeeds::kCommon;
};

// Sweeps beyond this many points are refused (a typo such as a 1e6-element list, not a study).
inline constexpr std::size_t kMaxSweepPoints = 1000000;

// The overrides of every point in point order, without loading anything.
// Throws core::ConfigError when the product exceeds kMaxSweepPoints.
std::vector<std::vector<io::Override>> expand_points(const io::SweepSpec& spec);

// The independent-scheme seed of a point: splitmix64(base_seed ^ fnv1a64("k1=v1\nk2=v2\n...")).
std::uint64_t independent_seed(std::uint64_t base_seed, const std::vector<io::Override>& overrides);

// Expands, loads and checks every point (run::check_buildable), so a sweep fails before it runs
// anything. Throws core::ConfigError naming the sweep file and the swept key.
SweepPlan make_plan(const io::SweepSpec& spec);

// The same in a stream, for `sweep --dry-run` (constant memory at 10^6 points): plan_header
// fills everything but `points`; for_each_point loads and checks each point in order and passes
// it to `visit` with its index, holding one point at a time.
SweepPlan plan_header(const io::SweepSpec& spec);
void for_each_point(const io::SweepSpec& spec, const SweepPlan& header,
                    const std::function<void(std::size_t, SweepPoint&&)>& visit);
// The number of points, without expanding them. Throws past kMaxSweepPoints.
std::size_t point_count(const io::SweepSpec& spec);

// Indices of the points of shard `index` of `count` (0 <= index < count): every point whose
// index is congruent to `index` mod `count`. Round-robin, so shards get a similar mix of cheap
// and expensive points along every swept key.
std::vector<std::size_t> shard_points(std::size_t points, int index, int count);

}  // namespace servesim::run
