// File: sim/io/distribution_yaml.cpp
//
// DIST maps, declared in distribution_fields() (field_table.hpp): the `dist` row picks the
// family, and each parameter's row names the families that take it (read_kind_map). The rows
// read the parameters one by one (each in range); the family's factory then checks them
// together and builds the spec (build_spec), as ns-3's attribute checkers run before the
// object's own validation.
#include "sim/io/distribution_yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/did_you_mean.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/samples_loader.hpp"
#include "sim/io/time_range.hpp"

namespace servesim::io {

namespace {

using dist::DistributionSpec;
using dist::Family;

// A DIST map as its rows read and print it: the spec's parameters, plus what the spec does not
// keep (a lognormal's median and p99 become mu and sigma; empirical samples before the
// factory sorts them).
struct DistributionKeys : DistributionSpec {
  double median = 0;
  double p99 = 0;
  std::vector<double> file_samples;
};

// Family names as YAML spells them, in dist::Family order.
const std::vector<std::string>& family_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (int family = 0; family <= static_cast<int>(Family::kUniform); ++family) {
      out.push_back(dist::family_name(static_cast<Family>(family)));
    }
    return out;
  }();
  return names;
}

std::string family_of(const DistributionKeys& keys) { return dist::family_name(keys.family); }

// Runs a factory; its ConfigError (no position) becomes an error at `at`.
template <class Factory>
DistributionSpec checked(const YamlValue& at, Factory&& factory) {
  try {
    return factory();
  } catch (const core::ConfigError& error) {
    throw at.error(error.what());
  }
}

// The largest accepted location or scale parameter, as the docs write it.
std::string max_parameter() { return format_number(kMaxInputDurationMs); }

// A parameter of `families`: required, in range (io/time_range.hpp: location and scale
// parameters stay inside the representable time); the factory checks the rest (`valid`).
Field<DistributionKeys> parameter(std::string name, double DistributionSpec::*member,
                                  std::vector<std::string> families, std::string unit,
                                  std::string valid, std::string meaning,
                                  NumberRange range = distribution_parameter_range()) {
  return number_field<DistributionKeys>(std::move(name), member, range, std::move(unit),
                                        std::move(meaning))
      .must_be_given()
      .valid(std::move(valid))
      .only_for(std::move(families));
}

// A lognormal parameter. A lognormal takes one of two forms, so the form requires it
// (lognormal_spec), not the row. `printed`: the spec keeps mu and sigma, not median and p99.
Field<DistributionKeys> form_parameter(std::string name, double DistributionKeys::*member,
                                       bool printed, std::string unit, std::string valid,
                                       std::string meaning,
                                       NumberRange range = distribution_parameter_range()) {
  Field<DistributionKeys> field =
      number_field<DistributionKeys>(std::move(name), member, range, std::move(unit),
                                     std::move(meaning))
          .valid(std::move(valid))
          .default_is("required in this form")
          .only_for({dist::family_name(Family::kLognormal)});
  if (!printed) field.print = {};
  return field;
}

const FieldTable<DistributionKeys>& distribution_fields();

// The rows a family takes, beyond `dist`, in table order.
std::vector<std::string> parameters_of(Family family) {
  std::vector<std::string> names =
      field_names_of_kind(distribution_fields(), dist::family_name(family));
  names.erase(names.begin());  // dist
  return names;
}

// What a user needs after an unknown family: "constant {value}, ..., lognormal {median, p99}
// or {mu, sigma}, ...", from the rows.
std::string family_parameters_text() {
  std::vector<std::string> forms;
  for (std::size_t family = 0; family < family_names().size(); ++family) {
    const std::vector<std::string> names = parameters_of(static_cast<Family>(family));
    std::string text = family_names()[family] + " {";
    for (std::size_t index = 0; index < names.size(); ++index) {
      // A lognormal's four are two forms of two (lognormal_spec).
      const bool next_form = static_cast<Family>(family) == Family::kLognormal && index == 2;
      text += index == 0 ? "" : next_form ? "} or {" : ", ";
      text += names[index];
    }
    forms.push_back(text + "}");
  }
  return join_names(forms);
}

