// File: sim/cluster/request_recorder.cpp
#include "sim/cluster/request_recorder.hpp"

#include <fmt/format.h>

namespace servesim::cluster {

void RequestRecorder::attach_trace(std::ostream* sink, std::uint64_t replication) {
  trace_ = sink;
  replication_ = replication;
}

void RequestRecorder::write_trace(std::uint64_t index, core::Time sent, core::Time latency,
                                  policy::ServedAs served, bool in_warmup) {
  const bool dropped = served == policy::ServedAs::kDropped;
  *trace_ << fmt::format("{},{},{},{},{},{}\n", replication_, index, sent.ms(),
                         dropped ? std::string() : fmt::format("{}", latency.ms()),
                         policy::served_as_name(served), in_warmup ? 1 : 0);
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
