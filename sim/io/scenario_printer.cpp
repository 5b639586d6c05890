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
  if (model.time_scale != 1) {
    out << YAML::Key << "time_scale" << YAML::Value << number(model.time_scale);
  }
  if (model.accuracy) out << YAML::Key << "accuracy" << YAML::Value << number(*model.accuracy);
  out << YAML::EndMap;
}

// The keys of one serverless function, into the map being written (serverless_yaml.cpp).
void emit_function_keys(YAML::Emitter& out, const cluster::FunctionConfig& function) {
  out << YAML::Key << "memory_mb" << YAML::Value << integer(function.memory_mb);
  out << YAML::Key << "cold_start" << YAML::Value;
  if (function.cold_start_profile.empty()) {
    emit_distribution(out, function.cold_start, true);
  } else {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "profile" << YAML::Value << function.cold_start_profile;
    out << YAML::EndMap;
    const dist::DistributionSpec& spec = function.cold_start;
    out << YAML::Comment(fmt::format("{}: median {:.6g}, p99 {:.6g}", dist::family_name(spec.family),
                                     dist::quantile_of(spec, 0.5), dist::quantile_of(spec, 0.99)));
  }
  out << YAML::Key << "model_load" << YAML::Value;
  emit_distribution(out, function.model_load, true);
  const policy::KeepAliveConfig& keep_alive = function.keep_alive;
  out << YAML::Key << "keep_alive" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "policy" << YAML::Value << keep_alive.policy;
  out << YAML::Key << "ttl_s" << YAML::Value << number(keep_alive.ttl_s);
  out << YAML::Key << "bin_s" << YAML::Value << number(keep_alive.bin_s);
  out << YAML::Key << "range_s" << YAML::Value << number(keep_alive.range_s);
  out << YAML::Key << "head_percentile" << YAML::Value << number(keep_alive.head_percentile);
  out << YAML::Key << "tail_percentile" << YAML::Value << number(keep_alive.tail_percentile);
  out << YAML::Key << "margin" << YAML::Value << number(keep_alive.margin);
  out << YAML::Key << "cv_threshold" << YAML::Value << number(keep_alive.cv_threshold);
  out << YAML::Key << "oob_threshold" << YAML::Value << number(keep_alive.oob_threshold);
  out << YAML::Key << "min_samples" << YAML::Value << integer(keep_alive.min_samples);
  out << YAML::EndMap;
  out << YAML::Key << "provisioned" << YAML::Value << integer(function.provisioned);
  out << YAML::Key << "concurrency_limit" << YAML::Value << integer(function.concurrency_limit);
  out << YAML::Key << "on_throttle" << YAML::Value
      << (function.on_throttle == cluster::ThrottleAction::kDrop ? "drop" : "retry");
  out << YAML::Key << "retry" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "base_ms" << YAML::Value << number(function.retry.base_ms);
  out << YAML::Key << "max_attempts" << YAML::Value << integer(function.retry.max_attempts);
  out << YAML::Key << "multiplier" << YAML::Value << number(function.retry.multiplier);
  out << YAML::EndMap;
  out << YAML::Key << "profile_vcpus" << YAML::Value << number(function.profile_vcpus);
  out << YAML::Key << "bill_init" << YAML::Value << (function.bill_init ? "true" : "false");
}

void emit_platform(YAML::Emitter& out, const cluster::PlatformConfig& platform) {
  if (platform.kind == cluster::PlatformKind::kServers) {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "kind" << YAML::Value << "servers";
    out << YAML::Key << "usd_per_instance_hour" << YAML::Value
        << number(platform.usd_per_instance_hour);
    out << YAML::EndMap;
    return;
  }
  const cluster::ServerlessConfig& serverless = platform.serverless;
  out << YAML::BeginMap;
  out << YAML::Key << "kind" << YAML::Value << "serverless";
  emit_function_keys(out, serverless.function);
  out << YAML::Key << "account_concurrency_limit" << YAML::Value
      << integer(serverless.account_concurrency_limit);
  out << YAML::Key << "pricing" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "usd_per_gb_s" << YAML::Value << number(serverless.pricing.usd_per_gb_s);
  out << YAML::Key << "usd_per_million_requests" << YAML::Value
      << number(serverless.pricing.usd_per_million_requests);
  out << YAML::Key << "usd_per_provisioned_gb_s" << YAML::Value
      << number(serverless.pricing.usd_per_provisioned_gb_s);
  out << YAML::EndMap;
  out << YAML::Key << "functions" << YAML::Value;
  if (serverless.functions.empty()) out << YAML::Flow;
  out << YAML::BeginMap;
  for (const auto& [pool, function] : serverless.functions) {
    out << YAML::Key << pool << YAML::Value << YAML::BeginMap;
    emit_function_keys(out, function);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::EndMap;
}

void emit_ensemble(YAML::Emitter& out, const policy::EnsembleConfig& ensemble) {
  out << YAML::BeginMap;
  out << YAML::Key << "members" << YAML::Value << YAML::Flow << ensemble.members;
  out << YAML::Key << "execution" << YAML::Value
      << (ensemble.execution == policy::EnsembleExecution::kSerial ? "serial" : "parallel");
  out << YAML::Key << "deadline" << YAML::Value << number(ensemble.deadline);
  if (ensemble.aggregation) {
    out << YAML::Key << "aggregation" << YAML::Value;
    emit_distribution(out, *ensemble.aggregation, false);
  }
  out << YAML::Key << "orchestrator" << YAML::Value << YAML::BeginMap;
  if (ensemble.transition) {
    out << YAML::Key << "transition" << YAML::Value;
    emit_distribution(out, *ensemble.transition, false);
  }
  if (ensemble.branch) {
    out << YAML::Key << "branch" << YAML::Value;
    emit_distribution(out, *ensemble.branch, false);
  }
  out << YAML::Key << "usd_per_transition" << YAML::Value << number(ensemble.usd_per_transition);
  out << YAML::EndMap;
  if (!ensemble.accuracy_table.empty()) {
    out << YAML::Key << "accuracy" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "table" << YAML::Value << ensemble.accuracy_table;
    out << YAML::Key << "dataset" << YAML::Value << ensemble.accuracy_dataset;
    if (!ensemble.fallback.empty()) {
      out << YAML::Key << "fallback" << YAML::Value << ensemble.fallback;
    }
    out << YAML::EndMap;
  }
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

void print_ensemble(YAML::Emitter& out, const policy::EnsembleConfig& ensemble) {
  emit_ensemble(out, ensemble);
}

void print_platform(YAML::Emitter& out, const cluster::PlatformConfig& platform) {
  emit_platform(out, platform);
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
