// File: sim/run/timeseries_csv.hpp
//
// DIR/timeseries.csv: one row per monitor interval of one replication (run_monitor.hpp), from
// time 0 until the last request was sent: 256 to 512 rows at equal spacing (the interval starts
// at 1 ms and doubles as the run grows). Its columns are declared once, in the table of
// timeseries_csv.cpp (name or pattern, unit, when present, meaning, and how the cell is
// computed): the writer walks that table for the header and for every row, `servesim metrics
// --file timeseries` lists it and docs/scenario.md's column table is generated from it.
#pragma once

#include <string>
#include <vector>

#include "sim/io/output_columns.hpp"
#include "sim/run/simulation.hpp"

namespace servesim::run {

// The declared columns in file order; a pattern ("utilization.<pool>") stands for one column per
// pool or per path.
std::vector<io::OutputColumn> timeseries_columns();

std::string timeseries_csv(const ReplicationResult& replication);

}  // namespace servesim::run
