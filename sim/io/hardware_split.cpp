// File: sim/io/hardware_split.cpp
#include "sim/io/hardware_split.hpp"

#include <cstdint>

#include "sim/io/key_error.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::io {

HardwareSplit split_hardware(int instances, const std::string& kind, int k, int r) {
  const policy::ExtraUnits units = policy::redundancy_entry(kind).needs.extra_units;
  if (units == policy::ExtraUnits::kNone) return {instances, 0};
  const bool uses_r = units == policy::ExtraUnits::kR;
  const int redundant_units = uses_r ? r : 1;
  const auto first =
      static_cast<int>(static_cast<std::int64_t>(instances) * k / (k + redundant_units));
  const HardwareSplit split{first, instances - first};
  if (split.first < 1 || split.second < 1) {
    throw KeyError("hardware.instances", std::to_string(instances) +
                                             " instances cannot be split for " + kind +
                                             " with k = " + std::to_string(k) +
                                             (uses_r ? ", r = " + std::to_string(r) : "") +
                                             " (each pool needs at least one)");
  }
  return split;
}

}  // namespace servesim::io
