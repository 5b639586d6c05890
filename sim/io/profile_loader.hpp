// File: sim/io/profile_loader.hpp
//
// Model latency profiles: files in models/profiles/ giving a model's latency distribution per
// batch size and where the numbers came from. Its keys are declared once, in profile_loader.cpp
// (profile_keys()): the reader's allowed keys and reads, the writer (profile_writer.hpp) and
// models/README.md's table (`servesim metrics --file profile`) use them.
// Relative file paths inside a profile (empirical samples) are looked up relative to the
// profile's directory first, then as in scenarios.
#pragma once

#include <map>
#include <span>
#include <string_view>

#include "sim/cluster/model_config.hpp"
#include "sim/dist/distribution_spec.hpp"
#include "sim/io/output_columns.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// A profile's keys, in the order they are written; ProfileKey indexes profile_keys().
enum class ProfileKey { kModel, kHardware, kSource, kStatus, kMethod, kAccuracy, kLatencyByBatch };
std::span<const OutputColumn> profile_keys();
std::string_view profile_key(ProfileKey key);

// A profile file already read; errors are located in it. Fills latency_by_batch, accuracy,
// hardware, source, and profile (= file.resolved); name is left to the caller.
cluster::ModelConfig load_profile(const ReferencedFile& file);

// {batch size: DIST}: keys integers in [1, kMaxBatchSize], at least one entry.
std::map<int, dist::DistributionSpec> parse_latency_by_batch(const YamlValue& value);

}  // namespace servesim::io
