// File: sim/io/scenario_printer.cpp
//
// resolved_scenario_yaml: the loaded scenario written back as YAML with every key, for
// `servesim check`. It writes only keys the loader accepts, in forms it reads back to the same
// values: numbers in shortest round-trip form, lognormals as mu/sigma, files as the paths they
// were found at.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>

#include "sim/io/number_text.hpp"
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

// One distribution as a flow map. `comment`: add a readable note (lognormal median and p99)
// after it; only where a comment may follow (a value in a block map).
void emit_distribution(YAML::Emitter& out, const dist::DistributionSpec& spec, bool comment) {
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "dist" << YAML::Value << dist::family_name(spec.family);
  switch (spec.family) {
    case dist::Family::kConstant:
      out << YAML::Key << "value" << YAML::Value << number(spec.value);
      break;
    case dist::Family::kExponential:
      out << YAML::Key << "mean" << YAML::Value << number(spec.mean);
      break;
    case dist::Family::kLognormal:
      out << YAML::Key << "mu" << YAML::Value << number(spec.mu);
      out << YAML::Key << "sigma" << YAML::Value << number(spec.sigma);
      break;
    case dist::Family::kGamma:
      out << YAML::Key << "mean" << YAML::Value << number(spec.mean);
      out << YAML::Key << "cv" << YAML::Value << number(spec.cv);
      break;
    case dist::Family::kWeibull:
    case dist::Family::kPareto:
      out << YAML::Key << "shape" << YAML::Value << number(spec.shape);
      out << YAML::Key << "scale" << YAML::Value << number(spec.scale);
      break;
    case dist::Family::kShiftedExponential:
      out << YAML::Key << "shift" << YAML::Value << number(spec.shift);
      out << YAML::Key << "mean" << YAML::Value << number(spec.mean);
      break;
    case dist::Family::kEmpirical:
      out << YAML::Key << "file" << YAML::Value << spec.source_file;
      break;
    case dist::Family::kUniform:
      out << YAML::Key << "min" << YAML::Value << number(spec.min);
      out << YAML::Key << "max" << YAML::Value << number(spec.max);
      break;
  }
  out << YAML::EndMap;
  if (!comment) return;
  if (spec.family == dist::Family::kLognormal) {
    out << YAML::Comment(fmt::format("median {:.6g}, p99 {:.6g}", dist::quantile_of(spec, 0.5),
                                     dist::quantile_of(spec, 0.99)));
  } else if (spec.family == dist::Family::kEmpirical) {
    out << YAML::Comment(fmt::format("{} samples", spec.samples->size()));
  }
}

void emit_optional_distribution(YAML::Emitter& out,
                                const std::optional<dist::DistributionSpec>& spec) {
  if (spec) {
    emit_distribution(out, *spec, true);
  } else {
    out << YAML::Null << YAML::Comment("none: no delay");
  }
}

