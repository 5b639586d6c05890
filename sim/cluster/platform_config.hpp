// File: sim/cluster/platform_config.hpp
//
// What serving costs. Servers bill instance-hours for every instance of every pool over the
// simulated time, warm-up included.
#pragma once

namespace servesim::cluster {

enum class PlatformKind { kServers };

struct PlatformConfig {
  PlatformKind kind = PlatformKind::kServers;
  double usd_per_instance_hour = 0;  // >= 0
};

}  // namespace servesim::cluster
