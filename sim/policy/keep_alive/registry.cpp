// File: sim/policy/keep_alive/registry.cpp
//
// The one table binding keep-alive policy names to classes.
#include <array>

#include "sim/core/error.hpp"
#include "sim/policy/registry_lookup.hpp"
#include "sim/policy/keep_alive/keep_alive_policies.hpp"

namespace servesim::policy {

namespace {
template <class T>
std::unique_ptr<KeepAlivePolicy> make(const KeepAliveConfig& config) {
  return std::make_unique<T>(config);
}

constexpr std::array<KeepAliveEntry, 2> kPolicies{{
    {"fixed", "an idle sandbox lives ttl_s after its last invocation (AWS Lambda, Azure)",
     &make<FixedKeepAlive>, "ttl_s"},
    {"hybrid_histogram",
     "per-function idle-time histogram: pre-warm at its head, keep alive to its tail "
     "(Shahrad et al., ATC'20; no ARIMA)",
     &make<HybridHistogramKeepAlive>,
     "bin_s, range_s, head_percentile, tail_percentile, margin, cv_threshold, oob_threshold"},
}};
}  // namespace

std::span<const KeepAliveEntry> keep_alive_registry() { return kPolicies; }

std::unique_ptr<KeepAlivePolicy> make_keep_alive_policy(const KeepAliveConfig& config) {
  if (const auto* row = find_registry_row<KeepAliveEntry>(kPolicies, config.policy)) {
    return row->make(config);
  }
  throw core::ConfigError("unknown keep_alive policy '" + config.policy + "' (valid: " +
                          registry_name_list<KeepAliveEntry>(kPolicies) + ")");
}

}  // namespace servesim::policy
