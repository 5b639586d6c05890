// File: sim/io/profile_loader.hpp
//
// Model latency profiles: files in models/profiles/ giving a model's latency distribution per
// batch size and where the numbers came from. Keys:
//   model:            the model's name (informational)
//   hardware:         what it ran on, e.g. "NVIDIA K80"
//   source:           where the numbers come from (paper, table, measurement script)
//   status:           measured | published | estimate
//   method:           how the distributions were fitted (free text)
//   accuracy:         top-1 accuracy of the model, in [0, 1] (optional)
//   latency_by_batch: {batch size (integer >= 1): DIST in ms, ...} (required, non-empty)
// Relative file paths inside a profile (empirical samples) are looked up relative to the
// profile's directory first, then as in scenarios.
#pragma once

#include <map>

#include "sim/cluster/model_config.hpp"
#include "sim/dist/distribution_spec.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// A profile file already read; errors are located in it. Fills latency_by_batch, accuracy,
// hardware, source, and profile (= file.resolved); name is left to the caller.
cluster::ModelConfig load_profile(const ReferencedFile& file);

// {batch size: DIST}: keys integers in [1, kMaxBatchSize], at least one entry.
std::map<int, dist::DistributionSpec> parse_latency_by_batch(const YamlValue& value);

}  // namespace servesim::io
