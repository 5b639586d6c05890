// File: sim/cli/metrics_command.cpp
//
// `servesim metrics [PREFIX] [--file NAME] [--markdown] [--json]`: the figures servesim reports
// and the columns of its CSV files, from the same declarations summarize() and the writers use
// (run/metrics.hpp, run/output_files.hpp), like `sst-info`.
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/run/metrics_doc.hpp"
#include "sim/run/output_files.hpp"

namespace servesim::cli {

int metrics_command(const MetricsOptions& options) {
  if (options.json) {
    std::cout << run::declared_names_json();
    return 0;
  }
  if (!options.file.empty() && options.file != "summary" && options.file != "summary.json") {
    const run::OutputFile& file = run::require_output_file(options.file);
    if (options.markdown) {
      std::cout << run::columns_markdown(file);
      return 0;
    }
    const std::string listing = run::columns_listing(file, options.prefix);
    if (listing.empty()) {
      throw core::ConfigError("no column of " + std::string(file.file) + " starts with '" +
                              options.prefix + "'");
    }
    std::cout << listing;
    return 0;
  }
  if (options.markdown) {
    std::cout << run::metrics_markdown();
    return 0;
  }
  const std::string listing = run::metrics_listing(options.prefix);
  if (listing.empty()) {
    throw core::ConfigError("no metric name starts with '" + options.prefix + "'");
  }
  std::cout << listing;
  return 0;
}

}  // namespace servesim::cli
