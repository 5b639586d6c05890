// File: sim/cluster/request_recorder.hpp
//
// Records what clients saw. The frontend emits one call per request when it is answered (or
// dropped); this recorder applies the warm-up cut (the first `warmup` requests by arrival index
// are not counted), so models never know about warm-up (OMNeT++ warmup-period). Memory is constant
// unless a per-request trace sink is attached.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>

#include "sim/core/time.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"
#include "sim/stats/interval_histogram.hpp"
#include "sim/stats/latency_histogram.hpp"

namespace servesim::cluster {

struct RecorderConfig {
  std::uint64_t warmup = 0;
  core::Time slo;  // zero = no target
  // Expected accuracy of an answer served by each path; nullopt where unknown.
  std::array<std::optional<double>, policy::kServedAsCount> accuracy_by_path;
};

class RequestRecorder {
 public:
  explicit RequestRecorder(const RecorderConfig& config) : config_(config) {}

  // Optional per-request CSV sink (`--trace`): rows of
  // replication,index,sent_ms,latency_ms,served,warmup. The caller writes the header once: the
  // columns are declared only in run/output_files.cpp (requests.csv), and
  // tests/run/output_files_test checks that a row written here fills them in that order.
  void attach_trace(std::ostream* sink, std::uint64_t replication);

  // `latency` is ignored for dropped requests. `accuracy`, when given, replaces the path's
  // accuracy for this answer. Inline: one call per request.
  void on_request_done(std::uint64_t index, core::Time sent, core::Time latency,
                       policy::ServedAs served, std::optional<double> accuracy = std::nullopt) {
    const bool in_warmup = index < config_.warmup;
    if (trace_ != nullptr) write_trace(index, sent, latency, served, in_warmup);
    if (in_warmup) return;
    ++measured_;
    ++served_[static_cast<std::size_t>(served)];
    if (served == policy::ServedAs::kDropped) return;
    latency_.record(latency.ns());
    interval_latency_.record(latency.ns());
    if (accuracy) {
      override_accuracy_sum_ += *accuracy;
    } else {
      ++path_answers_[static_cast<std::size_t>(served)];
    }
    if (config_.slo > core::Time::zero() && latency <= config_.slo) ++within_slo_;
  }

  const stats::LatencyHistogram& latency() const { return latency_; }
  // Measured answered requests since the run monitor last took them (timeseries.csv's
  // per-interval percentiles, run/run_monitor.hpp).
  stats::SparseHistogram take_interval_latency() { return interval_latency_.take(); }
  std::uint64_t measured() const { return measured_; }
  std::uint64_t served_count(policy::ServedAs served) const {
    return served_[static_cast<std::size_t>(served)];
  }
  std::uint64_t within_slo() const { return within_slo_; }
  // Mean expected accuracy over measured answered requests; nullopt if a path's accuracy is
  // unknown.
  std::optional<double> accuracy() const;

 private:
  void write_trace(std::uint64_t index, core::Time sent, core::Time latency,
                   policy::ServedAs served, bool in_warmup);

  const RecorderConfig config_;
  std::ostream* trace_ = nullptr;
  std::uint64_t replication_ = 0;
  stats::LatencyHistogram latency_;
  stats::IntervalHistogram interval_latency_;
  std::uint64_t measured_ = 0;
  std::array<std::uint64_t, policy::kServedAsCount> served_{};
  std::uint64_t within_slo_ = 0;
  // Answers that came with their own accuracy (ensemble subsets): summed here and left out of
  // the per-path counts, which are weighted by the path accuracies exactly at the end.
  double override_accuracy_sum_ = 0;
  std::array<std::uint64_t, policy::kServedAsCount> path_answers_{};
};

}  // namespace servesim::cluster
