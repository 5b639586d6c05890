// File: sim/io/profile_writer.cpp
#include "sim/io/profile_writer.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/profile_loader.hpp"

namespace servesim::io {

namespace {

// A YAML double-quoted scalar: backslash, quote and control characters escaped.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A comment's text on one line (a newline would end the comment and start YAML).
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string flow_map(const dist::DistributionSpec& spec, int digits) {
  const auto num = [digits](double value) { return rounded_number(value, digits); };
  const std::string name = dist::family_name(spec.family);
  switch (spec.family) {
    case dist::Family::kConstant:
      return fmt::format("{{dist: {}, value: {}}}", name, num(spec.value));
    case dist::Family::kExponential:
      return fmt::format("{{dist: {}, mean: {}}}", name, num(spec.mean));
    case dist::Family::kLognormal:
      return fmt::format("{{dist: {}, mu: {}, sigma: {}}}", name, num(spec.mu), num(spec.sigma));
    case dist::Family::kGamma:
      return fmt::format("{{dist: {}, mean: {}, cv: {}}}", name, num(spec.mean), num(spec.cv));
    case dist::Family::kWeibull:
    case dist::Family::kPareto:
      return fmt::format("{{dist: {}, shape: {}, scale: {}}}", name, num(spec.shape),
                         num(spec.scale));
    case dist::Family::kShiftedExponential:
      return fmt::format("{{dist: {}, shift: {}, mean: {}}}", name, num(spec.shift),
                         num(spec.mean));
    case dist::Family::kEmpirical:
      return fmt::format("{{dist: {}, file: {}}}", name, quoted(spec.source_file));
    case dist::Family::kUniform:
      return fmt::format("{{dist: {}, min: {}, max: {}}}", name, num(spec.min), num(spec.max));
  }
  SERVESIM_ASSERT(false, "profile_yaml: unknown family");
  return "";
}

}  // namespace

std::string rounded_number(double value, int digits) {
  const Parsed<double> rounded = parse_double(fmt::format("{:.{}g}", value, digits));
  SERVESIM_ASSERT(rounded.status == NumberStatus::kOk, "rounded_number: not finite");
  return format_number(rounded.value);
}

std::string profile_yaml(const ProfileDocument& profile, int significant_digits) {
  std::string out;
  for (const std::string& line : profile.header_comments) {
    out += line.empty() ? "#\n" : "# " + one_line(line) + "\n";
  }
  // The keys are profile_loader's declarations, in their order.
  using enum ProfileKey;
  const auto line = [&out](ProfileKey key, const std::string& value) {
    out += fmt::format("{}: {}\n", profile_key(key), value);
  };
  line(kModel, quoted(profile.model));
  line(kHardware, quoted(profile.hardware));
  line(kSource, quoted(profile.source));
  line(kStatus, profile.status);
  if (!profile.method.empty()) line(kMethod, quoted(profile.method));
  if (profile.accuracy) line(kAccuracy, format_number(*profile.accuracy));
  out += fmt::format("{}:", profile_key(kLatencyByBatch));
  if (!profile.latency_comment.empty()) out += "   # " + one_line(profile.latency_comment);
  out += "\n";
  for (const ProfileEntry& entry : profile.latency_by_batch) {
    out += fmt::format("  {}: {}", entry.batch, flow_map(entry.latency, significant_digits));
    if (!entry.comment.empty()) out += "   # " + one_line(entry.comment);
    out += "\n";
  }
  return out;
}

}  // namespace servesim::io
