// File: sim/io/scenario_printer.cpp
//
// resolved_scenario_yaml: the loaded scenario written back as YAML with every key, for
// `servesim check`. It writes only keys the loader accepts, in forms it reads back to the same
// values: numbers in shortest round-trip form, lognormals as mu/sigma, files as the paths they
// were found at.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>

#include "sim/io/cluster_yaml.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/ensemble_yaml.hpp"
#include "sim/io/model_yaml.hpp"
#include "sim/io/serverless_yaml.hpp"
#include "sim/io/workload_yaml.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/policy_yaml.hpp"
#include "sim/io/scenario_loader.hpp"

namespace servesim::io {

namespace {

std::string number(double value) { return format_number(value); }
template <class Int>
std::string integer(Int value) {
  return fmt::format("{}", value);
}

// A trailing comment: one line, cut at a readable length (profiles' provenance texts run long;
// the profile file has them in full).
std::string one_line_note(std::string text) {
  constexpr std::size_t kMaxLength = 80;
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (text.size() > kMaxLength) text = text.substr(0, kMaxLength - 3) + "...";
  return text;
}

void emit_model(YAML::Emitter& out, const cluster::ModelConfig& model) {
  out << YAML::BeginMap;
  if (!model.profile.empty()) {
    out << YAML::Key << "profile" << YAML::Value << model.profile;
    if (!model.hardware.empty()) out << YAML::Comment(one_line_note("hardware: " + model.hardware));
  }
  out << YAML::Key << "latency_by_batch" << YAML::Value << YAML::BeginMap;
  for (const auto& [batch, spec] : model.latency_by_batch) {
    out << YAML::Key << integer(batch) << YAML::Value;
    emit_distribution(out, spec, true);
  }
  out << YAML::EndMap;
  if (model.accuracy) out << YAML::Key << "accuracy" << YAML::Value << number(*model.accuracy);
  out << YAML::EndMap;
}

}  // namespace

void print_models(YAML::Emitter& out, const std::map<std::string, cluster::ModelConfig>& models) {
  out << YAML::BeginMap;
  for (const auto& [name, model] : models) {
    out << YAML::Key << name << YAML::Value;
    emit_model(out, model);
  }
  out << YAML::EndMap;
}

std::string resolved_scenario_yaml(const scenario::ScenarioConfig& config) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment("resolved scenario: every key with its value, defaults filled in");
  out << YAML::BeginMap;
  print_fields(out, scenario_fields(), config);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace servesim::io
