// File: sim/io/profile_writer.hpp
//
// Writes a model latency profile in the format profile_loader.hpp reads (models/README.md):
// comment lines, then the keys profile_loader.hpp declares, in their order, latency_by_batch
// with one batch size per line as a flow map in canonical DIST form ({dist: lognormal, mu, sigma},
// {dist: gamma, mean, cv}, {dist: weibull, shape, scale}, {dist: exponential, mean},
// {dist: shifted_exponential, shift, mean}, ...), each with an optional end-of-line comment.
// Parameters are written to `significant_digits` significant digits (the shortest text that
// reads back as the rounded value), so a profile stays readable; 6 digits move a fitted
// parameter far less than its standard error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::io {

struct ProfileEntry {
  int batch = 1;
  dist::DistributionSpec latency;  // ms; not empirical
  std::string comment;             // "" = none
};

struct ProfileDocument {
  std::vector<std::string> header_comments;  // each written as "# line"
  std::string model;
  std::string hardware;
  std::string source;
  std::string status = "measured";  // measured | published | estimate
  std::string method;               // "" = key left out
  std::optional<double> accuracy;
  std::string latency_comment;                 // end-of-line comment of the latency_by_batch key
  std::vector<ProfileEntry> latency_by_batch;  // ascending batch sizes
};

std::string profile_yaml(const ProfileDocument& profile, int significant_digits = 6);

// `value` rounded to `digits` significant digits, as its shortest round-trip text.
std::string rounded_number(double value, int digits);

}  // namespace servesim::io
