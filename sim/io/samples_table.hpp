// File: sim/io/samples_table.hpp
//
// Measured latencies per batch size, the input of `servesim fit`: CSV with a header naming the
// columns, one timed call per row, e.g.
//   batch,latency_ms
//   1,19.77
//   8,117.2
// Other columns are allowed and ignored; every row must have as many fields as the header. A
// file without the batch column (in particular the single-column `latency_ms` files that
// `{dist: empirical}` reads, with or without their header) is batch size 1 throughout.
// Latencies are milliseconds, finite and > 0; batch sizes integers in [1, kMaxBatchSize].
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/output_columns.hpp"

namespace servesim::io {

// The columns of a samples table, declared once: `servesim fit`'s default column names, the
// single latency column of {dist: empirical} files (samples_loader.hpp), and the docs' tables
// (`servesim metrics --file fit_samples`).
inline constexpr OutputColumn kSamplesBatchColumn{
    "batch", "", "",
    "batch size of the timed call, an integer in [1, 100000]; a file without this column is batch "
    "size 1 throughout (`servesim fit --batch-column` names another)"};
inline constexpr OutputColumn kSamplesLatencyColumn{
    "latency_ms", "ms", "",
    "the call's latency, finite and > 0 (`servesim fit --latency-column` names another); other "
    "columns are ignored"};

struct SamplesTable {
  std::map<int, std::vector<double>> latency_by_batch;  // ms, in file order per batch size
  bool has_batch_column = false;
  std::size_t rows = 0;  // data rows read
};

struct SamplesTableColumns {
  std::string batch = std::string(kSamplesBatchColumn.name);
  std::string latency = std::string(kSamplesLatencyColumn.name);
  // The batch column must exist (the user named it); otherwise a file without it is batch 1.
  bool batch_required = false;
};

// Throws core::ConfigError located in `file` (line and column of the offending field).
SamplesTable parse_samples_table(std::string_view text, const std::string& file,
                                 const SamplesTableColumns& columns = {});

}  // namespace servesim::io
