// File: sim/run/metrics_doc.cpp
#include "sim/run/metrics_doc.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "sim/run/metrics.hpp"
#include "sim/run/output_files.hpp"

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

std::string column_meaning(const io::OutputColumn& column, bool markdown) {
  std::string text;
  if (!column.when.empty()) {
    text =
        markdown ? fmt::format("*{} only:* ", column.when) : fmt::format("({} only) ", column.when);
  }
  text += column.meaning;
  if (!markdown) return text;
  // A '|' inside a cell would end it.
  std::string escaped;
  for (const char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
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

std::string columns_listing(const OutputFile& file, std::string_view prefix) {
  const std::vector<io::OutputColumn> columns = file.columns();
  std::size_t width = 0;
  for (const io::OutputColumn& column : columns) width = std::max(width, column.name.size());
  std::string out;
  for (const io::OutputColumn& column : columns) {
    if (!column.name.starts_with(prefix)) continue;
    out += fmt::format("{:<{}}  {:<8}  {}\n", column.name, width,
                       column.unit.empty() ? "-" : column.unit, column_meaning(column, false));
  }
  return out;
}

std::string columns_markdown(const OutputFile& file) {
  std::string out = fmt::format("| {} | unit | meaning |\n|---|---|---|\n", file.heading);
  for (const io::OutputColumn& column : file.columns()) {
    out += fmt::format("| `{}` | {} | {} |\n", column.name, column.unit,
                       column_meaning(column, true));
  }
  return out;
}

std::string declared_names_json() {
  nlohmann::ordered_json json;
  nlohmann::ordered_json summary = nlohmann::ordered_json::array();
  for (const Metric& metric : metrics()) {
    summary.push_back({{"name", metric.name},
                       {"column", metric.column()},
                       {"type", type_text(metric)},
                       {"unit", metric.unit}});
  }
  json["summary"] = summary;
  nlohmann::ordered_json files = nlohmann::ordered_json::object();
  for (const OutputFile& file : output_files()) {
    nlohmann::ordered_json columns = nlohmann::ordered_json::array();
    for (const io::OutputColumn& column : file.columns()) {
      columns.push_back({{"name", column.name}, {"unit", column.unit}});
    }
    files[std::string(file.file)] = {
        {"name", file.name}, {"doc", file.doc}, {"input", file.input}, {"columns", columns}};
  }
  json["files"] = files;
  return json.dump(1) + "\n";
}

}  // namespace servesim::run
