// File: sim/io/distribution_yaml.cpp
#include "sim/io/distribution_yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/did_you_mean.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/samples_loader.hpp"
#include "sim/io/time_range.hpp"

namespace servesim::io {

namespace {

// Family names as YAML spells them, in dist::Family order.
const std::vector<std::string>& family_names() {
  static const std::vector<std::string> names = {
      "constant", "exponential", "lognormal",           "gamma",
      "weibull",  "pareto",      "shifted_exponential", "empirical", "uniform"};
  return names;
}

// Runs a factory; its ConfigError (no position) becomes an error at `at`.
template <class Factory>
dist::DistributionSpec checked(const YamlValue& at, Factory&& factory) {
  try {
    return factory();
  } catch (const core::ConfigError& error) {
    throw at.error(error.what());
  }
}

// Location and scale parameters (ms for latencies, a factor for slowdowns) stay inside the
// representable time (io/time_range.hpp); mu is the log of a median.
double parameter(const MapReader& map, const char* key) {
  if (std::string_view(key) == "mu") {
    NumberRange range = distribution_parameter_range();
    range.max = std::log(kMaxInputDurationMs);
    return map.require(key).as_number(range);
  }
  return map.require(key).as_number(distribution_parameter_range());
}

dist::DistributionSpec parse_lognormal(const MapReader& map) {
  const bool quantile_form = map.has("median") || map.has("p99");
  const bool moment_form = map.has("mu") || map.has("sigma");
  if (quantile_form && moment_form) {
    map.fail("lognormal takes either median and p99, or mu and sigma, not both");
  }
  if (moment_form) {
    const double mu = parameter(map, "mu");
    const double sigma = parameter(map, "sigma");
    return checked(map.value(), [&] { return dist::DistributionSpec::lognormal(mu, sigma); });
  }
  if (!quantile_form) map.fail("lognormal needs median and p99, or mu and sigma");
  const double median = parameter(map, "median");
  const double p99 = parameter(map, "p99");
  return checked(map.value(),
                 [&] { return dist::DistributionSpec::lognormal_from_median_p99(median, p99); });
}

}  // namespace

NumberRange gamma_cv_range() {
  NumberRange range = between(kMinGammaCv, kMaxGammaCv);
  range.why = "Boost's gamma quantile does not converge outside it";
  return range;
}

dist::DistributionSpec parse_distribution(const YamlValue& value) {
  if (value.is_scalar()) {
    // Shorthand: `slowdown: 2` is {dist: constant, value: 2}.
    const double constant = value.as_number(distribution_parameter_range());
    return checked(value, [&] { return dist::DistributionSpec::constant(constant); });
  }
  if (!value.is_map()) {
    value.fail("expected a distribution ({dist: ..., ...} or a number), got " + value.describe());
  }
  const MapReader map(value, {"dist", "value", "mean", "median", "p99", "mu", "sigma", "cv",
                              "shape", "scale", "shift", "file", "min", "max"});
  const YamlValue dist_value = map.require("dist");
  const std::string family = dist_value.as_string();
  if (std::find(family_names().begin(), family_names().end(), family) == family_names().end()) {
    // The did-you-mean of as_choice, plus each family's parameters (what a user needs next).
    std::string message = unknown_name_message("distribution", family, family_names());
    message +=
        "; parameters: constant {value}, exponential {mean}, lognormal {median, p99} or {mu, "
        "sigma}, gamma {mean, cv}, weibull {shape, scale}, pareto {shape, scale}, "
        "shifted_exponential {shift, mean}, empirical {file}, uniform {min, max}";
    dist_value.fail(message);
  }
  const std::string what = "dist '" + family + "'";
  if (family == "constant") {
    map.restrict_to({"dist", "value"}, what);
    const double x = parameter(map, "value");
    return checked(value, [&] { return dist::DistributionSpec::constant(x); });
  }
  if (family == "exponential") {
    map.restrict_to({"dist", "mean"}, what);
    const double mean = parameter(map, "mean");
    return checked(value, [&] { return dist::DistributionSpec::exponential(mean); });
  }
  if (family == "lognormal") {
    map.restrict_to({"dist", "median", "p99", "mu", "sigma"}, what);
    return parse_lognormal(map);
  }
  if (family == "gamma") {
    map.restrict_to({"dist", "mean", "cv"}, what);
    const double mean = parameter(map, "mean");
    const double cv = map.require("cv").as_number(gamma_cv_range());
    return checked(value, [&] { return dist::DistributionSpec::gamma(mean, cv); });
  }
  if (family == "weibull" || family == "pareto") {
    map.restrict_to({"dist", "shape", "scale"}, what);
    const double shape = parameter(map, "shape");
    const double scale = parameter(map, "scale");
    return checked(value, [&] {
      return family == "weibull" ? dist::DistributionSpec::weibull(shape, scale)
                                 : dist::DistributionSpec::pareto(shape, scale);
    });
  }
  if (family == "uniform") {
    map.restrict_to({"dist", "min", "max"}, what);
    const double min = parameter(map, "min");
    const double max = parameter(map, "max");
    return checked(value, [&] { return dist::DistributionSpec::uniform(min, max); });
  }
  if (family == "shifted_exponential") {
    map.restrict_to({"dist", "shift", "mean"}, what);
    const double shift = parameter(map, "shift");
    const double mean = parameter(map, "mean");
    return checked(value, [&] { return dist::DistributionSpec::shifted_exponential(shift, mean); });
  }
  SERVESIM_ASSERT(family == "empirical", "family_names() and parse_distribution disagree");
  map.restrict_to({"dist", "file"}, what);
  ReferencedFile file = read_referenced_file(map.require("file"));
  std::vector<double> samples = parse_samples(file.text, file.resolved);
  return checked(
      value, [&] { return dist::DistributionSpec::empirical(std::move(samples), file.resolved); });
}

std::optional<dist::DistributionSpec> parse_optional_distribution(const YamlValue& value) {
  if (value.is_null()) return std::nullopt;
  return parse_distribution(value);
}

// One distribution as a flow map. `comment`: add a readable note (lognormal median and p99)
// after it; only where a comment may follow (a value in a block map).
void emit_distribution(YAML::Emitter& out, const dist::DistributionSpec& spec, bool comment) {
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "dist" << YAML::Value << dist::family_name(spec.family);
  switch (spec.family) {
    case dist::Family::kConstant:
      out << YAML::Key << "value" << YAML::Value << format_number(spec.value);
      break;
    case dist::Family::kExponential:
      out << YAML::Key << "mean" << YAML::Value << format_number(spec.mean);
      break;
    case dist::Family::kLognormal:
      out << YAML::Key << "mu" << YAML::Value << format_number(spec.mu);
      out << YAML::Key << "sigma" << YAML::Value << format_number(spec.sigma);
      break;
    case dist::Family::kGamma:
      out << YAML::Key << "mean" << YAML::Value << format_number(spec.mean);
      out << YAML::Key << "cv" << YAML::Value << format_number(spec.cv);
      break;
    case dist::Family::kWeibull:
    case dist::Family::kPareto:
      out << YAML::Key << "shape" << YAML::Value << format_number(spec.shape);
      out << YAML::Key << "scale" << YAML::Value << format_number(spec.scale);
      break;
    case dist::Family::kShiftedExponential:
      out << YAML::Key << "shift" << YAML::Value << format_number(spec.shift);
      out << YAML::Key << "mean" << YAML::Value << format_number(spec.mean);
      break;
    case dist::Family::kEmpirical:
      out << YAML::Key << "file" << YAML::Value << spec.source_file;
      break;
    case dist::Family::kUniform:
      out << YAML::Key << "min" << YAML::Value << format_number(spec.min);
      out << YAML::Key << "max" << YAML::Value << format_number(spec.max);
      break;
  }
  out << YAML::EndMap;
  if (!comment) return;
  if (spec.family == dist::Family::kLognormal) {
    out << YAML::Comment(fmt::format("median {:.6g}, p99 {:.6g}", dist::quantile_of(spec, 0.5),
                                     dist::quantile_of(spec, 0.99)));
  } else if (spec.family == dist::Family::kEmpirical) {
    out << YAML::Comment(fmt::format("{} samples", spec.samples->size()));
  }
}

void emit_optional_distribution(YAML::Emitter& out,
                                const std::optional<dist::DistributionSpec>& spec) {
  if (spec) {
    emit_distribution(out, *spec, true);
  } else {
    out << YAML::Null << YAML::Comment("none: no delay");
  }
}

}  // namespace servesim::io
