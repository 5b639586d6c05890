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

namespace servesim::io {

struct SamplesTable {
  std::map<int, std::vector<double>> latency_by_batch;  // ms, in file order per batch size
  bool has_batch_column = false;
  std::size_t rows = 0;  // data rows read
};

struct SamplesTableColumns {
  std::string batch = "batch";
  std::string latency = "latency_ms";
  // The batch column must exist (the user named it); otherwise a file without it is batch 1.
  bool batch_required = false;
};

// Throws core::ConfigError located in `file` (line and column of the offending field).
SamplesTable parse_samples_table(std::string_view text, const std::string& file,
                                 const SamplesTableColumns& columns = {});

}  // namespace servesim::io
