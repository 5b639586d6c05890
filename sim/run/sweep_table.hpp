// File: sim/run/sweep_table.hpp
//
// sweep.csv read back: the one reader of the format that run/sweep.hpp writes, for `servesim
// compare` and `sweep --merge`. Columns before `replication` are the swept keys; the rest are
// figures, each cell turned back into the value it was written from, typed by the figure's
// declaration (metrics.hpp): a number, an integer, a boolean (1/0), text, or absent (empty).
// Numbers were written in shortest round-trip form, so they come back exactly. Columns that no
// declaration names, and cells that do not hold their declared type (a file of another
// version, an edited cell), are kept as the text written: --merge writes them back unchanged,
// and compare refuses such a cell only in the metric it compares.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/sweep_csv.hpp"
#include "sim/run/sweep.hpp"

namespace servesim::run {

enum class SweepRowKind { kReplication, kMean, kCi95 };

struct SweepTableRow {
  std::vector<std::string> values;  // cells of the swept keys
  SweepRowKind kind = SweepRowKind::kReplication;
  std::int64_t replication = 0;  // kReplication: its index (>= 0)
  Figures figures;               // one per figure column, in column order
  int line = 0;                  // 1-based line where the row starts
};

struct SweepTable {
  std::string file;
  std::vector<std::string> keys;     // swept keys (and `label`), before `replication`
  std::vector<std::string> columns;  // figure columns, after it
  std::vector<SweepTableRow> rows;

  // Index of figure column `name` in `columns` (and in each row's figures), or -1.
  int column(std::string_view name) const;
};

// Throws core::ConfigError at FILE:LINE for a file that is not a sweep.csv (no `replication`
// column) or a replication that is not mean, ci95 or an integer >= 0, and for what
// io::read_csv_table refuses.
SweepTable sweep_table(const io::CsvTable& csv);
SweepTable read_sweep_table(const std::string& file);

}  // namespace servesim::run
