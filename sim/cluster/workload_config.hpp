// File: sim/cluster/workload_config.hpp
//
// How requests arrive. Field names equal the YAML keys under `workload:` (docs/scenario.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace servesim::cluster {

enum class ArrivalKind { kPoisson, kGamma, kMmpp, kTrace };

// A replayed trace, loaded by io/ and shared read-only between replications.
struct ArrivalTrace {
  // Either arrival times (seconds from the trace start, ascending) ...
  std::vector<double> times_s;
  // ... or per-interval arrival counts, spread uniformly at random within each interval.
  std::vector<std::uint32_t> counts;
  double interval_s = 0;   // > 0 iff counts are used
  double span_s = 0;       // length of one pass of the trace; repeats are shifted by this
};

struct ArrivalConfig {
  ArrivalKind kind = ArrivalKind::kPoisson;
  // poisson, gamma: mean arrival rate, per second. > 0.
  double rate = 100;
  // gamma: coefficient of variation of inter-arrival times. > 0 (1 = poisson).
  double cv = 1;
  // mmpp: arrival rate in each state (per second, >= 0, at least 2 states) and the rates of
  // switching from state i to state j (per second, i != j; the diagonal is ignored).
  std::vector<double> rates;
  std::vector<std::vector<double>> switch_rates;
  // trace: file (resolved path: see docs/scenario.md for how relative paths are found), time compression factor (> 0; 2 = twice as fast),
  // whether to loop the trace when it runs out (else the run ends with the trace).
  std::string file;
  double speedup = 1;
  bool repeat = true;
  // trace: block bootstrap (`resample: {block_s: B}`): each pass is ceil(span / B) blocks of B
  // trace seconds (counts: a whole number of intervals, at least one), each copied from a start
  // drawn uniformly from the trace by the stream `workload/resample`, so replications replay
  // different arrangements of the trace. 0 = replay the trace as recorded.
  double resample_block_s = 0;
  std::shared_ptr<const ArrivalTrace> trace;
};

struct WorkloadConfig {
  ArrivalConfig arrival;
  // Offered load rho per instance of the first pool, (0, 10]; 0 = not given (arrival.rate or
  // speedup stands). When > 0, io sets the arrival's mean rate from it (io/load_resolver.hpp)
  // and keeps that rate in load_rate_per_s for `check`.
  double load = 0;
  double load_rate_per_s = 0;
  // Bytes sent with each query from frontend to instance (transfer time = bytes / bandwidth).
  double payload_bytes = 0;
  // Bytes of each answer from instance to frontend.
  double response_bytes = 0;
};

}  // namespace servesim::cluster
