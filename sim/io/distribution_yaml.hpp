// File: sim/io/distribution_yaml.hpp
//
// DIST, the one way a distribution is written anywhere in a scenario or profile:
//   {dist: constant, value}            a fixed value; a bare number is shorthand for it
//   {dist: exponential, mean}
//   {dist: lognormal, median, p99}     or {dist: lognormal, mu, sigma} (of log X)
//   {dist: gamma, mean, cv}
//   {dist: weibull, shape, scale}
//   {dist: pareto, shape, scale}       scale = the minimum x_m
//   {dist: shifted_exponential, shift, mean}
//   {dist: empirical, file}            measured samples (samples_loader.hpp)
// Every parameter of the chosen family is required; keys of other families are errors. The keys
// are declared once, in distribution_fields() (distribution_yaml.cpp); `servesim keys DIST`
// lists them.
// Parameter checks are the factories' (dist/distribution_spec.hpp); their errors get this
// value's position and path: "network.client_frontend: p99 must be greater than median (...)".
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sim/dist/distribution_spec.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/yaml_reader.hpp"

namespace servesim::io {

dist::DistributionSpec parse_distribution(const YamlValue& value);

// The DIST keys' docs, with paths "<prefix>.<key>" and kinds = the families that take each.
std::vector<KeyDoc> distribution_key_docs(std::string_view prefix);

// A distribution that may be absent: a null value (`client_frontend: ~`) gives nullopt.
std::optional<dist::DistributionSpec> parse_optional_distribution(const YamlValue& value);

// The cv of a gamma law (distributions and gamma arrivals): shape = 1/cv^2 in [1e-8, 1e8].
inline constexpr double kMinGammaCv = 1e-4;
inline constexpr double kMaxGammaCv = 1e4;
NumberRange gamma_cv_range();

// Writes `spec` as a flow map that parse_distribution reads back to the same spec (lognormals
// as mu/sigma, empirical samples as their file). `comment`: add a readable note (a lognormal's
// median and p99) after it; only where a comment may follow (a value in a block map).
void emit_distribution(YAML::Emitter& out, const dist::DistributionSpec& spec, bool comment);
// An optional one: absent is written as null with the comment "none: no delay".
void emit_optional_distribution(YAML::Emitter& out,
                                const std::optional<dist::DistributionSpec>& spec);

}  // namespace servesim::io
