// File: sim/dist/distribution_spec.hpp
//
// A distribution as a value: what the scenario said, checked, with every family reduced to the
// parameters its sampler needs. Components receive specs and turn them into Samplers at build
// time; they never parse strings. Values are in the unit of the quantity (ms for latencies,
// a plain factor for slowdowns).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace servesim::dist {

enum class Family {
  kConstant,            // value
  kExponential,         // mean
  kLognormal,           // mu, sigma of log(X); also given as median/p99
  kGamma,               // mean, cv
  kWeibull,             // shape k, scale lambda
  kPareto,              // shape alpha, scale x_m (minimum)
  kShiftedExponential,  // shift, mean of the exponential part
  kEmpirical,           // samples (sorted), from a file
  kUniform,             // min, max
};

struct DistributionSpec {
  Family family = Family::kConstant;
  // Parameters, meaning per family (see Family). Unused ones stay 0.
  double value = 0;  // constant
  double mean = 0;   // exponential, gamma, shifted_exponential (mean of exponential part)
  double mu = 0;     // lognormal
  double sigma = 0;  // lognormal
  double cv = 0;     // gamma
  double shape = 0;  // weibull k, pareto alpha
  double scale = 0;  // weibull lambda, pareto x_m
  double shift = 0;  // shifted_exponential
  double min = 0;    // uniform
  double max = 0;    // uniform
  // Empirical: measured samples sorted ascending; shared because profiles are reused across
  // replications and threads (read-only after load). These two default to empty in the factories'
  // designated initializers, like the numbers above.
  std::shared_ptr<const std::vector<double>> samples = {};
  // Empirical: where the samples came from (for messages and printing).
  std::string source_file = {};

  static DistributionSpec constant(double value);
  static DistributionSpec exponential(double mean);
  static DistributionSpec lognormal(double mu, double sigma);
  // median > 0 and p99 > median; sigma = ln(p99/median) / z_0.99.
  static DistributionSpec lognormal_from_median_p99(double median, double p99);
  static DistributionSpec gamma(double mean, double cv);
  static DistributionSpec weibull(double shape, double scale);
  static DistributionSpec pareto(double shape, double scale);
  static DistributionSpec shifted_exponential(double shift, double mean);
  // 0 <= min < max.
  static DistributionSpec uniform(double min, double max);
  static DistributionSpec empirical(std::vector<double> samples, std::string source_file);
};

// The law of factor * X for X ~ spec, in the same family (every family here is closed under
// scaling): how a profile measured on one device stands for a slower or faster one
// (models.NAME.time_scale). REQUIRES: factor > 0 and finite.
DistributionSpec scaled(const DistributionSpec& spec, double factor);

// Closed-form moments and quantiles, for tests, printing and for documentation tables.
// Empirical: these describe what Sampler draws, the type-7 interpolated distribution (an equal
// mixture of uniforms between consecutive sorted samples), whose mean weights the two end
// samples by half; it is not the plain average of the samples.
double mean_of(const DistributionSpec& spec);
double variance_of(const DistributionSpec& spec);  // +inf where it does not exist (pareto alpha<=2)
double quantile_of(const DistributionSpec& spec, double p);  // REQUIRES: 0 < p < 1
std::string family_name(Family family);

}  // namespace servesim::dist