const FieldTable<DistributionKeys>& distribution_fields() {
  static const FieldTable<DistributionKeys> table = [] {
    const std::string max = max_parameter();
    NumberRange mu_range = distribution_parameter_range();
    mu_range.max = std::log(kMaxInputDurationMs);
    const std::string quantity = "as the quantity";
    return FieldTable<DistributionKeys>{
        custom_field<DistributionKeys>(
            "dist", {"string", "", "", join_names(family_names()), "The family."},
            [](const YamlValue& value, DistributionKeys& out, const MapReader&) {
              const std::string name = value.as_string();
              const auto found = std::find(family_names().begin(), family_names().end(), name);
              if (found == family_names().end()) {
                // The did-you-mean of as_choice, plus each family's parameters.
                value.fail(unknown_name_message("distribution", name, family_names()) +
                           "; parameters: " + family_parameters_text());
              }
              out.family = static_cast<Family>(found - family_names().begin());
            },
            [](YAML::Emitter& out, const DistributionKeys& keys) { out << family_of(keys); })
            .must_be_given(),
        parameter("value", &DistributionSpec::value, {"constant"}, quantity,
                  fmt::format("in [0, {}]", max), "The value every draw takes."),
        parameter("shift", &DistributionSpec::shift, {"shifted_exponential"}, quantity,
                  fmt::format("in [0, {}]", max), "Added to every draw of the exponential part."),
        parameter("mean", &DistributionSpec::mean, {"exponential", "gamma", "shifted_exponential"},
                  quantity, fmt::format("in (0, {}]", max),
                  "The mean (for `shifted_exponential`, of the exponential part)."),
        form_parameter("median", &DistributionKeys::median, false, quantity,
                       fmt::format("in (0, {}]", max),
                       "With `p99`: the median; then μ = ln median."),
        form_parameter("p99", &DistributionKeys::p99, false, quantity,
                       fmt::format("> median, <= {}", max),
                       "With `median`: the 99th percentile; then σ = ln(p99 / median) / z₀.₉₉ "
                       "(z₀.₉₉ ≈ 2.326). `check` prints the law as mu and sigma."),
        form_parameter("mu", &DistributionSpec::mu, true, "ln of the quantity", mu_range.describe(),
                       "With `sigma`, instead of median and p99: the mean of ln X.", mu_range),
        form_parameter("sigma", &DistributionSpec::sigma, true, "", fmt::format("in (0, {}]", max),
                       "With `mu`: the standard deviation of ln X."),
        parameter("cv", &DistributionSpec::cv, {"gamma"}, "", gamma_cv_range().describe(),
                  "Coefficient of variation: shape 1/cv², scale mean·cv².", gamma_cv_range()),
        parameter("shape", &DistributionSpec::shape, {"weibull", "pareto"}, "",
                  fmt::format("in (0, {}]", max),
                  "Weibull k, Pareto α (the mean is infinite for α ≤ 1)."),
        parameter("scale", &DistributionSpec::scale, {"weibull", "pareto"}, quantity,
                  fmt::format("in (0, {}]", max), "Weibull λ, Pareto x_m (the minimum)."),
        parameter("min", &DistributionSpec::min, {"uniform"}, quantity,
                  fmt::format("in [0, {}]", max), "The lower end."),
        parameter("max", &DistributionSpec::max, {"uniform"}, quantity,
                  fmt::format("> min, <= {}", max), "The upper end."),
        custom_field<DistributionKeys>(
            "file",
            {"path", "", "", "a samples file: >= 2 samples, each finite and >= 0",
             "The samples file (its format: docs/scenario.md, data files), found by the path "
             "rules. Draws interpolate linearly between the sorted samples (type-7 quantiles)."},
            [](const YamlValue& value, DistributionKeys& out, const MapReader&) {
              const ReferencedFile file = read_referenced_file(value);
              out.file_samples = parse_samples(file.text, file.resolved);
              out.source_file = file.resolved;
            },
            [](YAML::Emitter& out, const DistributionKeys& keys) { out << keys.source_file; })
            .must_be_given()
            .only_for({"empirical"}),
    };
  }();
  return table;
}