// from_load: the mean rate (poisson/gamma `rate`, trace `speedup`) comes from workload.load and
// is left out, so that the printed scenario loads again.
void emit_arrival(YAML::Emitter& out, const cluster::ArrivalConfig& arrival, bool from_load) {
  out << YAML::Flow << YAML::BeginMap;
  switch (arrival.kind) {
    case cluster::ArrivalKind::kPoisson:
      out << YAML::Key << "kind" << YAML::Value << "poisson";
      if (!from_load) out << YAML::Key << "rate" << YAML::Value << number(arrival.rate);
      break;
    case cluster::ArrivalKind::kGamma:
      out << YAML::Key << "kind" << YAML::Value << "gamma";
      if (!from_load) out << YAML::Key << "rate" << YAML::Value << number(arrival.rate);
      out << YAML::Key << "cv" << YAML::Value << number(arrival.cv);
      break;
    case cluster::ArrivalKind::kMmpp:
      out << YAML::Key << "kind" << YAML::Value << "mmpp";
      out << YAML::Key << "rates" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (double rate : arrival.rates) out << number(rate);
      out << YAML::EndSeq;
      out << YAML::Key << "switch_rates" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const auto& row : arrival.switch_rates) {
        out << YAML::Flow << YAML::BeginSeq;
        for (double rate : row) out << number(rate);
        out << YAML::EndSeq;
      }
      out << YAML::EndSeq;
      break;
    case cluster::ArrivalKind::kTrace: {
      const bool counts = arrival.trace != nullptr && arrival.trace->interval_s > 0;
      out << YAML::Key << "kind" << YAML::Value << "trace";
      out << YAML::Key << "file" << YAML::Value << arrival.file;
      out << YAML::Key << "format" << YAML::Value << (counts ? "counts" : "timestamps");
      if (counts)
        out << YAML::Key << "interval_s" << YAML::Value << number(arrival.trace->interval_s);
      if (!from_load) out << YAML::Key << "speedup" << YAML::Value << number(arrival.speedup);
      out << YAML::Key << "repeat" << YAML::Value << (arrival.repeat ? "true" : "false");
      if (arrival.resample_block_s > 0) {
        out << YAML::Key << "resample" << YAML::Value << YAML::Flow << YAML::BeginMap
            << YAML::Key << "block_s" << YAML::Value << number(arrival.resample_block_s)
            << YAML::EndMap;
      }
      break;
    }
  }
  out << YAML::EndMap;
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

void emit_pool(YAML::Emitter& out, const cluster::PoolConfig& pool) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << pool.name;
  out << YAML::Key << "model" << YAML::Value << pool.model;
  out << YAML::Key << "instances" << YAML::Value << integer(pool.instances);
  out << YAML::Key << "queue" << YAML::Value
      << (pool.queue == cluster::QueueKind::kShared ? "shared" : "per_instance");
  out << YAML::Key << "batching" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "max_batch" << YAML::Value << integer(pool.batching.max_batch);
  out << YAML::Key << "timeout" << YAML::Value << number(pool.batching.timeout);
  out << YAML::EndMap;
  out << YAML::Key << "queue_capacity" << YAML::Value << integer(pool.queue_capacity);
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

