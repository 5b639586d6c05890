// File: sim/run/timeseries_csv.hpp
//
// DIR/timeseries.csv: one row per monitor interval of one replication (run_monitor.hpp), from
// time 0 until the last request was sent: 256 to 512 rows at equal spacing (the interval starts
// at 1 ms and doubles as the run grows). Columns:
//   time_s              end of the interval (simulated seconds)
//   arrivals_per_s      requests sent by clients in the interval, per second
//   resolved_per_s      requests answered or dropped in the interval, per second
//   in_system           requests sent and not yet resolved, at time_s (an instant, not a mean)
//   utilization.<pool>  busy instance-time / (instances x interval length), per pool
//   cost_usd            cost of all pools from time 0 to time_s
//   hedge_threshold_ms  the hedge delay in force at time_s; empty when none
//   served.<path>       measured requests (after warm-up) answered in the interval by each
//                       path (primary, reconstructed, replica, backup, partial, default), and
//                       dropped
//   latency_p50_ms, latency_p99_ms, latency_p999_ms
//                       percentiles of the measured requests answered in the interval, from a
//                       coarse histogram (relative error <= 6.25%, stats/interval_histogram.hpp);
//                       empty when none was answered
//   busy.<pool>         time-average busy instances (utilization x instances), per pool
//   cold_starts.<pool>  serverless pools only: invocations that started a new sandbox
//   sandboxes.<pool>    serverless pools only: time-average sandboxes alive (initialising, busy
//                       or idle)
#pragma once

#include <string>
#include <vector>

#include "sim/run/simulation.hpp"

namespace servesim::run {

std::string timeseries_csv(const ReplicationResult& replication);

}  // namespace servesim::run
