// File: sim/io/samples_loader.hpp
//
// Measured latency samples for `{dist: empirical, file}`: CSV with the header `latency_ms` (or
// no header: a single column of numbers), one sample in milliseconds per row, finite and >= 0.
// Errors are located in the samples file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace servesim::io {

// The samples in file order. `file` names the file in messages. Throws core::ConfigError.
std::vector<double> parse_samples(std::string_view text, const std::string& file);

}  // namespace servesim::io
