// File: sim/io/trace_loader.hpp
//
// Arrival traces from CSV text (traces/README.md describes the files):
//  - timestamps: header kTimestampTraceColumn, one arrival time per row in seconds,
//    non-decreasing, >= 0. Times are shifted so the first is 0. One pass spans last - first +
//    the mean gap, so a repeated trace keeps its rhythm across the seam instead of putting two
//    arrivals together.
//  - counts: header kCountTraceColumn, one non-negative integer per row, the arrivals of one
//    interval of `interval_s` seconds. One pass spans rows * interval_s.
// Errors are located in the trace file: "traces/x.csv:17:1: error: not a number: 'abc'".
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sim/cluster/workload_config.hpp"
#include "sim/io/output_columns.hpp"

namespace servesim::io {

// The one column of each trace format, declared once (the reader's header, the docs' tables).
inline constexpr OutputColumn kTimestampTraceColumn{
    "time_s", "s", "",
    "arrival time, one per row: finite, >= 0, never decreasing; at least two distinct times"};
inline constexpr OutputColumn kCountTraceColumn{
    "count", "count", "",
    "arrivals in one `interval_s` interval, one interval per row: an integer in [0, 2^32 - 1]; at "
    "least one > 0"};

// `file` names the trace in messages. Throws core::ConfigError.
std::shared_ptr<const cluster::ArrivalTrace> parse_timestamp_trace(std::string_view text,
                                                                   const std::string& file);
// REQUIRES: interval_s > 0 and finite.
std::shared_ptr<const cluster::ArrivalTrace> parse_count_trace(std::string_view text,
                                                               const std::string& file,
                                                               double interval_s);

}  // namespace servesim::io
