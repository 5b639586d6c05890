// File: sim/cluster/arrival_process.hpp
//
// Generates request send times at the client: Poisson, gamma renewal (a coefficient of
// variation), a Markov-modulated Poisson process, or a replayed trace (timestamps, or per-interval
// counts spread uniformly at random within each interval), optionally looped and sped up.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/cluster/workload_config.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/dist/sampler.hpp"

namespace servesim::cluster {

class ArrivalProcess {
 public:
  // `resample_rng` draws the block starts of a resampled trace (config.resample_block_s > 0;
  // required then, unused otherwise).
  ArrivalProcess(const ArrivalConfig& config, core::RngStream rng,
                 std::optional<core::RngStream> resample_rng = std::nullopt);

  // What next() returns once a non-repeating trace has run out.
  static constexpr core::Time kExhausted = core::Time::max();

  // The next send time, or kExhausted. Non-decreasing. A plain Time, not an optional: GCC 12
  // merged the inline and out-of-line optionals through the stack on the hot path.
  core::Time next() {
    if (config_.kind == ArrivalKind::kPoisson) {  // inline: once per request
      now_s_ += gap_.sample(rng_);
      return core::Time::from_s(now_s_);
    }
    return next_other();
  }

 private:
  core::Time next_other();  // every kind
  double next_trace_s();  // seconds, before speed-up; < 0 when exhausted
  double next_lazy_time(const ArrivalTrace& trace);  // the next of a large counts row

  // Counts rows above this are drawn one arrival at a time (bounded memory, 512 KiB at most).
  static constexpr std::uint32_t kMaxMaterialisedCount = 65536;
  // Moves to the next segment of the trace to replay: the whole trace (one pass) or one
  // resampled block. False when a non-repeating trace is done.
  bool next_segment();

  const ArrivalConfig config_;
  core::RngStream rng_;
  dist::Sampler gap_;  // poisson, gamma: inter-arrival gap in seconds
  double now_s_ = 0;
  // mmpp
  std::size_t state_ = 0;
  std::vector<double> leave_rate_;
  // trace: replaying times_s or counts [position_, segment_end_), shifted by segment_shift_s_
  std::optional<core::RngStream> resample_rng_;
  bool started_ = false;
  std::size_t position_ = 0;
  std::size_t segment_end_ = 0;
  double segment_shift_s_ = 0;
  double pass_offset_s_ = 0;
  std::size_t blocks_done_ = 0;  // resample: blocks of the current pass replayed
  std::vector<double> interval_times_;  // counts format: sorted times within the current interval
  std::size_t interval_position_ = 0;
  // a large counts row being drawn lazily: its start, the last order statistic (a fraction of
  // the interval) and how many arrivals are left
  double lazy_start_s_ = 0;
  double lazy_fraction_ = 0;
  std::uint32_t lazy_remaining_ = 0;
};

}  // namespace servesim::cluster
