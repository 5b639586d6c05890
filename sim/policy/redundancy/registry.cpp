// File: sim/policy/redundancy/registry.cpp
//
// The one table binding redundancy kinds to classes.
#include <array>

#include "sim/core/error.hpp"
#include "sim/policy/redundancy/backup.hpp"
#include "sim/policy/redundancy/hedge.hpp"
#include "sim/policy/redundancy/parity.hpp"
#include "sim/policy/redundancy/policies.hpp"
#include "sim/policy/redundancy/replicate.hpp"

namespace servesim::policy {

namespace {
std::unique_ptr<RedundancyPolicy> make_none(const RedundancyConfig&) {
  return std::make_unique<NoRedundancy>();
}
std::unique_ptr<RedundancyPolicy> make_replicate(const RedundancyConfig& config) {
  return std::make_unique<Replicate>(config);
}
std::unique_ptr<RedundancyPolicy> make_hedge(const RedundancyConfig& config) {
  return std::make_unique<Hedge>(config);
}
std::unique_ptr<RedundancyPolicy> make_parity(const RedundancyConfig& config) {
  return std::make_unique<ParityCoding>(config, config.seed, config.replication);
}
std::unique_ptr<RedundancyPolicy> make_backup(const RedundancyConfig& config) {
  return std::make_unique<ApproximateBackup>(config);
}

constexpr std::array<RedundancyEntry, 6> kKinds{{
    {"none", "one copy per request", &make_none},
    {"equal_resources", "no redundancy; the pool gets the instances a (k, r) code would use",
     &make_none},
    {"replicate", "r extra copies to distinct instances; first answer wins", &make_replicate},
    {"hedge", "a second copy after a fixed delay or a running percentile; first answer wins",
     &make_hedge},
    {"parity", "ParM coded redundancy: a parity query per k requests, reconstruct the missing",
     &make_parity},
    {"backup", "an approximate model answers after a threshold if the original has not",
     &make_backup},
}};
}  // namespace

std::span<const RedundancyEntry> redundancy_registry() { return kKinds; }

std::unique_ptr<RedundancyPolicy> make_redundancy_policy(const RedundancyConfig& config) {
  std::string valid;
  for (const auto& entry : kKinds) {
    if (config.kind == entry.name) return entry.make(config);
    valid += valid.empty() ? "" : ", ";
    valid += entry.name;
  }
  throw core::ConfigError("unknown redundancy kind '" + config.kind + "' (valid: " + valid + ")");
}

}  // namespace servesim::policy
