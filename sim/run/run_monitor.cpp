// File: sim/run/run_monitor.cpp
#include "sim/run/run_monitor.hpp"

namespace servesim::run {

RunMonitor::RunMonitor(core::Engine& engine, const cluster::Frontend& frontend,
                       std::uint64_t total_requests)
    : engine_(engine), frontend_(frontend), total_requests_(total_requests) {
  samples_.reserve(kMaxSamples);
}

void RunMonitor::start() { engine_.schedule_in<&RunMonitor::on_sample>(interval_, this); }

void RunMonitor::on_sample(std::uint64_t) {
  ++events_;
  const auto& stats = frontend_.stats();
  if (samples_.size() == kMaxSamples) {
    // Keep samples 1, 3, 5, ... (times 2i, 4i, ...): equal spacing at the doubled interval.
    std::size_t kept = 0;
    for (std::size_t idx = 1; idx < samples_.size(); idx += 2) samples_[kept++] = samples_[idx];
    samples_.resize(kept);
    interval_ = interval_ + interval_;
  }
  samples_.push_back({engine_.now().ns(), stats.requests_sent - stats.requests_resolved});
  if (stats.requests_sent < total_requests_) {
    // Next sample on the grid of the current interval.
    engine_.schedule_in<&RunMonitor::on_sample>(interval_, this);
  }
}

}  // namespace servesim::run
