// File: sim/run/sweep_plan.cpp
#include "sim/run/sweep_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/io/file_access.hpp"
#include "sim/run/simulation.hpp"

namespace servesim::run {

namespace {

// The swept keys in column order, each with the block it came from.
struct KeyRef {
  const io::SweptKey* key;
  const char* block;  // "grid" or "zip"
};

std::vector<KeyRef> key_refs(const io::SweepSpec& spec) {
  std::vector<KeyRef> refs;
  for (const auto& key : spec.grid) refs.push_back({&key, "grid"});
  for (const auto& group : spec.zips) {
    for (const auto& key : group.keys) refs.push_back({&key, "zip"});
  }
  return refs;
}

// The number of points: the product of the grid sizes and the zip groups' lengths, checked
// against kMaxSweepPoints before anything is expanded.
std::size_t count_points(const io::SweepSpec& spec) {
  std::size_t total = 1;
  auto multiply = [&](std::size_t size) {
    if (size != 0 && total > kMaxSweepPoints / size)
      total = kMaxSweepPoints + 1;
    else
      total *= size;
  };
  for (const auto& key : spec.grid) multiply(key.values.size());
  for (const auto& group : spec.zips) multiply(group.size());
  if (total > kMaxSweepPoints) {
    throw core::ConfigError(core::SourceLocation{spec.file, 0, 0},
                            fmt::format("the sweep has more than {} points", kMaxSweepPoints));
  }
  return total;
}

// The digits as the index of each key's value, in KeyRef order (a zip group's digit repeated
// for each of its keys).
void key_indices(const io::SweepSpec& spec, const std::vector<std::size_t>& digits,
                 std::vector<std::size_t>& indices) {
  indices.assign(digits.begin(), digits.begin() + static_cast<std::ptrdiff_t>(spec.grid.size()));
  for (std::size_t group = 0; group < spec.zips.size(); ++group) {
    for (std::size_t key = 0; key < spec.zips[group].keys.size(); ++key) {
      indices.push_back(digits[spec.grid.size() + group]);
    }
  }
}

// Calls visit(point, digits, indices) for every point in order: digits holds one digit per grid
// key, then one per zip group (the entry index), an odometer with the last digit fastest;
// indices the index of each key's value (KeyRef order). One point at a time, so memory does not
// grow with the number of points (a 10^6-point dry run took 2.3 GB when all were expanded).
template <class Visit>
void for_each_indices(const io::SweepSpec& spec, Visit&& visit) {
  std::vector<std::size_t> radix;
  for (const auto& key : spec.grid) radix.push_back(key.values.size());
  for (const auto& group : spec.zips) radix.push_back(group.size());
  const std::size_t total = count_points(spec);
  std::vector<std::size_t> digit(radix.size(), 0);
  std::vector<std::size_t> indices;
  for (std::size_t point = 0; point < total; ++point) {
    key_indices(spec, digit, indices);
    visit(point, digit, indices);
    for (std::size_t pos = radix.size(); pos-- > 0;) {
      if (++digit[pos] < radix[pos]) break;
      digit[pos] = 0;
    }
  }
}

// The point's label: the template with `{key}` replaced by the point's value of that swept key
// and `{zip}` by its zip labels joined by spaces; without a template, the zip labels.
std::string point_label(const io::SweepSpec& spec, const std::vector<std::size_t>& digits,
                        const std::vector<io::Override>& overrides) {
  std::string zip;
  for (std::size_t group = 0; group < spec.zips.size(); ++group) {
    const auto& labels = spec.zips[group].labels;
    if (labels.empty()) continue;
    if (!zip.empty()) zip += ' ';
    zip += labels[digits[spec.grid.size() + group]].text;
  }
  if (spec.label.empty()) return zip;
  std::string out;
  for (std::size_t pos = 0; pos < spec.label.size();) {
    const std::size_t open = spec.label.find('{', pos);
    if (open == std::string::npos) {
      out += spec.label.substr(pos);
      break;
    }
    out += spec.label.substr(pos, open - pos);
    const std::size_t close = spec.label.find('}', open);
    if (close == std::string::npos) {
      throw core::ConfigError(spec.label_where, "label: '{' without a closing '}'");
    }
    const std::string name = spec.label.substr(open + 1, close - open - 1);
    if (name == "zip") {
      out += zip;
    } else {
      const auto found = std::find_if(overrides.begin(), overrides.end(),
                                      [&](const io::Override& o) { return o.path == name; });
      if (found == overrides.end()) {
        throw core::ConfigError(
            spec.label_where,
            fmt::format("label: '{{{}}}' is not a swept key (nor {{zip}})", name));
      }
      out += found->value;
    }
    pos = close + 1;
  }
  return out;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Re-locates a loader error for one point at the sweep file: at the swept value when the error
// is about one of the point's --set overrides, else with the point named.
core::ConfigError point_error(const core::ConfigError& error, const io::SweepSpec& spec,
                              const std::vector<KeyRef>& refs,
                              const std::vector<std::size_t>& indices,
                              const std::vector<io::Override>& overrides) {
  const std::string message = error.what();
  for (std::size_t idx = 0; idx < overrides.size(); ++idx) {
    const std::string prefix = "--set " + overrides[idx].path + "=" + overrides[idx].value + ": ";
    if (message.rfind(prefix, 0) == 0) {
      const io::SweptValue& value = refs[idx].key->values[indices[idx]];
      return core::ConfigError(
          value.where, fmt::format("{}.{}: value {}: {}", refs[idx].block, overrides[idx].path,
                                   overrides[idx].value, message.substr(prefix.size())));
    }
  }
  const std::string point = io::overrides_text(overrides, "the base scenario");
  if (!error.where().file.empty()) {
    return core::ConfigError(error.where(),
                             fmt::format("{} (sweep {}, point {})", message, spec.file, point));
  }
  return core::ConfigError(core::SourceLocation{spec.file, 0, 0},
                           fmt::format("point {}: {}", point, message));
}

}  // namespace

std::vector<std::vector<io::Override>> expand_points(const io::SweepSpec& spec) {
  const std::vector<KeyRef> refs = key_refs(spec);
  std::vector<std::vector<io::Override>> points;
  for_each_indices(spec, [&](std::size_t, const std::vector<std::size_t>&,
                             const std::vector<std::size_t>& indices) {
    std::vector<io::Override> overrides;
    for (std::size_t idx = 0; idx < refs.size(); ++idx) {
      overrides.push_back({refs[idx].key->key, refs[idx].key->values[indices[idx]].text});
    }
    points.push_back(std::move(overrides));
  });
  return points;
}

std::size_t point_count(const io::SweepSpec& spec) { return count_points(spec); }

std::uint64_t independent_seed(std::uint64_t base_seed,
                               const std::vector<io::Override>& overrides) {
  std::string text;
  for (const auto& override : overrides) text += override.path + "=" + override.value + "\n";
  return splitmix64(base_seed ^ core::fnv1a64(text));
}

SweepPlan make_plan(const io::SweepSpec& spec) {
  SweepPlan plan = plan_header(spec);
  plan.points.reserve(count_points(spec));
  for_each_point(spec, plan,
                 [&](std::size_t, SweepPoint&& point) { plan.points.push_back(std::move(point)); });
  return plan;
}

SweepPlan plan_header(const io::SweepSpec& spec) {
  SweepPlan plan;
  plan.file = spec.file;
  plan.name = spec.name;
  plan.seeds = spec.seeds;
  for (const KeyRef& ref : key_refs(spec)) plan.keys.push_back(ref.key->key);
  // Without `replications:` the base scenario's run.replications applies (the base is then
  // loaded alone, so an error in it is reported as the base file's, not a swept value's).
  plan.replications =
      spec.replications ? *spec.replications : io::load_scenario(spec.base).run.replications;
  plan.labelled = !spec.label.empty() ||
                  std::any_of(spec.zips.begin(), spec.zips.end(),
                              [](const io::ZipGroup& group) { return !group.labels.empty(); });
  plan.outputs = spec.outputs;
  return plan;
}

void for_each_point(const io::SweepSpec& spec, const SweepPlan& header,
                    const std::function<void(std::size_t, SweepPoint&&)>& visit) {
  const std::vector<KeyRef> refs = key_refs(spec);
  // Read once: every point is the same text with different overrides.
  const io::FileText base_text = io::read_text_file(spec.base);
  if (!base_text.ok) {
    throw core::ConfigError(spec.base_where,
                            "base: cannot open '" + spec.base + "': " + base_text.error);
  }
  for_each_indices(spec, [&](std::size_t index, const std::vector<std::size_t>& digits,
                             const std::vector<std::size_t>& indices) {
    SweepPoint point;
    for (std::size_t idx = 0; idx < refs.size(); ++idx) {
      point.overrides.push_back({refs[idx].key->key, refs[idx].key->values[indices[idx]].text});
    }
    if (header.labelled) point.label = point_label(spec, digits, point.overrides);
    try {
      point.config = io::load_scenario_text(base_text.text, spec.base, point.overrides);
      if (spec.seeds == io::SweepSeeds::kIndependent) {
        point.config.seed = independent_seed(point.config.seed, point.overrides);
      }
      point.config.run.replications = header.replications;
      check_buildable(point.config);
    } catch (const core::ConfigError& error) {
      throw point_error(error, spec, refs, indices, point.overrides);
    }
    // The replication count does not change any replication's result, so it is left out of the
    // identity: resuming with more replications reuses the rows already run.
    scenario::ScenarioConfig identity = point.config;
    identity.run.replications = 1;
    point.id = fmt::format("{:016x}", core::fnv1a64(io::resolved_scenario_yaml(identity)));
    visit(index, std::move(point));
  });
}

std::vector<std::size_t> shard_points(std::size_t points, int index, int count) {
  SERVESIM_ASSERT(count >= 1 && index >= 0 && index < count, "shard index out of range");
  std::vector<std::size_t> mine;
  for (std::size_t point = static_cast<std::size_t>(index); point < points;
       point += static_cast<std::size_t>(count)) {
    mine.push_back(point);
  }
  return mine;
}

}  // namespace servesim::run
