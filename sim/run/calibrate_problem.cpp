// File: sim/run/calibrate_problem.cpp
#include "sim/run/calibrate_problem.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"
#include "sim/io/file_access.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/set_text.hpp"
#include "sim/io/yaml_reader.hpp"
#include "sim/run/calibrate_metrics.hpp"
#include "sim/run/latency_distance.hpp"
#include "sim/run/parallel_for.hpp"
#include "sim/run/simulation.hpp"
#include "sim/run/summarize.hpp"

namespace servesim::run {

namespace {

// Whether `path` leads to a number in `root` (map keys, list indices).
bool names_number(const YAML::Node& root, const std::string& path) {
  YAML::Node current;
  current.reset(root);
  for (const std::string& segment : io::split_key_path(path)) {
    if (current.IsMap()) {
      const YAML::Node child = current[segment];
      if (!child.IsDefined()) return false;
      current.reset(child);
    } else if (current.IsSequence()) {
      const auto index = io::parse_int64(segment);
      if (index.status != io::NumberStatus::kOk || index.value < 0 ||
          static_cast<std::size_t>(index.value) >= current.size()) {
        return false;
      }
      current.reset(current[static_cast<std::size_t>(index.value)]);
    } else {
      return false;
    }
  }
  return current.IsScalar() && io::parse_double(current.Scalar()).status == io::NumberStatus::kOk;
}

struct Candidate {
  io::Override override;
  core::SourceLocation where;
  std::string label;  // "free.KEY: min 0.1" or "set.KEY: value V"
};

// A loader error for one point, moved to the calibration file: at the value when it is about
// one of the point's --set overrides, else at `fallback` with the point named.
core::ConfigError relocate(const core::ConfigError& error, const std::vector<Candidate>& candidates,
                           const core::SourceLocation& fallback, const std::string& point) {
  const std::string message = error.what();
  for (const Candidate& candidate : candidates) {
    const std::string prefix =
        "--set " + candidate.override.path + "=" + candidate.override.value + ": ";
    if (message.rfind(prefix, 0) == 0) {
      return core::ConfigError(candidate.where,
                               candidate.label + ": " + message.substr(prefix.size()));
    }
  }
  // A check of a map that a --set changed below ("models.m.latency: mean must be > 0 (got -1)
  // (after --set models.m.latency.mean=-1)") is about that override too.
  for (const Candidate& candidate : candidates) {
    const std::string after =
        " (after --set " + candidate.override.path + "=" + candidate.override.value + ")";
    const std::size_t at = message.find(after);
    if (at != std::string::npos) {
      return core::ConfigError(candidate.where, candidate.label + ": " + message.substr(0, at) +
                                                    message.substr(at + after.size()));
    }
  }
  if (!error.where().file.empty()) {
    return core::ConfigError(
        error.where(), fmt::format("{} (calibration {}, point {})", message, fallback.file, point));
  }
  return core::ConfigError(fallback, fmt::format("point {}: {}", point, message));
}

std::string value_text(double value) { return fmt::format("{}", value); }

const std::string kBasePoint = "the base scenario";

}  // namespace

CalibrationProblem::CalibrationProblem(io::CalibrateSpec spec) : spec_(std::move(spec)) {
  base_ = io::load_scenario(spec_.base, spec_.command_line);
  replications_ = spec_.replications.value_or(base_.run.replications);
  for (const io::TargetRow& target : spec_.targets) {
    target_points_.push_back(point_for(target.overrides, !target.holdout));
  }
  for (const io::RequestLogTarget& log : spec_.request_logs) {
    log_points_.push_back(point_for(log.overrides, !log.holdout));
  }
  check_free_keys();
  check_points();
}

std::size_t CalibrationProblem::point_for(const std::vector<io::PlacedOverride>& overrides,
                                          bool fitted) {
  const auto same = [&](const Point& point) {
    if (point.overrides.size() != overrides.size()) return false;
    for (std::size_t idx = 0; idx < overrides.size(); ++idx) {
      if (point.overrides[idx].override.path != overrides[idx].override.path ||
          point.overrides[idx].override.value != overrides[idx].override.value) {
        return false;
      }
    }
    return true;
  };
  const auto found = std::find_if(points_.begin(), points_.end(), same);
  if (found != points_.end()) {
    found->fitted = found->fitted || fitted;
    return static_cast<std::size_t>(found - points_.begin());
  }
  points_.push_back({overrides, fitted});
  return points_.size() - 1;
}

std::vector<double> CalibrationProblem::to_values(const std::vector<double>& unit) const {
  std::vector<double> values;
  for (std::size_t idx = 0; idx < spec_.free.size(); ++idx) {
    const io::FreeKey& key = spec_.free[idx];
    const double u = std::clamp(unit[idx], 0.0, 1.0);
    double value = key.scale == io::FreeScale::kLog
                       ? std::exp(std::log(key.min) + u * (std::log(key.max) - std::log(key.min)))
                       : key.min + u * (key.max - key.min);
    values.push_back(std::clamp(value, key.min, key.max));  // exp/log round-off at the ends
  }
  return values;
}

std::vector<double> CalibrationProblem::to_unit(const std::vector<double>& values) const {
  std::vector<double> unit;
  for (std::size_t idx = 0; idx < spec_.free.size(); ++idx) {
    const io::FreeKey& key = spec_.free[idx];
    const double u =
        key.scale == io::FreeScale::kLog
            ? (std::log(values[idx]) - std::log(key.min)) / (std::log(key.max) - std::log(key.min))
            : (values[idx] - key.min) / (key.max - key.min);
    unit.push_back(std::clamp(u, 0.0, 1.0));
  }
  return unit;
}

std::vector<double> CalibrationProblem::start_values() const {
  std::vector<double> values;
  for (const io::FreeKey& key : spec_.free) {
    if (key.start) {
      values.push_back(*key.start);
    } else {
      values.push_back(key.scale == io::FreeScale::kLog ? std::sqrt(key.min * key.max)
                                                        : 0.5 * (key.min + key.max));
    }
  }
  return values;
}

std::vector<io::Override> CalibrationProblem::free_overrides(
    const std::vector<double>& values) const {
  std::vector<io::Override> overrides = spec_.command_line;
  for (std::size_t idx = 0; idx < spec_.free.size(); ++idx) {
    overrides.push_back({spec_.free[idx].key, value_text(values[idx])});
  }
  return overrides;
}

scenario::ScenarioConfig CalibrationProblem::load_point(const Point& point,
                                                        const std::vector<double>& values) const {
  std::vector<io::Override> overrides = free_overrides(values);
  for (const io::PlacedOverride& placed : point.overrides) overrides.push_back(placed.override);
  return io::load_scenario(spec_.base, overrides);
}

std::string CalibrationProblem::point_text(std::size_t point) const {
  std::vector<io::Override> overrides;
  for (const auto& placed : points_[point].overrides) overrides.push_back(placed.override);
  return io::overrides_text(overrides, kBasePoint);
}

void CalibrationProblem::check_free_keys() {
  const io::FileText text = io::read_text_file(spec_.base, io::kMaxYamlBytes);
  SERVESIM_ASSERT(text.ok, "the base scenario loaded but cannot be read again");
  const YAML::Node raw = io::parse_yaml_text(text.text, spec_.base);
  const YAML::Node resolved = YAML::Load(io::resolved_scenario_yaml(base_));
  for (const io::FreeKey& key : spec_.free) {
    if (!names_number(raw, key.key) && !names_number(resolved, key.key)) {
      throw core::ConfigError(
          key.where, fmt::format("free.{}: not a number of the base scenario {} (neither in the "
                                 "file nor among its defaults; `servesim check {}` prints every "
                                 "key with its value)",
                                 key.key, spec_.base, spec_.base));
    }
  }
  // Each bound must give a valid scenario (the others at their start values).
  const std::vector<double> start = start_values();
  for (std::size_t idx = 0; idx < spec_.free.size(); ++idx) {
    const io::FreeKey& key = spec_.free[idx];
    for (const bool upper : {false, true}) {
      std::vector<double> values = start;
      values[idx] = upper ? key.max : key.min;
      const std::vector<io::Override> overrides = free_overrides(values);
      std::vector<Candidate> candidates;
      const io::Override& bound = overrides[spec_.command_line.size() + idx];
      candidates.push_back(
          {bound, upper ? key.max_where : key.min_where,
           fmt::format("free.{}: {} {}", key.key, upper ? "max" : "min", bound.value)});
      try {
        check_buildable(io::load_scenario(spec_.base, overrides));
      } catch (const core::ConfigError& error) {
        throw relocate(error, candidates, key.where, io::overrides_text(overrides, kBasePoint));
      }
    }
  }
}

void CalibrationProblem::check_points() {
  const std::vector<double> start = start_values();
  const std::vector<io::Override> free = free_overrides(start);
  for (const io::TargetRow& target : spec_.targets) {
    if (const std::string problem = calibration_metric_problem(target.metric); !problem.empty()) {
      throw core::ConfigError(target.metric_where, "metric: " + problem);
    }
  }
  for (const Point& point : points_) {
    std::vector<Candidate> candidates;
    for (std::size_t idx = 0; idx < spec_.free.size(); ++idx) {
      const io::Override& value = free[spec_.command_line.size() + idx];
      candidates.push_back({value, spec_.free[idx].where,
                            fmt::format("free.{}: start {}", value.path, value.value)});
    }
    for (const io::PlacedOverride& placed : point.overrides) {
      for (const io::FreeKey& key : spec_.free) {
        if (placed.override.path == key.key) {
          throw core::ConfigError(
              placed.where,
              fmt::format("set.{}: is a free key; a target cannot fix its value", key.key));
        }
      }
      candidates.push_back(
          {placed.override, placed.where,
           fmt::format("set.{}: value {}", placed.override.path, placed.override.value)});
    }
    const core::SourceLocation fallback =
        point.overrides.empty() ? spec_.base_where : point.overrides.front().where;
    std::vector<io::Override> all = free;
    for (const auto& placed : point.overrides) all.push_back(placed.override);
    try {
      check_buildable(io::load_scenario(spec_.base, all));
    } catch (const core::ConfigError& error) {
      throw relocate(error, candidates, fallback, io::overrides_text(all, kBasePoint));
    }
  }
}

Evaluation CalibrationProblem::evaluate(const std::vector<double>& values, int jobs,
                                        bool holdouts) const {
  std::vector<std::size_t> needed;
  for (std::size_t point = 0; point < points_.size(); ++point) {
    if (points_[point].fitted || holdouts) needed.push_back(point);
  }
  std::vector<scenario::ScenarioConfig> configs(points_.size());
  for (const std::size_t point : needed) configs[point] = load_point(points_[point], values);

  const auto reps = static_cast<std::size_t>(replications_);
  std::vector<std::vector<ReplicationResult>> results(points_.size());
  for (const std::size_t point : needed) results[point].resize(reps);
  parallel_for(needed.size() * reps, jobs, [&](std::size_t item) {
    const std::size_t point = needed[item / reps];
    const std::size_t rep = item % reps;
    results[point][rep] = run_replication(configs[point], rep);
  });

  std::vector<std::optional<io::Summary>> summaries(points_.size());
  for (const std::size_t point : needed)
    summaries[point] = summarize(configs[point], results[point]);

  Evaluation evaluation;
  evaluation.values = values;
  for (std::size_t idx = 0; idx < spec_.targets.size(); ++idx) {
    const io::TargetRow& target = spec_.targets[idx];
    const std::size_t point = target_points_[idx];
    if (!summaries[point]) {
      evaluation.targets.emplace_back();
      continue;
    }
    const std::optional<MetricValue> metric = read_metric(*summaries[point], target.metric);
    if (!metric || !std::isfinite(metric->value)) {
      throw core::ConfigError(
          target.metric_where,
          fmt::format("metric: {} has no value at point {} (a pool this scenario does not "
                      "have, or a figure it does not report)",
                      target.metric, point_text(point)));
    }
    TargetResult result{metric->value, metric->ci95, 0};
    const double error = metric->value - target.observed;
    result.residual = target.sigma ? error / *target.sigma
                                   : std::sqrt(target.weight) * error / std::abs(target.observed);
    if (!target.holdout) evaluation.objective += result.residual * result.residual;
    evaluation.targets.emplace_back(result);
  }
  for (std::size_t idx = 0; idx < spec_.request_logs.size(); ++idx) {
    const io::RequestLogTarget& log = spec_.request_logs[idx];
    const std::size_t point = log_points_[idx];
    if (!summaries[point]) {
      evaluation.logs.emplace_back();
      continue;
    }
    const stats::LatencyHistogram merged = merged_latency(results[point]);
    if (merged.count() == 0) {
      throw core::ConfigError(
          log.where, fmt::format("request_log: point {} answered no request", point_text(point)));
    }
    const double distance = log.distance == io::LogDistance::kKolmogorovSmirnov
                                ? kolmogorov_smirnov(merged, log.latencies_ms)
                                : wasserstein_log(merged, log.latencies_ms);
    TargetResult result{distance, std::nullopt, std::sqrt(log.weight) * distance};
    if (!log.holdout) evaluation.objective += result.residual * result.residual;
    evaluation.logs.emplace_back(result);
  }
  return evaluation;
}

}  // namespace servesim::run
