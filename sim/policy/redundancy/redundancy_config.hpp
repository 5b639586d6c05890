// File: sim/policy/redundancy/redundancy_config.hpp
//
// Which redundancy scheme the frontend applies, and its parameters. `kind` is a key of the
// redundancy registry (policy/redundancy/registry.cpp).
#pragma once

#include <string>

namespace servesim::policy {

struct RedundancyConfig {
  std::string kind = "none";  // none | equal_resources | replicate | hedge
  // equal_resources: the pool grows to ceil(n (k + r) / k) instances, the resources a k,r code
  // would use. replicate: r extra copies per request. >= 1.
  int k = 2;
  int r = 1;
  // hedge: send a second copy after `delay` ms ...
  double delay = 0;  // >= 0
  // ... or, when percentile > 0, after the running `percentile`-th percentile (0 < p < 100) of
  // the latency of first copies, once `min_samples` have been seen (until then after `delay`).
  double percentile = 0;
  int min_samples = 100;
};

}  // namespace servesim::policy
