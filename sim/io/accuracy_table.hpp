// File: sim/io/accuracy_table.hpp
//
// Accuracy tables (models/accuracy/*.csv): one row per (dataset, model, k, r, encoder, decoder)
// with the accuracy of available (original) and degraded-mode (reconstructed) answers and a
// source column. Fields may be quoted (RFC 4180: "a, b" and "" for a quote), since sources are
// citations with commas.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace servesim::io {

struct AccuracyRow {
  std::string dataset;
  std::string model;
  std::optional<int> k;  // empty cell: the row is not specific to a code
  std::optional<int> r;
  std::string encoder;
  std::string decoder;
  std::optional<double> available_accuracy;
  std::optional<double> degraded_accuracy;
  std::string source;
  int line = 0;
};

// Parses a table. Throws core::ConfigError located in `file` for a missing column, a bad number,
// an accuracy outside [0, 1], an unterminated quote or a file that is not text.
std::vector<AccuracyRow> parse_accuracy_table(const std::string& text, const std::string& file);

}  // namespace servesim::io

namespace servesim::io {

// Ensemble accuracy tables: columns dataset, members ("a+b+c"), top1_accuracy, source.
struct EnsembleAccuracyRow {
  std::string dataset;
  std::string members;
  double accuracy = 0;
  int line = 0;
};
std::vector<EnsembleAccuracyRow> parse_ensemble_table(const std::string& text,
                                                      const std::string& file);

}  // namespace servesim::io
