// File: sim/cluster/request_recorder.cpp
#include "sim/cluster/request_recorder.hpp"

#include <fmt/format.h>

namespace servesim::cluster {

void RequestRecorder::attach_trace(std::ostream* sink, std::uint64_t replication) {
  trace_ = sink;
  replication_ = replication;
}

void RequestRecorder::on_request_done(std::uint64_t index, core::Time sent, core::Time latency,
                                      policy::ServedAs served, std::optional<double> accuracy) {
  const bool in_warmup = index < config_.warmup;
  if (trace_ != nullptr) {
    const bool dropped = served == policy::ServedAs::kDropped;
    *trace_ << fmt::format("{},{},{},{},{},{}\n", replication_, index, sent.ms(),
                           dropped ? std::string() : fmt::format("{}", latency.ms()),
                           policy::served_as_name(served), in_warmup ? 1 : 0);
  }
  if (in_warmup) return;
  ++measured_;
  ++served_[static_cast<std::size_t>(served)];
  if (served == policy::ServedAs::kDropped) return;
  latency_.record(latency.ns());
  if (accuracy) {
    override_accuracy_sum_ += *accuracy;
  } else {
    ++path_answers_[static_cast<std::size_t>(served)];
  }
  if (config_.slo > core::Time::zero() && latency <= config_.slo) ++within_slo_;
}

std::optional<double> RequestRecorder::accuracy() const {
  const std::uint64_t answered =
      measured_ - served_[static_cast<std::size_t>(policy::ServedAs::kDropped)];
  if (answered == 0) return std::nullopt;
  double weighted = override_accuracy_sum_;
  for (std::size_t path = 0; path < path_answers_.size(); ++path) {
    if (path_answers_[path] == 0) continue;
    const auto& acc = config_.accuracy_by_path[path];
    if (!acc) return std::nullopt;
    weighted += *acc * static_cast<double>(path_answers_[path]);
  }
  return weighted / static_cast<double>(answered);
}

}  // namespace servesim::cluster
