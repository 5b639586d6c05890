// File: sim/io/accuracy_table.hpp
//
// Accuracy tables (models/accuracy/*.csv): one row per (dataset, model, k, r, encoder, decoder)
// with the accuracy of available (original) and degraded-mode (reconstructed) answers and a
// source column. Fields may be quoted (RFC 4180: "a, b" and "" for a quote), since sources are
// citations with commas.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/io/output_columns.hpp"

namespace servesim::io {

// The columns an accuracy table must have (in any order; extra columns are allowed), declared
// once: the reader's check, its error text and the docs' table come from them.
std::span<const OutputColumn> accuracy_table_columns();

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

// Ensemble accuracy tables: the columns below (members "a+b+c"), declared once as above.
std::span<const OutputColumn> ensemble_accuracy_columns();

struct EnsembleAccuracyRow {
  std::string dataset;
  std::string members;
  double accuracy = 0;
  int line = 0;
};
std::vector<EnsembleAccuracyRow> parse_ensemble_table(const std::string& text,
                                                      const std::string& file);

}  // namespace servesim::io
