// File: sim/cluster/platform_config.hpp
//
// Where the pools run and what serving costs.
//  - servers: each pool is a fixed set of instances (InstancePool), billed instance-hours for
//    every instance over the simulated time, warm-up included;
//  - serverless: each pool is one cloud function (FunctionPool): sandboxes start on demand (cold
//    starts), are kept alive by a keep-alive policy, and are billed per request and per GB-second
//    of execution (serverless_config.hpp, docs/serverless.md).
#pragma once

#include "sim/cluster/serverless_config.hpp"

namespace servesim::cluster {

enum class PlatformKind { kServers, kServerless };

struct PlatformConfig {
  PlatformKind kind = PlatformKind::kServers;
  double usd_per_instance_hour = 0;  // servers: >= 0
  ServerlessConfig serverless;       // serverless only
};

}  // namespace servesim::cluster
