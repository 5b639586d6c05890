// File: sim/run/run_monitor.cpp
#include "sim/run/run_monitor.hpp"

#include <utility>

namespace servesim::run {

RunMonitor::RunMonitor(core::Engine& engine, const cluster::Frontend& frontend,
                       std::uint64_t total_requests, std::vector<const cluster::Pool*> pools,
                       const policy::RedundancyPolicy& policy, cluster::RequestRecorder& recorder,
                       core::Time fixed_interval)
    : engine_(engine),
      frontend_(frontend),
      total_requests_(total_requests),
      pools_(std::move(pools)),
      policy_(policy),
      recorder_(recorder) {
  for (const cluster::Pool* pool : pools_) {
    functions_.push_back(dynamic_cast<const cluster::FunctionPool*>(pool));
  }
  if (fixed_interval > core::Time::zero()) {
    interval_ = fixed_interval;
    max_samples_ = kMaxFixedSamples;
  } else {
    samples_.reserve(kMaxSamples);
  }
}

void RunMonitor::start() { engine_.schedule_in<&RunMonitor::on_sample>(interval_, this); }

void RunMonitor::on_sample(std::uint64_t) {
  ++events_;
  const auto& stats = frontend_.stats();
  if (samples_.size() == max_samples_) {
    // Keep samples 1, 3, 5, ... (times 2i, 4i, ...): equal spacing at the doubled interval.
    std::size_t kept = 0;
    for (std::size_t idx = 1; idx < samples_.size(); idx += 2) {
      // Sample idx now covers the interval of idx - 1 too.
      samples_[idx].latency.merge(samples_[idx - 1].latency);
      samples_[kept++] = std::move(samples_[idx]);
    }
    samples_.resize(kept);
    interval_ = interval_ + interval_;
  }
  MonitorSample sample;
  sample.at_ns = engine_.now().ns();
  sample.in_system = stats.requests_sent - stats.requests_resolved;
  sample.sent = stats.requests_sent;
  sample.resolved = stats.requests_resolved;
  for (std::size_t idx = 0; idx < pools_.size(); ++idx) {
    const cluster::Pool* pool = pools_[idx];
    sample.busy_ns.push_back(pool->busy_ns(engine_.now()));
    sample.cost_usd += pool->cost_usd(engine_.now());
    sample.cold_starts.push_back(pool->stats().cold_starts);
    sample.sandbox_s.push_back(
        functions_[idx] != nullptr ? functions_[idx]->sandbox_seconds(engine_.now()) : 0.0);
  }
  sample.latency = recorder_.take_interval_latency();
  if (const auto threshold = policy_.hedge_threshold_ms()) sample.hedge_threshold_ms = *threshold;
  for (int path = 0; path < policy::kServedAsCount; ++path) {
    sample.served[static_cast<std::size_t>(path)] =
        recorder_.served_count(static_cast<policy::ServedAs>(path));
  }
  samples_.push_back(std::move(sample));
  if (stats.requests_sent < total_requests_) {
    // Next sample on the grid of the current interval.
    engine_.schedule_in<&RunMonitor::on_sample>(interval_, this);
  }
}

}  // namespace servesim::run
