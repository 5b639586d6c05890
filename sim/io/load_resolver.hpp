// File: sim/io/load_resolver.hpp
//
// `workload.load`: the offered load rho per instance of the first pool, turned into the arrival
// process's rate once the whole scenario is read (the rate needs the first pool's model,
// batching and the interference that slows it down).
//
//   rate = rho x instances x max_batch / (E[S(max_batch)] x slowdown)        (per second)
//
// E[S(b)] is the model's mean latency at the pool's max_batch (ServiceModel's interpolation), and
// slowdown the mean factor that interference multiplies service by, averaged over the pool:
//   stragglers   1 + fraction (E[slowdown] - 1)
//   episodes     1 + a d (E[slowdown] - 1), a = floor(instance_fraction n) / n the share of
//                instances affected, d = E[on] / (E[on] + E[off]) the time share in an episode
//   background   1 + sum over listed instances of (time-average factor - 1) / n, the average
//                over one period (the last factor when the schedule does not repeat)
// multiplied together. Shuffles, tenants and failures are not included (they depend on the run).
// Each arrival kind gets that mean rate: poisson/gamma `rate`; mmpp all `rates` scaled so the
// stationary mean is the rate; trace the `speedup` that replays it at that mean rate.
#pragma once

#include "sim/scenario/scenario_config.hpp"

namespace servesim::io {

struct LoadResolution {
  double rate_per_s = 0;           // the arrival rate that gives the load
  double mean_service_ms = 0;      // E[S(max_batch)] x slowdown, per batch
  double slowdown = 1;             // the mean interference factor
};

// The rate that offers `load` to the first pool of `config`. Throws core::ConfigError for a
// serverless platform (its instances are not fixed).
LoadResolution resolve_load(const scenario::ScenarioConfig& config, double load);

// Applies config.workload.load (when > 0) to config.workload.arrival.
void apply_load(scenario::ScenarioConfig& config);

}  // namespace servesim::io
