// File: sim/io/model_yaml.cpp
//
// `models:`: name -> model, each declared in model_fields() (field_table.hpp).
#include "sim/io/model_yaml.hpp"

#include "sim/io/distribution_yaml.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/profile_loader.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/time_range.hpp"

namespace servesim::io {

namespace {

using cluster::ModelConfig;

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

const FieldTable<ModelConfig>& model_fields() {
  // Read in this order: a profile first, whose values the inline keys then replace. `check`
  // prints a profile's model as the file plus its latencies.
  static const FieldTable<ModelConfig> table = {
      custom_field<ModelConfig>(
          "profile",
          {"path", "", "", "an existing profile file",
           "A profile file (models/profiles/*.yaml): latency per batch size, hardware, source "
           "and accuracy."},
          [](const YamlValue& value, ModelConfig& out, const MapReader&) {
            out = load_profile(read_referenced_file(value));
          },
          [](YAML::Emitter& out, const ModelConfig& model) {
            out << model.profile;
            if (!model.hardware.empty()) {
              out << YAML::Comment(one_line_note("hardware: " + model.hardware));
            }
          })
          .printed_when([](const ModelConfig& model) { return !model.profile.empty(); }),
      custom_field<ModelConfig>(
          "latency",
          {"DIST", "ms", "", "",
           "Batch-1 latency. It cannot be combined with `latency_by_batch`. Together with "
           "`profile`, it replaces the profile's table but keeps the profile's provenance."},
          [](const YamlValue& value, ModelConfig& out, const MapReader& map) {
            if (map.has("latency_by_batch")) map.fail("give latency or latency_by_batch, not both");
            out.latency_by_batch = {{1, parse_distribution(value)}};
          }),
      custom_field<ModelConfig>(
          "latency_by_batch",
          {"map: integer -> DIST", "ms", "", "keys in [1, 100000], no repeats, >= 1 entry",
           "Latency of one call per batch size. Together with `profile`, it replaces the "
           "profile's table."},
          [](const YamlValue& value, ModelConfig& out, const MapReader&) {
            out.latency_by_batch = parse_latency_by_batch(value);
          },
          [](YAML::Emitter& out, const ModelConfig& model) {
            out << YAML::BeginMap;
            for (const auto& [batch, spec] : model.latency_by_batch) {
              out << YAML::Key << fmt::format("{}", batch) << YAML::Value;
              emit_distribution(out, spec, true);
            }
            out << YAML::EndMap;
          }),
      // A measured profile standing for a slower or faster device: the service time is scaled,
      // not the arrival rate (issue 14), so fixed costs elsewhere (network, coding) stay as they
      // are.
      custom_field<ModelConfig>(
          "time_scale",
          {"number", "", "1", "in [0.0001, 10000]",
           "Factor on every service time of this model. It cannot be combined with "
           "`target_mean_ms`."},
          [](const YamlValue& value, ModelConfig& out, const MapReader& map) {
            if (map.has("target_mean_ms")) map.fail("give time_scale or target_mean_ms, not both");
            out.time_scale = value.as_number(with_note(between(1e-4, 1e4)));
          },
          [](YAML::Emitter& out, const ModelConfig& model) {
            out << format_number(model.time_scale);
          })
          .printed_when([](const ModelConfig& model) { return model.time_scale != 1; }),
      custom_field<ModelConfig>(
          "target_mean_ms",
          {"number", "ms", "not set", "> 0; the scale it gives in [0.0001, 10000]",
           "The time scale given as the mean the smallest measured batch size should have "
           "(`check` prints the resulting `time_scale`)."},
          [](const YamlValue& value, ModelConfig& out, const MapReader& map) {
            if (out.latency_by_batch.empty()) {
              map.fail("needs a profile, latency or latency_by_batch");
            }
            const double mean = dist::mean_of(out.latency_by_batch.begin()->second);
            if (!(mean > 0)) value.fail("needs a latency with a mean > 0 to scale");
            const double scale = value.as_number(duration_ms_range(/*positive=*/true)) / mean;
            if (!(scale >= 1e-4 && scale <= 1e4)) {
              value.fail("gives a time scale of " + std::to_string(scale) + " (mean of batch size " +
                         std::to_string(out.latency_by_batch.begin()->first) + ": " +
                         std::to_string(mean) + " ms); the scale must be in [1e-4, 1e4]");
            }
            out.time_scale = scale;
          }),
      custom_field<ModelConfig>(
          "accuracy",
          {"number", "fraction", "the profile's accuracy, else unknown", between(0, 1).describe(),
           "Top-1 accuracy of an answer from this model; it overrides the profile's value. An "
           "unknown accuracy makes `summary.accuracy` `null`."},
          [](const YamlValue& value, ModelConfig& out, const MapReader&) {
            out.accuracy = value.as_number(between(0, 1));
          },
          [](YAML::Emitter& out, const ModelConfig& model) {
            out << format_number(*model.accuracy);
          })
          .printed_when([](const ModelConfig& model) { return model.accuracy.has_value(); }),
  };
  return table;
}

ModelConfig parse_model(const std::string& name, const YamlValue& value) {
  ModelConfig model;
  const MapReader map = read_map(value, model_fields(), model);
  model.name = name;
  if (model.latency_by_batch.empty()) map.fail("needs a profile, latency or latency_by_batch");
  return model;
}

}  // namespace

const FieldTable<ModelConfig>& model_keys() { return model_fields(); }

std::map<std::string, ModelConfig> parse_models(const YamlValue& value) {
  std::map<std::string, ModelConfig> models;
  for (const auto& [key, item] : map_entries(value)) {
    const std::string name = key.as_string();
    if (name.empty()) key.fail("a model name must not be empty");
    models.emplace(name, parse_model(name, item));
  }
  if (models.empty()) value.fail("needs at least one model");
  return models;
}

void print_models(YAML::Emitter& out, const std::map<std::string, ModelConfig>& models) {
  out << YAML::BeginMap;
  for (const auto& [name, model] : models) {
    out << YAML::Key << name << YAML::Value << YAML::BeginMap;
    print_fields(out, model_fields(), model);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace servesim::io
