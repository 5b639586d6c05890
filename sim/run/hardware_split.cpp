// File: sim/run/hardware_split.cpp
#include "sim/run/hardware_split.hpp"

#include <cstdint>

#include "sim/core/error.hpp"

namespace servesim::run {

HardwareSplit split_hardware(int instances, const std::string& kind, int k, int r) {
  if (kind != "parity" && kind != "backup") return {instances, 0};
  const int redundant_units = kind == "parity" ? r : 1;
  const auto first = static_cast<int>(static_cast<std::int64_t>(instances) * k /
                                      (k + redundant_units));
  const HardwareSplit split{first, instances - first};
  if (split.first < 1 || split.second < 1) {
    throw core::ConfigError("hardware.instances: " + std::to_string(instances) +
                            " instances cannot be split for " + kind + " with k = " +
                            std::to_string(k) + (kind == "parity" ? ", r = " + std::to_string(r) : "") +
                            " (each pool needs at least one)");
  }
  return split;
}

}  // namespace servesim::run
