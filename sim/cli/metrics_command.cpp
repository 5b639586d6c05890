// File: sim/cli/metrics_command.cpp
//
// `servesim metrics [PREFIX] [--markdown]`: the figures servesim reports, from the same
// declarations summarize() and sweep.csv use (run/metrics.hpp), like `sst-info`.
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/run/metrics_doc.hpp"

namespace servesim::cli {

int metrics_command(const MetricsOptions& options) {
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
