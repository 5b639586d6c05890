// File: sim/io/csv_reader.hpp
//
// The one CSV reader (RFC 4180) behind every CSV input: arrival traces, latency samples,
// `servesim fit` tables, accuracy tables and sweep.csv. It checks that the bytes are text, splits
// rows and fields, and gives every field its line and column, so that the loaders, which give
// the fields meaning, report errors as FILE:LINE:COL. The fields are views: rows are not
// allocated one by one, so a trace of millions of rows costs one vector of fields.
//
// Dialect: a UTF-8 byte-order mark is skipped; rows end at "\n" or "\r\n" outside quotes (a lone
// '\r' outside quotes is dropped); blank rows are skipped; a field in double quotes may hold
// commas, line breaks and doubled quotes (""), and a quote inside an unquoted field is an
// ordinary character. Rows may have different numbers of fields: the caller decides.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::io {

struct CsvField {
  std::string_view text;  // the content: quotes removed, doubled quotes made single
  int line = 0;           // 1-based line where the field starts
  int column = 0;         // 1-based byte column where it starts (its opening quote, if quoted)
};

struct CsvOptions {
  // Remove blanks (spaces, tabs) around fields, for number files written by hand; a row of
  // blanks is then a blank row. sweep.csv and accuracy tables keep fields exactly.
  bool trim_blanks = false;
  // Keep only each row's first field (the others are still checked): the trace and samples
  // loaders need no more, and a trace may have millions of rows.
  bool first_field_only = false;
};

// The rows of a CSV text. Its fields view the text given to parse_csv (which must outlive it)
// and, for quoted fields with doubled quotes, strings it owns.
class CsvRows {
 public:
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  std::span<const CsvField> operator[](std::size_t row) const {
    return std::span<const CsvField>(fields_).subspan(rows_[row].first, rows_[row].count);
  }
  int line(std::size_t row) const { return rows_[row].line; }
  // Every field of every row, in order (with first_field_only: the first column).
  std::span<const CsvField> fields() const { return fields_; }

 private:
  friend CsvRows parse_csv(std::string_view, const std::string&, const CsvOptions&);
  struct Row {
    std::size_t first = 0;
    std::size_t count = 0;
    int line = 0;
  };
  std::vector<CsvField> fields_;
  std::vector<Row> rows_;
  std::deque<std::string> unescaped_;  // a deque: its strings never move
};

// Throws core::ConfigError located in `file` for bytes that no text file has (NUL, control
// characters, invalid UTF-8), an unterminated quoted field, or text after a closing quote.
// REQUIRES: `text` outlives the result.
CsvRows parse_csv(std::string_view text, const std::string& file, const CsvOptions& options = {});

// Throws core::ConfigError at the second of two fields of `header` with one name ("column 'a'
// appears twice in the header (columns 1 and 3)"): a reader looking a column up by name would
// silently take one of them.
void require_unique_names(std::span<const CsvField> header, const std::string& file);

}  // namespace servesim::io
