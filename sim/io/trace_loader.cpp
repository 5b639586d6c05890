// File: sim/io/trace_loader.cpp
#include "sim/io/trace_loader.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

#include "sim/core/error.hpp"
#include "sim/io/csv_column.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/time_range.hpp"

namespace servesim::io {

namespace {

[[noreturn]] void fail_at(const std::string& file, const CsvField& cell,
                          const std::string& message) {
  throw core::ConfigError(core::SourceLocation{file, cell.line, cell.column}, message);
}

}  // namespace

std::shared_ptr<const cluster::ArrivalTrace> parse_timestamp_trace(std::string_view text,
                                                                   const std::string& file) {
  const CsvColumn column = read_first_column(text, file, kTimestampTraceColumn.name, false);
  const std::span<const CsvField> cells = column.cells();
  auto trace = std::make_shared<cluster::ArrivalTrace>();
  trace->times_s.reserve(cells.size());
  for (const CsvField& cell : cells) {
    const Parsed<double> parsed = parse_double(cell.text);
    if (parsed.status == NumberStatus::kNotFinite || parsed.status == NumberStatus::kOutOfRange) {
      fail_at(file, cell, fmt::format("time must be a finite number, got '{}'", cell.text));
    }
    if (parsed.status != NumberStatus::kOk) {
      fail_at(file, cell, fmt::format("not a number: '{}'", cell.text));
    }
    if (parsed.value < 0) fail_at(file, cell, fmt::format("time must be >= 0, got {}", cell.text));
    if (parsed.value > kMaxInputDurationS) {
      fail_at(file, cell,
              fmt::format("time must be <= {} s, got {}; {}", format_number(kMaxInputDurationS),
                          cell.text, kTimeDomainNote));
    }
    if (!trace->times_s.empty() && parsed.value < trace->times_s.back()) {
      fail_at(file, cell,
              fmt::format("times must not decrease: {} after {}", cell.text,
                          format_number(trace->times_s.back())));
    }
    trace->times_s.push_back(parsed.value);
  }
  const double first = trace->times_s.front();
  const double last = trace->times_s.back();
  if (trace->times_s.size() < 2 || !(last > first)) {
    // One arrival, or all at one instant: no rate to speak of, and a repeated pass would not
    // move time forward.
    throw core::ConfigError(core::SourceLocation{file, cells.front().line, 1},
                            "a timestamp trace needs at least two distinct times");
  }
  for (double& time : trace->times_s) time -= first;
  const double mean_gap = (last - first) / static_cast<double>(trace->times_s.size() - 1);
  trace->span_s = (last - first) + mean_gap;
  return trace;
}

std::shared_ptr<const cluster::ArrivalTrace> parse_count_trace(std::string_view text,
                                                               const std::string& file,
                                                               double interval_s) {
  const CsvColumn column = read_first_column(text, file, kCountTraceColumn.name, false);
  const std::span<const CsvField> cells = column.cells();
  auto trace = std::make_shared<cluster::ArrivalTrace>();
  trace->counts.reserve(cells.size());
  std::uint64_t total = 0;
  for (const CsvField& cell : cells) {
    const Parsed<std::uint64_t> parsed = parse_uint64(cell.text);
    if (parsed.status == NumberStatus::kNotANumber || parsed.status == NumberStatus::kNotFinite) {
      fail_at(file, cell, fmt::format("not a number: '{}'", cell.text));
    }
    if (parsed.status == NumberStatus::kNotInteger ||
        (parsed.status == NumberStatus::kOutOfRange && !cell.text.empty() &&
         cell.text.front() == '-')) {
      fail_at(file, cell, fmt::format("count must be a non-negative integer, got '{}'", cell.text));
    }
    if (parsed.status != NumberStatus::kOk ||
        parsed.value > std::numeric_limits<std::uint32_t>::max()) {
      fail_at(file, cell,
              fmt::format("count out of range (at most {} per interval), got '{}'",
                          std::numeric_limits<std::uint32_t>::max(), cell.text));
    }
    trace->counts.push_back(static_cast<std::uint32_t>(parsed.value));
    total += parsed.value;
  }
  if (total == 0) {
    // A repeated pass would loop forever without producing an arrival.
    throw core::ConfigError(core::SourceLocation{file, cells.front().line, 1},
                            "a count trace needs at least one arrival (all counts are 0)");
  }
  if (static_cast<double>(cells.size()) * interval_s > kMaxInputDurationS) {
    throw core::ConfigError(
        core::SourceLocation{file, cells.back().line, 1},
        fmt::format("the trace spans {} s ({} rows of {} s); at most {} s; {}",
                    format_number(static_cast<double>(cells.size()) * interval_s), cells.size(),
                    format_number(interval_s), format_number(kMaxInputDurationS), kTimeDomainNote));
  }
  trace->interval_s = interval_s;
  trace->span_s = static_cast<double>(trace->counts.size()) * interval_s;
  return trace;
}

}  // namespace servesim::io
