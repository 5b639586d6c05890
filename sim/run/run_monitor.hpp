// File: sim/run/run_monitor.hpp
//
// Samples a running simulation at regular instants of simulated time: requests in the system
// (sent by clients and not yet answered or dropped), cumulative requests sent and resolved, each
// pool's cumulative busy time, the cost so far, the hedge threshold in force, the latencies of the
// measured requests answered in the interval (a coarse histogram, stats/interval_histogram.hpp),
// and for serverless pools cumulative cold starts and sandbox-seconds. The stability
// verdict (stability.hpp) and DIR/timeseries.csv (timeseries_csv.hpp) read these samples.
//
// The run's length is not known in advance, so the interval adapts: it starts at kFirstInterval
// and doubles whenever kMaxSamples samples are held, keeping every other one, so a run ends with
// between kMaxSamples / 2 and kMaxSamples samples at equal spacing, in constant memory. Sampling
// stops once the last request has been sent: the drain after it is not steady state. When the
// interval doubles, the latency histograms of each pair of intervals are merged (exactly).
//
// The monitor's events are bookkeeping, not model events: events() counts them so that the
// run's `sim.events` can leave them out (outputs stay as they were without the monitor).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/cluster/frontend.hpp"
#include "sim/cluster/function_pool.hpp"
#include "sim/cluster/pool.hpp"
#include "sim/cluster/request_recorder.hpp"
#include "sim/core/engine.hpp"
#include "sim/stats/interval_histogram.hpp"

namespace servesim::run {

struct MonitorSample {
  std::int64_t at_ns = 0;
  std::uint64_t in_system = 0;  // requests sent and not yet resolved
  std::uint64_t sent = 0;       // cumulative, warm-up included
  std::uint64_t resolved = 0;   // cumulative: answered or dropped
  std::vector<std::int64_t> busy_ns;  // cumulative, per pool
  double cost_usd = 0;                // cumulative, all pools
  double hedge_threshold_ms = -1;     // -1: none in force
  // Cumulative measured requests (after warm-up) by the path that answered them, in
  // policy::ServedAs order (dropped last).
  std::array<std::uint64_t, policy::kServedAsCount> served{};
  // Measured requests answered in the interval that ends here (not cumulative).
  stats::SparseHistogram latency;
  // Per pool, cumulative; serverless pools only (empty vectors' entries stay 0 for servers).
  std::vector<std::uint64_t> cold_starts;
  std::vector<double> sandbox_s;
};

class RunMonitor {
 public:
  static constexpr std::size_t kMaxSamples = 512;
  static constexpr core::Time kFirstInterval = core::Time::from_ns(1'000'000);  // 1 ms
  // With a fixed interval (run.timeseries_s): samples held before it doubles.
  static constexpr std::size_t kMaxFixedSamples = 100'000;

  RunMonitor(core::Engine& engine, const cluster::Frontend& frontend,
             std::uint64_t total_requests, std::vector<const cluster::Pool*> pools,
             const policy::RedundancyPolicy& policy, cluster::RequestRecorder& recorder,
             core::Time fixed_interval = core::Time::zero());
  void start();

  const std::vector<MonitorSample>& samples() const { return samples_; }
  std::vector<MonitorSample> take_samples() { return std::move(samples_); }
  std::uint64_t events() const { return events_; }

 private:
  void on_sample(std::uint64_t);

  core::Engine& engine_;
  const cluster::Frontend& frontend_;
  const std::uint64_t total_requests_;
  const std::vector<const cluster::Pool*> pools_;
  const policy::RedundancyPolicy& policy_;
  cluster::RequestRecorder& recorder_;
  std::vector<const cluster::FunctionPool*> functions_;  // per pool; nullptr for servers
  core::Time interval_ = kFirstInterval;
  std::size_t max_samples_ = kMaxSamples;
  std::vector<MonitorSample> samples_;
  std::uint64_t events_ = 0;
};

}  // namespace servesim::run
