// File: sim/run/metrics_doc.cpp
#include "sim/run/metrics_doc.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/run/metrics.hpp"

namespace servesim::run {

namespace {

std::string type_text(const Metric& metric) {
  std::string text;
  switch (metric.type) {
    case MetricType::kNumber:
      text = "number";
      break;
    case MetricType::kInteger:
      text = "integer";
      break;
    case MetricType::kString:
      text = "string";
      break;
    case MetricType::kBoolean:
      text = "boolean";
      break;
  }
  return metric.nullable ? text + " or null" : text;
}

const char* combine_text(Combine combine) {
  switch (combine) {
    case Combine::kMeanCi:
      return "mean, ci95";
    case Combine::kMean:
      return "mean";
    case Combine::kSum:
      return "sum";
    case Combine::kSame:
      return "setting";
    case Combine::kFirst:
      return "first";
    case Combine::kAll:
      return "all";
    case Combine::kFirstFailure:
      return "first failure";
    case Combine::kRatioOfSums:
      return "ratio of sums";
  }
  return "?";
}

std::string meaning_text(const Metric& metric, bool markdown) {
  std::string text;
  if (!metric.when.empty()) {
    text =
        markdown ? fmt::format("*{} only:* ", metric.when) : fmt::format("({} only) ", metric.when);
  }
  return text + std::string(metric.meaning);
}

}  // namespace

std::string metrics_listing(std::string_view prefix) {
  std::size_t width = 0;
  for (const Metric& metric : metrics()) width = std::max(width, metric.name.size());
  std::string out;
  for (const Metric& metric : metrics()) {
    if (!metric.name.starts_with(prefix)) continue;
    out += fmt::format("{:<{}}  {:<15}  {:<8}  {:<13}  {}\n", metric.name, width, type_text(metric),
                       metric.unit.empty() ? "-" : metric.unit, combine_text(metric.combine),
                       meaning_text(metric, false));
  }
  return out;
}

std::string metrics_markdown() {
  std::string out =
      "| key | type | unit | replications | meaning |\n"
      "|---|---|---|---|---|\n";
  for (const Metric& metric : metrics()) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", metric.name, type_text(metric),
                       metric.unit.empty() ? "" : metric.unit, combine_text(metric.combine),
                       meaning_text(metric, true));
  }
  return out;
}

}  // namespace servesim::run
