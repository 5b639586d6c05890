// File: sim/run/output_files.hpp
//
// The CSV files servesim writes and reads, each with its columns declared once (io::OutputColumn
// tables beside each writer): `servesim metrics --file NAME` lists them, `servesim metrics --json`
// prints every declared name (summary figures and these columns) for tools such as
// tests/analysis_names_test.py, and the column tables of docs/ are generated from them between
// markers `<!-- BEGIN columns: FILE ... -->` and `<!-- END columns: FILE -->`
// (tools/update_metrics_doc.sh; tests/run/metrics_test.cpp fails while one is stale).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/output_columns.hpp"

namespace servesim::run {

struct OutputFile {
  std::string_view name;  // the argument of `servesim metrics --file`: "timeseries"
  std::string_view file;  // "timeseries.csv"
  std::string_view doc;   // the page holding its generated table, relative to the repository
  std::vector<io::OutputColumn> (*columns)();
  bool input = false;  // a file servesim reads (a trace, samples, a table), not one it writes
  std::string_view heading = "column";  // what a row of its docs table is: "column" or "key"
};

// Every CSV file with declared columns, outputs then inputs, in the order the docs present them.
std::span<const OutputFile> output_files();
// The file named `name` ("timeseries" or "timeseries.csv"); throws core::ConfigError listing the
// names otherwise.
const OutputFile& require_output_file(std::string_view name);

// requests.csv (`servesim run --trace`): its columns, in the order
// cluster::RequestRecorder writes each row.
std::span<const io::OutputColumn> request_log_columns();

// The marker lines around a file's generated table in its doc.
std::string columns_doc_begin(const OutputFile& file);
std::string columns_doc_end(const OutputFile& file);

}  // namespace servesim::run