// A lognormal is given by median and p99 or by mu and sigma (its rows, in that order).
DistributionSpec lognormal_spec(const DistributionKeys& keys, const MapReader& map) {
  const std::vector<std::string> names = parameters_of(Family::kLognormal);
  SERVESIM_ASSERT(names.size() == 4, "lognormal rows: median, p99, mu, sigma");
  const bool quantile_form = map.has(names[0]) || map.has(names[1]);
  const bool moment_form = map.has(names[2]) || map.has(names[3]);
  const std::string forms =
      fmt::format("{} and {}, or {} and {}", names[0], names[1], names[2], names[3]);
  if (quantile_form && moment_form) map.fail("lognormal takes either " + forms + ", not both");
  if (!quantile_form && !moment_form) map.fail("lognormal needs " + forms);
  const std::size_t first = moment_form ? 2 : 0;
  (void)map.require(names[first]);
  (void)map.require(names[first + 1]);
  return checked(map.value(), [&] {
    return moment_form ? DistributionSpec::lognormal(keys.mu, keys.sigma)
                       : DistributionSpec::lognormal_from_median_p99(keys.median, keys.p99);
  });
}

// The family's factory on the parameters the rows read: the checks that need them together
// (p99 > median, max > min, enough samples).
DistributionSpec build_spec(DistributionKeys& keys, const MapReader& map) {
  const YamlValue& at = map.value();
  switch (keys.family) {
    case Family::kConstant:
      return checked(at, [&] { return DistributionSpec::constant(keys.value); });
    case Family::kExponential:
      return checked(at, [&] { return DistributionSpec::exponential(keys.mean); });
    case Family::kLognormal:
      return lognormal_spec(keys, map);
    case Family::kGamma:
      return checked(at, [&] { return DistributionSpec::gamma(keys.mean, keys.cv); });
    case Family::kWeibull:
      return checked(at, [&] { return DistributionSpec::weibull(keys.shape, keys.scale); });
    case Family::kPareto:
      return checked(at, [&] { return DistributionSpec::pareto(keys.shape, keys.scale); });
    case Family::kShiftedExponential:
      return checked(at,
                     [&] { return DistributionSpec::shifted_exponential(keys.shift, keys.mean); });
    case Family::kEmpirical:
      return checked(at, [&] {
        return DistributionSpec::empirical(std::move(keys.file_samples), keys.source_file);
      });
    case Family::kUniform:
      return checked(at, [&] { return DistributionSpec::uniform(keys.min, keys.max); });
  }
  SERVESIM_ASSERT(false, "a family without a factory in build_spec");
  return {};
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
    return checked(value, [&] { return DistributionSpec::constant(constant); });
  }
  if (!value.is_map()) {
    value.fail("expected a distribution ({dist: ..., ...} or a number), got " + value.describe());
  }
  DistributionKeys keys;
  const MapReader map = read_kind_map(value, distribution_fields(), keys, family_of,
                                      distribution_fields().front().name);
  return build_spec(keys, map);
}

std::optional<dist::DistributionSpec> parse_optional_distribution(const YamlValue& value) {
  if (value.is_null()) return std::nullopt;
  return parse_distribution(value);
}

std::vector<KeyDoc> distribution_key_docs(std::string_view prefix) {
  std::vector<KeyDoc> keys;
  append_key_docs(keys, prefix, distribution_fields());
  return keys;
}

// One distribution as a flow map. `comment`: add a readable note (lognormal median and p99)
// after it; only where a comment may follow (a value in a block map).
void emit_distribution(YAML::Emitter& out, const dist::DistributionSpec& spec, bool comment) {
  DistributionKeys keys;
  static_cast<DistributionSpec&>(keys) = spec;
  out << YAML::Flow << YAML::BeginMap;
  print_fields_of_kind(out, distribution_fields(), keys, family_of(keys));
  out << YAML::EndMap;
  if (!comment) return;
  if (spec.family == Family::kLognormal) {
    out << YAML::Comment(fmt::format("median {:.6g}, p99 {:.6g}", dist::quantile_of(spec, 0.5),
                                     dist::quantile_of(spec, 0.99)));
  } else if (spec.family == Family::kEmpirical) {
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
