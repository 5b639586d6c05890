// File: sim/io/cdf_csv.hpp
//
// cdf.csv: `latency_ms,fraction` rows of the empirical latency CDF, at every 0.1% of the body and
// on a log grid in the tail (1 - fraction from 1e-3 down to 1e-6), so a log-tail plot is drawn
// faithfully to p99.99 and beyond; the last row is the maximum at fraction 1.
#pragma once

#include <ostream>
#include <span>

#include "sim/io/output_columns.hpp"
#include "sim/stats/latency_histogram.hpp"

namespace servesim::io {

// cdf.csv's columns, declared once (the header and docs/scenario.md's table come from them).
std::span<const OutputColumn> cdf_columns();

void write_cdf_csv(const stats::LatencyHistogram& latency, std::ostream& out);

}  // namespace servesim::io
