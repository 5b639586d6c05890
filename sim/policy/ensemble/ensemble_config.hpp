// File: sim/policy/ensemble/ensemble_config.hpp
//
// An ensemble of models answering each request together (the serverless ensemble seed system:
// AWS Step Functions orchestrating one Lambda per member; bagging of class scores).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::policy {

enum class EnsembleExecution { kParallel, kSerial };

struct EnsembleConfig {
  // Model names, one pool each (the pool whose model it is, else one made like the first pool).
  std::vector<std::string> members;
  EnsembleExecution execution = EnsembleExecution::kParallel;
  // ms after arrival at which the request is answered with the members done by then (`partial`);
  // 0 = wait for all members.
  double deadline = 0;
  // Combining the members' outputs (ms), paid once all members (or the deadline's subset) are in.
  std::optional<dist::DistributionSpec> aggregation;
  // Orchestrator (Step Functions): latency of each state transition and of starting each parallel
  // branch (ms), and the price of a state transition.
  std::optional<dist::DistributionSpec> transition;
  std::optional<dist::DistributionSpec> branch;
  double usd_per_transition = 0;
  // Expected accuracy of each member subset, keyed by the members joined with '+' in the order of
  // `members` (e.g. "efficientnet_b0+nasnet_mobile"); resolved by io from the accuracy table.
  std::map<std::string, double> subset_accuracy;
  // What to use for a subset missing from the table: "" = an error at load time if the run could
  // need it; "best_member" = the most accurate member of the subset.
  std::string fallback;
  std::string accuracy_table;  // resolved path, for printing
  std::string accuracy_dataset;
};

}  // namespace servesim::policy
