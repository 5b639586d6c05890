// File: sim/io/samples_loader.hpp
//
// Measured latency samples for `{dist: empirical, file}`: CSV with the header of
// kEmpiricalSamplesColumn (or no header: a single column of numbers), one sample in
// milliseconds per row, finite and >= 0.
// Errors are located in the samples file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/io/output_columns.hpp"
#include "sim/io/samples_table.hpp"

namespace servesim::io {

// The column of a samples file: the latency column of `servesim fit`'s tables
// (samples_table.hpp), with its own rules.
inline constexpr OutputColumn kEmpiricalSamplesColumn{
    kSamplesLatencyColumn.name, "ms", "",
    "one sample per row, finite and >= 0; the header is optional (a first line that is a number is "
    "a sample); further columns are ignored"};

// The samples in file order. `file` names the file in messages. Throws core::ConfigError.
std::vector<double> parse_samples(std::string_view text, const std::string& file);

}  // namespace servesim::io
