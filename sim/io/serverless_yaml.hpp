// File: sim/io/serverless_yaml.hpp
//
// The `platform:` section (servers or serverless) and serverless cold-start profiles. The keys
// are documented in serverless_yaml.cpp next to the code reading them, and in docs/serverless.md.
//
//   platform: {kind: servers, usd_per_instance_hour}
//   platform:
//     kind: serverless
//     <function keys>              defaults for every pool's function:
//       memory_mb, cold_start, model_load, keep_alive, provisioned, concurrency_limit,
//       on_throttle, retry, profile_vcpus, bill_init
//     account_concurrency_limit
//     pricing: {usd_per_gb_s, usd_per_million_requests, usd_per_provisioned_gb_s}
//     functions: {<pool or model name>: {<function keys>}, ...}   per-pool overrides
//
// Cold-start profiles (models/serverless/aws_coldstart_*.yaml), named by
// `cold_start: {profile: FILE}`, have the keys platform, runtime, memory_mb, source, status,
// method, samples, excluded (informational) and cold_start (DIST in ms, required).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/cluster/model_config.hpp"
#include "sim/cluster/platform_config.hpp"
#include "sim/cluster/pool_config.hpp"
#include "sim/dist/distribution_spec.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

// `pools` and `pools_value` (the scenario's `pools:` list) and `models` are already parsed:
// per-pool entries name pools (or models), and a serverless platform rejects pool keys it cannot
// honour (instances other than 1, per_instance queues, queue_capacity) at their positions.
void parse_platform(const YamlValue& value, const std::vector<cluster::PoolConfig>& pools,
                    const YamlValue& pools_value,
                    const std::map<std::string, cluster::ModelConfig>& models,
                    cluster::PlatformConfig& out);
void print_platform(YAML::Emitter& out, const cluster::PlatformConfig& platform);

// The cold-start distribution of a profile file already read; errors are located in it.
dist::DistributionSpec load_cold_start_profile(const ReferencedFile& file);

// Names of the keep-alive policies, from the policy registry.
const std::vector<std::string>& keep_alive_policy_names();

}  // namespace servesim::io
