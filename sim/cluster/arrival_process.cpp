// File: sim/cluster/arrival_process.cpp
#include "sim/cluster/arrival_process.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace servesim::cluster {

ArrivalProcess::ArrivalProcess(const ArrivalConfig& config, core::RngStream rng,
                               std::optional<core::RngStream> resample_rng)
    : config_(config), rng_(rng), resample_rng_(resample_rng) {
  switch (config_.kind) {
    case ArrivalKind::kPoisson:
      gap_ = dist::Sampler(dist::DistributionSpec::exponential(1.0 / config_.rate));
      break;
    case ArrivalKind::kGamma:
      gap_ = dist::Sampler(dist::DistributionSpec::gamma(1.0 / config_.rate, config_.cv));
      break;
    case ArrivalKind::kMmpp:
      for (std::size_t from = 0; from < config_.rates.size(); ++from) {
        double total = 0;
        for (std::size_t to = 0; to < config_.rates.size(); ++to) {
          if (to != from) total += config_.switch_rates[from][to];
        }
        leave_rate_.push_back(total);
      }
      break;
    case ArrivalKind::kTrace:
      SERVESIM_ASSERT(config_.trace != nullptr, "trace arrival without a loaded trace");
      SERVESIM_ASSERT(config_.resample_block_s <= 0 || resample_rng_.has_value(),
                      "a resampled trace needs its stream");
      break;
  }
}

core::Time ArrivalProcess::next_other() {
  switch (config_.kind) {
    case ArrivalKind::kPoisson:
    case ArrivalKind::kGamma:
      now_s_ += gap_.sample(rng_);
      break;
    case ArrivalKind::kMmpp: {
      // Competing exponentials: in state i the next event is an arrival with rate lambda_i or a
      // switch with rate q_i; a switch picks j with probability q_ij / q_i.
      for (;;) {
        const double arrival_rate = config_.rates[state_];
        const double total = arrival_rate + leave_rate_[state_];
        now_s_ += -std::log1p(-rng_.uniform_open01()) / total;
        const double pick = rng_.uniform_open01() * total;
        if (pick < arrival_rate) break;
        double acc = arrival_rate;
        std::size_t to = 0;
        for (; to < config_.rates.size(); ++to) {
          if (to == state_) continue;
          acc += config_.switch_rates[state_][to];
          if (pick < acc) break;
        }
        state_ = std::min(to, config_.rates.size() - 1);
      }
      break;
    }
    case ArrivalKind::kTrace: {
      const double t = next_trace_s();
      if (t < 0) return kExhausted;
      now_s_ = t / config_.speedup;
      break;
    }
  }
  return core::Time::from_s(now_s_);
}

bool ArrivalProcess::next_segment() {
  const ArrivalTrace& trace = *config_.trace;
  const bool counts = trace.interval_s > 0;
  const std::size_t size = counts ? trace.counts.size() : trace.times_s.size();
  if (config_.resample_block_s <= 0) {
    // The whole trace, each pass shifted by the span.
    if (started_) {
      if (!config_.repeat) return false;
      pass_offset_s_ += trace.span_s;
    }
    started_ = true;
    position_ = 0;
    segment_end_ = size;
    segment_shift_s_ = pass_offset_s_;
    return true;
  }
  // Block bootstrap. Counts: blocks of whole intervals; timestamps: blocks of block_s seconds.
  // Validation (io/workload_yaml.cpp) keeps a block within the trace.
  const std::size_t intervals =
      counts
          ? std::clamp<std::size_t>(
                static_cast<std::size_t>(std::llround(config_.resample_block_s / trace.interval_s)),
                1, size)
          : 0;
  const double block_s =
      counts ? static_cast<double>(intervals) * trace.interval_s : config_.resample_block_s;
  const auto blocks_per_pass = static_cast<std::size_t>(std::ceil(trace.span_s / block_s));
  if (started_ && blocks_done_ == blocks_per_pass) {
    if (!config_.repeat) return false;
    pass_offset_s_ += static_cast<double>(blocks_per_pass) * block_s;
    blocks_done_ = 0;
  }
  started_ = true;
  const double out_start = pass_offset_s_ + static_cast<double>(blocks_done_) * block_s;
  ++blocks_done_;
  if (counts) {
    position_ = resample_rng_->uniform_index(size - intervals + 1);
    segment_end_ = position_ + intervals;
    segment_shift_s_ = out_start - static_cast<double>(position_) * trace.interval_s;
  } else {
    const double from = resample_rng_->uniform_open01() * std::max(0.0, trace.span_s - block_s);
    position_ = static_cast<std::size_t>(
        std::lower_bound(trace.times_s.begin(), trace.times_s.end(), from) - trace.times_s.begin());
    segment_end_ = static_cast<std::size_t>(
        std::lower_bound(trace.times_s.begin(), trace.times_s.end(), from + block_s) -
        trace.times_s.begin());
    segment_shift_s_ = out_start - from;
  }
  return true;
}

double ArrivalProcess::next_trace_s() {
  const ArrivalTrace& trace = *config_.trace;
  if (trace.interval_s <= 0) {
    // A resampled block may hold no arrival: move on until one does.
    while (position_ == segment_end_) {
      if (!next_segment()) return -1;
    }
    return segment_shift_s_ + trace.times_s[position_++];
  }
  // Counts: each interval's arrivals at sorted uniform times. A row of up to
  // kMaxMaterialisedCount is drawn and sorted at once; a larger one (up to 2^32 - 1) is drawn
  // lazily, one order statistic at a time, so memory does not grow with the count.
  if (lazy_remaining_ > 0) return next_lazy_time(trace);
  while (interval_position_ == interval_times_.size()) {
    if (position_ == segment_end_ && !next_segment()) return -1;
    const double start = segment_shift_s_ + static_cast<double>(position_) * trace.interval_s;
    interval_times_.clear();
    interval_position_ = 0;
    const std::uint32_t count = trace.counts[position_++];
    if (count > kMaxMaterialisedCount) {
      lazy_start_s_ = start;
      lazy_fraction_ = 0;
      lazy_remaining_ = count;
      return next_lazy_time(trace);
    }
    for (std::uint32_t i = 0; i < count; ++i) {
      interval_times_.push_back(start + rng_.uniform_open01() * trace.interval_s);
    }
    std::sort(interval_times_.begin(), interval_times_.end());
  }
  return interval_times_[interval_position_++];
}

double ArrivalProcess::next_lazy_time(const ArrivalTrace& trace) {
  // The smallest of m uniforms on (p, 1) is p + (1 - p) (1 - U^(1/m)) (Bentley and Saxe,
  // "Generating sorted lists of random numbers", ACM TOMS 6(3), 1980); expm1 keeps 1 - U^(1/m)
  // exact for large m.
  const double u = rng_.uniform_open01();
  const double step = -std::expm1(std::log(u) / static_cast<double>(lazy_remaining_));
  lazy_fraction_ += (1 - lazy_fraction_) * step;
  --lazy_remaining_;
  return lazy_start_s_ + lazy_fraction_ * trace.interval_s;
}

}  // namespace servesim::cluster
