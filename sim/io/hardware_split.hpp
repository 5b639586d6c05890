// File: sim/io/hardware_split.hpp
//
// `hardware: {instances: N}`: compare redundancy schemes at equal hardware. N instances in all
// are split between the pools the scheme uses, as its registry row says (RedundancyNeeds):
//   no extra pool (none, equal_resources, replicate, hedge)   the first pool gets N
//   extra units r per k (parity)   floor(N k / (k + r)) deployed, the other N - that serve
//                                  parity queries
//   extra units 1 per k (backup)   floor(N k / (k + 1)) deployed, the rest run the backup model
//                                  (ParM's "cheap" backup: n/k backup instances for n deployed,
//                                  as for a parity pool with r = 1)
// Rounding is down for the deployed pool, so the redundant pool gets the remainder.
#pragma once

#include <string>

namespace servesim::io {

struct HardwareSplit {
  int first = 0;   // instances of the first (deployed) pool
  int second = 0;  // instances of the extra (parity/backup) pool; 0 for kinds with one pool
};

// Throws io::KeyError (hardware.instances) when a pool would get no instance.
HardwareSplit split_hardware(int instances, const std::string& kind, int k, int r);

}  // namespace servesim::io
