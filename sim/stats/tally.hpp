// File: sim/stats/tally.hpp
//
// Per-observation summaries (DESMO-J's Tally): count, mean and variance by Welford's update,
// min and max. Mergeable (Chan et al.'s parallel formula) in a fixed order. Floating-point
// merging is not associative, so merge in replication-index order for byte-identical output.
//
// Thread-safety: none; one Tally per thread, merged afterwards.
#pragma once

#include <cstdint>

namespace servesim::stats {

class Tally {
 public:
  void record(double x);
  void merge(const Tally& other);
  std::uint64_t count() const { return count_; }
  double mean() const { return mean_; }
  double variance() const;             // sample variance (n-1); 0 when count < 2
  double stddev() const;               // sqrt(variance())
  double min() const { return min_; }  // 0 when empty
  double max() const { return max_; }  // 0 when empty

 private:
  std::uint64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = 0;
  double max_ = 0;
};

// 95% confidence half-width of the mean of `samples` values with sample standard deviation
// `stddev`, by Student's t with samples-1 degrees of freedom (Boost.Math). 0 when samples < 2.
double ci95_half_width(double stddev, std::uint64_t samples);

}  // namespace servesim::stats
