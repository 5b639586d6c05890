// File: sim/cluster/arrival_process.cpp
#include "sim/cluster/arrival_process.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace servesim::cluster {

ArrivalProcess::ArrivalProcess(const ArrivalConfig& config, core::RngStream rng)
    : config_(config), rng_(rng) {
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

double ArrivalProcess::next_trace_s() {
  const ArrivalTrace& trace = *config_.trace;
  if (trace.interval_s <= 0) {
    if (position_ == trace.times_s.size()) {
      if (!config_.repeat) return -1;
      position_ = 0;
      pass_offset_s_ += trace.span_s;
    }
    return pass_offset_s_ + trace.times_s[position_++];
  }
  // Counts: each interval's arrivals at sorted uniform times. A row of up to
  // kMaxMaterialisedCount is drawn and sorted at once; a larger one (up to 2^32 - 1) is drawn
  // lazily, one order statistic at a time, so memory does not grow with the count.
  if (lazy_remaining_ > 0) return next_lazy_time(trace);
  while (interval_position_ == interval_times_.size()) {
    if (position_ == trace.counts.size()) {
      if (!config_.repeat) return -1;
      position_ = 0;
      pass_offset_s_ += trace.span_s;
    }
    const double start = pass_offset_s_ + static_cast<double>(position_) * trace.interval_s;
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
