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
#include "sim/policy/redundancy/replicate_fastest.hpp"
#include "sim/policy/registry_lookup.hpp"

namespace servesim::policy {

namespace {
std::unique_ptr<RedundancyPolicy> make_none(const RedundancyConfig&) {
  return std::make_unique<NoRedundancy>();
}
std::unique_ptr<RedundancyPolicy> make_replicate(const RedundancyConfig& config) {
  return std::make_unique<Replicate>(config);
}
std::unique_ptr<RedundancyPolicy> make_replicate_fastest(const RedundancyConfig& config) {
  return std::make_unique<ReplicateFastest>(config);
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

// Each row: name, one line for docs and errors, the factory, and what the kind needs from the
// scenario (RedundancyNeeds, read by io/ when loading and by run/ when wiring).
constexpr std::array<RedundancyEntry, 7> kKinds{{
    {"none", "one copy per request", &make_none, {.with_ensemble = true}},
    {"equal_resources",
     "no redundancy; the pool gets the instances a (k, r) code would use",
     &make_none,
     {.grows_first_pool = true, .serverless = false, .keys = "k, r"}},
    {"replicate",
     "r extra copies to distinct instances; first answer wins",
     &make_replicate,
     {.max_r = kMaxCopiesPerRequest - 1, .keys = "r, fraction, copy_priority"}},
    {"replicate_fastest",
     "a second copy at once to the instance with the least outstanding work; first answer wins",
     &make_replicate_fastest,
     {.keys = "copy_priority"}},
    {"hedge",
     "a second copy after a fixed delay or a running percentile; first answer wins",
     &make_hedge,
     {.reports_hedge_threshold = true,
      .keys = "delay, percentile, min_samples, window, fraction, copy_priority"}},
    {"parity",
     "ParM coded redundancy: a parity query per k requests, reconstruct the missing",
     &make_parity,
     {.extra_pool = ExtraPool::kNamedOrBuilt,
      .extra_units = ExtraUnits::kR,
      .codes_batches = true,
      .r_at_most_k = true,
      .max_r = ParityCoding::kMaxParities,
      .accuracy_row_by_code = true,
      .keys = "k, r, pool, encoder, decoder, fill_timeout, default_after, default_accuracy, "
              "accuracy"}},
    {"backup",
     "an approximate model answers after a threshold if the original has not",
     &make_backup,
     {.extra_pool = ExtraPool::kNamed,
      .extra_units = ExtraUnits::kOne,
      .extra_pool_serves_backup = true,
      .keys = "k, pool, timeout, backup_accuracy"}},
}};
}  // namespace

std::span<const RedundancyEntry> redundancy_registry() { return kKinds; }

const RedundancyEntry& redundancy_entry(std::string_view kind) {
  const RedundancyEntry* row = find_registry_row<RedundancyEntry>(kKinds, kind);
  if (row == nullptr) {
    throw core::ConfigError("unknown redundancy kind '" + std::string(kind) +
                            "' (valid: " + registry_name_list<RedundancyEntry>(kKinds) + ")");
  }
  return *row;
}

std::unique_ptr<RedundancyPolicy> make_redundancy_policy(const RedundancyConfig& config) {
  return redundancy_entry(config.kind).make(config);
}

}  // namespace servesim::policy