void emit_interference(YAML::Emitter& out, const cluster::InterferenceConfig& interference) {
  out << YAML::BeginMap;
  out << YAML::Key << "stragglers" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "fraction" << YAML::Value << number(interference.stragglers.fraction);
  out << YAML::Key << "slowdown" << YAML::Value;
  emit_distribution(out, interference.stragglers.slowdown, true);
  out << YAML::EndMap;

  if (interference.episodes.enabled) {
    const cluster::EpisodeConfig& episodes = interference.episodes;
    out << YAML::Key << "episodes" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "instance_fraction" << YAML::Value << number(episodes.instance_fraction);
    out << YAML::Key << "on" << YAML::Value;
    emit_distribution(out, episodes.on, true);
    out << YAML::Key << "off" << YAML::Value;
    emit_distribution(out, episodes.off, true);
    out << YAML::Key << "slowdown" << YAML::Value;
    emit_distribution(out, episodes.slowdown, true);
    out << YAML::EndMap;
  }

  out << YAML::Key << "background" << YAML::Value;
  if (interference.background.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const cluster::BackgroundLoadConfig& load : interference.background) {
    out << YAML::BeginMap;
    out << YAML::Key << "pool" << YAML::Value << load.pool;
    out << YAML::Key << "instances" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int instance : load.instances) out << integer(instance);
    out << YAML::EndSeq;
    out << YAML::Key << "schedule" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& step : load.schedule) {
      out << YAML::Flow << YAML::BeginMap;
      out << YAML::Key << "at" << YAML::Value << number(step.at);
      out << YAML::Key << "factor" << YAML::Value << number(step.factor);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "period" << YAML::Value << number(load.period);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  out << YAML::Key << "failures" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "mttf_s" << YAML::Value << number(interference.failures.mttf_s);
  out << YAML::Key << "mttr_s" << YAML::Value << number(interference.failures.mttr_s);
  out << YAML::EndMap;
  if (interference.shuffles.count > 0) {
    const auto& shuffles = interference.shuffles;
    out << YAML::Key << "shuffles" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "count" << YAML::Value << integer(shuffles.count);
    out << YAML::Key << "min_mb" << YAML::Value << integer(shuffles.min_mb);
    out << YAML::Key << "max_mb" << YAML::Value << integer(shuffles.max_mb);
    out << YAML::Key << "bandwidth_gbps" << YAML::Value << number(shuffles.bandwidth_gbps);
    if (shuffles.slowdown_by_transfers.empty()) {
      out << YAML::Key << "slowdown_per_transfer" << YAML::Value
          << number(shuffles.slowdown_per_transfer);
    } else {
      out << YAML::Key << "slowdown_by_transfers" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (double factor : shuffles.slowdown_by_transfers) out << number(factor);
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  if (interference.tenants.rate > 0) {
    const auto& tenants = interference.tenants;
    out << YAML::Key << "tenants" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "rate" << YAML::Value << number(tenants.rate);
    out << YAML::Key << "pool" << YAML::Value << tenants.pool;
    out << YAML::Key << "instances" << YAML::Value << integer(tenants.instances);
    out << YAML::Key << "model" << YAML::Value << tenants.model;
    out << YAML::Key << "slowdown" << YAML::Value << number(tenants.slowdown);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_redundancy(YAML::Emitter& out, const policy::RedundancyConfig& redundancy) {
  // Every key, since every kind accepts every key (a sweep may switch the kind).
  out << YAML::BeginMap;
  out << YAML::Key << "kind" << YAML::Value << redundancy.kind;
  out << YAML::Key << "k" << YAML::Value << integer(redundancy.k);
  out << YAML::Key << "r" << YAML::Value << integer(redundancy.r);
  out << YAML::Key << "delay" << YAML::Value << number(redundancy.delay);
  out << YAML::Key << "percentile" << YAML::Value << number(redundancy.percentile);
  out << YAML::Key << "min_samples" << YAML::Value << integer(redundancy.min_samples);
  out << YAML::Key << "window" << YAML::Value << integer(redundancy.window);
  out << YAML::Key << "fraction" << YAML::Value << number(redundancy.fraction);
  out << YAML::Key << "copy_priority" << YAML::Value << redundancy.copy_priority;
  out << YAML::Key << "pool" << YAML::Value << redundancy.pool;
  if (redundancy.encoder_latency || redundancy.parity_bytes > 0) {
    out << YAML::Key << "encoder" << YAML::Value << YAML::Flow << YAML::BeginMap;
    if (redundancy.encoder_latency) {
      out << YAML::Key << "latency" << YAML::Value;
      emit_distribution(out, *redundancy.encoder_latency, false);
    }
    out << YAML::Key << "parity_bytes" << YAML::Value << number(redundancy.parity_bytes);
    out << YAML::EndMap;
  }
  if (redundancy.decoder_latency) {
    out << YAML::Key << "decoder" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "latency" << YAML::Value;
    emit_distribution(out, *redundancy.decoder_latency, false);
    out << YAML::EndMap;
  }
  out << YAML::Key << "fill_timeout" << YAML::Value << number(redundancy.fill_timeout);
  out << YAML::Key << "default_after" << YAML::Value << number(redundancy.default_after);
  out << YAML::Key << "timeout" << YAML::Value << number(redundancy.timeout);
  if (redundancy.default_accuracy) {
    out << YAML::Key << "default_accuracy" << YAML::Value << number(*redundancy.default_accuracy);
  }
  if (redundancy.backup_accuracy) {
    out << YAML::Key << "backup_accuracy" << YAML::Value << number(*redundancy.backup_accuracy);
  }
  if (redundancy.accuracy) {
    const auto& row = *redundancy.accuracy;
    out << YAML::Key << "accuracy" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "table" << YAML::Value << row.table;
    out << YAML::Key << "dataset" << YAML::Value << row.dataset;
    out << YAML::Key << "model" << YAML::Value << row.model;
    out << YAML::Key << "encoder" << YAML::Value << row.encoder;
    out << YAML::Key << "decoder" << YAML::Value << row.decoder;
    out << YAML::EndMap;
  }
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

std::string resolved_scenario_yaml(const scenario::ScenarioConfig& config) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment("resolved scenario: every key with its value, defaults filled in");
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << config.name;
  out << YAML::Key << "seed" << YAML::Value << integer(config.seed);

  out << YAML::Key << "run" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "requests" << YAML::Value << integer(config.run.requests);
  out << YAML::Key << "warmup" << YAML::Value << integer(config.run.warmup);
  out << YAML::Key << "replications" << YAML::Value << integer(config.run.replications);
  if (config.run.timeseries_s > 0) {
    out << YAML::Key << "timeseries_s" << YAML::Value << number(config.run.timeseries_s);
  }
  // Only when changed: the resolved text is a sweep point's identity (run/sweep_plan.cpp), and
  // the default's arrival must not change the ids of rows that earlier sweeps wrote.
  if (config.run.max_queued != scenario::RunConfig{}.max_queued) {
    out << YAML::Key << "max_queued" << YAML::Value << integer(config.run.max_queued);
  }
  out << YAML::EndMap;

  out << YAML::Key << "workload" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "arrival" << YAML::Value;
  emit_arrival(out, config.workload.arrival, config.workload.load > 0);
  if (config.workload.load > 0) {
    // The rate it gives is a comment: reading `load` again recomputes it.
    out << YAML::Key << "load" << YAML::Value << number(config.workload.load)
        << YAML::Comment("arrival rate " + number(config.workload.load_rate_per_s) +
                         " per second");
  }
  out << YAML::Key << "payload_bytes" << YAML::Value << number(config.workload.payload_bytes);
  out << YAML::Key << "response_bytes" << YAML::Value << number(config.workload.response_bytes);
  out << YAML::EndMap;

  out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "client_frontend" << YAML::Value;
  emit_optional_distribution(out, config.network.client_frontend);
  out << YAML::Key << "frontend_instance" << YAML::Value;
  emit_optional_distribution(out, config.network.frontend_instance);
  out << YAML::Key << "bandwidth_gbps" << YAML::Value << number(config.network.bandwidth_gbps);
  // Printed when not the default, so scenarios without them print as before.
  if (config.network.sharing == cluster::NetworkSharing::kNic) {
    out << YAML::Key << "sharing" << YAML::Value << "nic";
  }
  if (config.network.dispatch == cluster::Dispatch::kFrontend) {
    out << YAML::Key << "dispatch" << YAML::Value << "frontend";
  }
  if (config.network.stall.enabled()) {
    out << YAML::Key << "stall" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "probability" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (double p : config.network.stall.probability_by_bulk) out << number(p);
    out << YAML::EndSeq;
    out << YAML::Key << "delay" << YAML::Value;
    emit_distribution(out, config.network.stall.delay, true);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;

  out << YAML::Key << "models" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, model] : config.models) {
    out << YAML::Key << name << YAML::Value;
    emit_model(out, model);
  }
  out << YAML::EndMap;

  out << YAML::Key << "pools" << YAML::Value << YAML::BeginSeq;
  for (const cluster::PoolConfig& pool : config.pools) emit_pool(out, pool);
  out << YAML::EndSeq;

  out << YAML::Key << "load_balancer" << YAML::Value << config.load_balancer;
  out << YAML::Key << "interference" << YAML::Value;
  emit_interference(out, config.interference);
  out << YAML::Key << "redundancy" << YAML::Value;
  emit_redundancy(out, config.redundancy);
  if (config.ensemble) {
    out << YAML::Key << "ensemble" << YAML::Value;
    emit_ensemble(out, *config.ensemble);
  }

  out << YAML::Key << "platform" << YAML::Value;
  emit_platform(out, config.platform);

  if (config.hardware_instances > 0) {
    out << YAML::Key << "hardware" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "instances" << YAML::Value << integer(config.hardware_instances);
    out << YAML::EndMap;
  }
  out << YAML::Key << "slo_ms" << YAML::Value << number(config.slo_ms);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace servesim::io
