// File: sim/fit/sample_fit.hpp
//
// Everything `servesim fit` computes for one set of samples (one batch size): a summary, every
// family of fitted_families() by maximum likelihood with its goodness of fit, and the best one.
//
// The best family is the one with the smallest Anderson-Darling A^2. A^2 weights disagreement in
// the tails by 1/(F(1-F)), so it ranks families by how well they reproduce p99 and beyond, which
// is what a latency profile is for; the KS statistic D is most sensitive near the median and
// barely sees the tail. The families have one (exponential) or two parameters, all estimated
// from the same samples, so ranking by A^2 slightly favours the two-parameter ones, which is
// intended: the exponential rarely describes a service time.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/dist/distribution_spec.hpp"
#include "sim/fit/goodness_of_fit.hpp"

namespace servesim::fit {

struct SampleSummary {
  std::size_t n = 0;
  double min = 0;
  double mean = 0;
  double median = 0;  // percentiles by linear interpolation between order statistics
  double p99 = 0;
  double max = 0;
};

struct FamilyFit {
  dist::Family family = dist::Family::kConstant;
  bool ok = false;
  std::string why_not;  // when !ok
  dist::DistributionSpec spec;
  GoodnessOfFit gof;  // when ok
};

struct SampleFit {
  SampleSummary summary;
  std::vector<FamilyFit> families;  // in fitted_families() order
  int best = -1;                    // index into families; -1 when no family could be fitted
};

// The type-7 percentile (numpy's default) of ascending `sorted`, q in [0, 1].
double percentile(std::span<const double> sorted, double q);

// REQUIRES: at least 2 samples, all finite.
SampleFit fit_samples(std::span<const double> samples);

// dist::scaled() so that the mean becomes `mean` > 0. REQUIRES: spec has a finite mean > 0.
dist::DistributionSpec scaled_to_mean(const dist::DistributionSpec& spec, double mean);

// The parameters as the profile writes them, e.g. "mu=2.98538 sigma=0.120331".
std::string describe_parameters(const dist::DistributionSpec& spec);

}  // namespace servesim::fit
