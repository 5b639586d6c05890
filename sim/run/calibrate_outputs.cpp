// File: sim/run/calibrate_outputs.cpp
#include "sim/run/calibrate_outputs.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/core/error.hpp"
#include "sim/io/file_access.hpp"
#include "sim/io/overrides.hpp"
#include "sim/io/sweep_csv.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::run {

namespace {

using Json = nlohmann::ordered_json;

Json values_object(const CalibrationProblem& problem, const std::vector<double>& values) {
  Json object = Json::object();
  for (std::size_t idx = 0; idx < values.size(); ++idx) {
    object[problem.spec().free[idx].key] = values[idx];
  }
  return object;
}

std::string number(double value) { return fmt::format("{}", value); }
std::string number(const std::optional<double>& value) { return value ? number(*value) : ""; }

}  // namespace

std::string fit_json_text(const CalibrationProblem& problem, const CalibrationOutcome& outcome) {
  const io::CalibrateSpec& spec = problem.spec();
  Json json;
  json["calibration"] = spec.name;
  json["base"] = spec.base;
  json["algorithm"] = io::algorithm_name(spec.optimizer.algorithm);
  json["replications"] = problem.replications();
  json["seed"] = problem.base().seed;
  Json free = Json::object();
  for (std::size_t idx = 0; idx < spec.free.size(); ++idx) {
    const io::FreeKey& key = spec.free[idx];
    free[key.key] = {{"value", outcome.best.values[idx]},
                     {"start", outcome.start.values[idx]},
                     {"min", key.min},
                     {"max", key.max},
                     {"scale", key.scale == io::FreeScale::kLog ? "log" : "linear"}};
  }
  json["free"] = free;
  json["objective"] = {{"start", outcome.start.objective}, {"final", outcome.best.objective}};
  json["evaluations"] = outcome.evaluations;
  json["max_evaluations"] = spec.optimizer.max_evaluations;
  json["stop_reason"] = outcome.stop_reason;
  std::size_t fitted = 0;
  std::size_t holdout = 0;
  for (const auto& target : spec.targets) (target.holdout ? holdout : fitted) += 1;
  for (const auto& log : spec.request_logs) (log.holdout ? holdout : fitted) += 1;
  json["targets"] = {{"fitted", fitted}, {"holdout", holdout}};
  Json history = Json::array();
  for (const HistoryEntry& entry : outcome.history) {
    history.push_back(
        {{"values", values_object(problem, entry.values)}, {"objective", entry.objective}});
  }
  json["history"] = history;
  return json.dump(2) + "\n";
}

namespace {

// fit.csv's columns; each line of fit_csv_text() writes its cells in this order.
constexpr io::OutputColumn kFitColumns[] = {
    {"kind", "", "",
     "`target`, `holdout`, `request_log` or `holdout_log` (holdouts are reported, never fitted)"},
    {"point", "", "",
     "the target's overrides (`key=value` pairs), or `the base scenario` when it has none"},
    {"metric", "", "",
     "the figure compared (a `servesim metrics` name), or a request log's distance"},
    {"observed", "", "",
     "the observed value (0 for a request log: the distance to it is simulated)"},
    {"sigma", "", "", "the observation's standard deviation, when given"},
    {"weight", "", "", "the target's weight when it has no `sigma`"},
    {"simulated", "", "", "the figure at the fitted values, mean over replications"},
    {"ci95", "", "", "Student-t 95% half-width of `simulated` over replications"},
    {"relative_error", "", "", "(simulated - observed) / |observed|; empty when observed is 0"},
    {"residual", "", "",
     "the row's term of the objective before squaring ([The objective](#the-objective))"},
};

}  // namespace

std::span<const io::OutputColumn> fit_csv_columns() { return kFitColumns; }

std::string fit_csv_text(const CalibrationProblem& problem, const CalibrationOutcome& outcome) {
  const io::CalibrateSpec& spec = problem.spec();
  std::string out = io::csv_header(kFitColumns) + "\n";
  const auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t idx = 0; idx < cells.size(); ++idx) {
      if (idx > 0) out += ',';
      out += io::csv_field(cells[idx]);
    }
    out += '\n';
  };
  for (std::size_t idx = 0; idx < spec.targets.size(); ++idx) {
    const io::TargetRow& target = spec.targets[idx];
    SERVESIM_ASSERT(outcome.best.targets[idx].has_value(), "final evaluation lacks a target");
    const TargetResult& result = *outcome.best.targets[idx];
    const std::string relative =
        target.observed != 0
            ? number((result.simulated - target.observed) / std::abs(target.observed))
            : "";
    line({target.holdout ? "holdout" : "target", problem.point_text(problem.target_point(idx)),
          target.metric, number(target.observed), number(target.sigma),
          target.sigma ? "" : number(target.weight), number(result.simulated), number(result.ci95),
          relative, number(result.residual)});
  }
  for (std::size_t idx = 0; idx < spec.request_logs.size(); ++idx) {
    const io::RequestLogTarget& log = spec.request_logs[idx];
    SERVESIM_ASSERT(outcome.best.logs[idx].has_value(), "final evaluation lacks a request log");
    const TargetResult& result = *outcome.best.logs[idx];
    line({log.holdout ? "holdout_log" : "request_log", problem.point_text(problem.log_point(idx)),
          io::distance_name(log.distance), "0", "", number(log.weight), number(result.simulated),
          "", "", number(result.residual)});
  }
  return out;
}

std::string fitted_scenario_text(const CalibrationProblem& problem,
                                 const std::vector<double>& values) {
  const io::CalibrateSpec& spec = problem.spec();
  const io::FileText text = io::read_text_file(spec.base, io::kMaxYamlBytes);
  SERVESIM_ASSERT(text.ok, "the base scenario loaded but cannot be read again");
  YAML::Node root = io::parse_yaml_text(text.text, spec.base);
  io::apply_overrides(root, problem.free_overrides(values));
  YAML::Emitter emitter;
  emitter << root;
  std::string head = fmt::format("# {} with the values fitted by `servesim calibrate {}`:\n",
                                 spec.base, spec.file);
  for (std::size_t idx = 0; idx < values.size(); ++idx) {
    head += fmt::format("#   {} = {}\n", spec.free[idx].key, number(values[idx]));
  }
  return head + emitter.c_str() + "\n";
}

}  // namespace servesim::run
