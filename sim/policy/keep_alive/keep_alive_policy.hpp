// File: sim/policy/keep_alive/keep_alive_policy.hpp
//
// A keep-alive policy decides, each time a sandbox of one function goes idle, how long the
// platform keeps it (the keep-alive window) and whether it unloads it at once and loads a fresh
// one later (the pre-warm window). It sees a narrow view: the function's idle times come in, two
// durations go out; never pools or sandboxes, so it can be tested on plain numbers.
//
// Semantics of a decision (Shahrad et al., ATC'20, §4.2), at the moment t a sandbox goes idle:
//  - prewarm == 0: the sandbox stays warm until t + keep_alive, then dies unless reused;
//  - prewarm > 0:  the sandbox is unloaded at t; at t + prewarm a new one starts loading (a cold
//                  start nobody waits for) and stays warm until t + prewarm + keep_alive.
// One policy object serves one function (per-function histograms).
#pragma once

#include <memory>
#include <span>
#include <string>

#include "sim/core/time.hpp"
#include "sim/policy/keep_alive/keep_alive_config.hpp"

namespace servesim::policy {

struct KeepAliveDecision {
  core::Time prewarm;     // >= 0
  core::Time keep_alive;  // >= 0
};

class KeepAlivePolicy {
 public:
  virtual ~KeepAlivePolicy() = default;
  // One idle time of the function: from the end of its last invocation to the arrival of the
  // next (0 when it arrived while another invocation was in flight). REQUIRES: idle >= 0.
  virtual void on_idle_time(core::Time idle) = 0;
  // The windows for a sandbox going idle now.
  virtual KeepAliveDecision decide() = 0;
};

struct KeepAliveEntry {
  const char* name;
  const char* description;
  std::unique_ptr<KeepAlivePolicy> (*make)(const KeepAliveConfig&);
  // The platform.keep_alive keys it reads besides `policy` (every policy accepts them all).
  const char* keys = "";
};

// The registry table (registry.cpp): the only place a policy name is bound to a class.
std::span<const KeepAliveEntry> keep_alive_registry();
// Throws core::ConfigError listing the valid names when config.policy is unknown.
std::unique_ptr<KeepAlivePolicy> make_keep_alive_policy(const KeepAliveConfig& config);

}  // namespace servesim::policy
