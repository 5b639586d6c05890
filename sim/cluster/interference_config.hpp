// File: sim/cluster/interference_config.hpp
//
// What slows instances down or takes them away. Slowdowns multiply a batch's service time and
// are fixed when the batch starts.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::cluster {

// Each batch execution is, independently with probability `fraction`, a straggler whose service
// time is multiplied by a draw of `slowdown` (a factor >= 1 in practice).
struct StragglerConfig {
  double fraction = 0;  // [0, 1]
  dist::DistributionSpec slowdown = dist::DistributionSpec::constant(1);
};

// Episodic stragglers: each chosen instance alternates normal periods (`off`, ms) and slow
// episodes (`on`, ms) during which its batches are multiplied by a factor drawn per episode.
struct EpisodeConfig {
  bool enabled = false;
  double instance_fraction = 1;  // share of each pool's instances affected (rounded down), [0,1]
  dist::DistributionSpec on = dist::DistributionSpec::constant(0);
  dist::DistributionSpec off = dist::DistributionSpec::constant(0);
  dist::DistributionSpec slowdown = dist::DistributionSpec::constant(1);
};

// Background load: a piecewise-constant slowdown factor over time for chosen instances of a
// pool, repeating every `period` ms (0 = no repeat; the last factor then holds).
struct BackgroundLoadConfig {
  std::string pool;
  std::vector<int> instances;  // indices within the pool
  struct Step {
    double at = 0;      // ms from the start of the period
    double factor = 1;  // > 0
  };
  std::vector<Step> schedule;  // ascending `at`, first at 0
  double period = 0;
};

// Instance failures: exponential time to failure and to repair, per instance. Work running on a
// failing instance goes back to the head of its pool's queue; nothing is lost.
struct FailureConfig {
  double mttf_s = 0;  // mean time to failure, seconds; 0 = no failures
  double mttr_s = 0;  // mean time to repair, seconds; > 0 when mttf_s > 0
};

// ParM's network-imbalance background load ("shuffles", parm_testbed.md): `count` concurrent bulk
// transfers, each between a random pair of distinct instances (over all pools), of U{min_mb..
// max_mb} MB there and the same back, each restarted with a new pair as soon as it finishes.
// A transfer lasts 2 x size / (bandwidth shared fairly with the other transfers at its busier
// endpoint, fixed when it starts). While an instance takes part in m transfers its batches run
// (1 + slowdown_per_transfer x m) times slower: the cost of sharing its NIC and CPU with bulk
// traffic. That coupling was not measured anywhere we know of: slowdown_per_transfer is the
// scenario's assumption and has no default. A measured or fitted coupling that is not linear
// goes in slowdown_by_transfers instead: the factor for m = 1, 2, ... transfers (the last entry
// holds for larger m; m = 0 is 1). With network.sharing nic the transfers also share the NICs of
// their two endpoints with queries and answers (cluster/host_network.hpp).
struct ShuffleConfig {
  int count = 0;  // concurrent transfers; 0 = off
  int min_mb = 128;
  int max_mb = 256;
  double bandwidth_gbps = 10;         // per instance NIC
  double slowdown_per_transfer = 0;   // required when count > 0, unless the table is given
  std::vector<double> slowdown_by_transfers;  // factors (> 0) for m = 1, 2, ...; empty = linear
  double factor(int transfers) const {
    if (transfers <= 0) return 1;
    if (slowdown_by_transfers.empty()) return 1 + slowdown_per_transfer * transfers;
    const auto last = slowdown_by_transfers.size() - 1;
    return slowdown_by_transfers[std::min(static_cast<std::size_t>(transfers) - 1, last)];
  }
};

// ParM's inference multi-tenancy: a second serving system co-located on `instances` instances of
// `pool` (the first ones), driven by Poisson traffic at `rate` per second spread round-robin over
// them, each job served FIFO with the latency of `model` at batch 1. While a co-located job runs,
// the instance's own batches run `slowdown` times slower (an assumption: two models sharing one
// accelerator; 2 = fair time-sharing).
struct TenantConfig {
  double rate = 0;  // per second; 0 = off
  std::string pool;
  int instances = 0;
  std::string model;
  double slowdown = 1;
};

struct InterferenceConfig {
  StragglerConfig stragglers;
  EpisodeConfig episodes;
  std::vector<BackgroundLoadConfig> background;
  FailureConfig failures;
  ShuffleConfig shuffles;
  TenantConfig tenants;
};

}  // namespace servesim::cluster
