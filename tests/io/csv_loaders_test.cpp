// File: tests/io/csv_loaders_test.cpp
//
// Trace and samples parsing on text, without files: values, spans, and located errors.
#include <gtest/gtest.h>

#include <random>

#include "sim/core/error.hpp"
#include "sim/io/samples_loader.hpp"
#include "sim/io/trace_loader.hpp"

namespace servesim::io {
namespace {

template <class Parse>
std::string error_of(Parse&& parse) {
  try {
    parse();
  } catch (const core::ConfigError& error) {
    return error.formatted();
  }
  return "";
}

TEST(TimestampTrace, ShiftsToZeroAndSpansWithTheMeanGap) {
  const auto trace = parse_timestamp_trace("time_s,tokens\r\n5,1\r\n5,2\r\n6\r\n\r\n8\n", "t.csv");
  EXPECT_EQ(trace->times_s, (std::vector<double>{0, 0, 1, 3}));
  EXPECT_EQ(trace->span_s, 4);  // 3 + mean gap 1
  EXPECT_TRUE(trace->counts.empty());
  EXPECT_EQ(trace->interval_s, 0);
}

TEST(TimestampTrace, AcceptsAByteOrderMarkAndQuotedHeader) {
  EXPECT_EQ(parse_timestamp_trace("\xEF\xBB\xBF\"time_s\"\n0\n1\n", "t.csv")->times_s.size(), 2u);
}

TEST(TimestampTrace, Errors) {
  EXPECT_EQ(error_of([] { parse_timestamp_trace("time_s\n-1\n0\n", "t.csv"); }),
            "t.csv:2:1: error: time must be >= 0, got -1");
  EXPECT_EQ(error_of([] { parse_timestamp_trace("time_s\n0\n1e999\n", "t.csv"); }),
            "t.csv:3:1: error: time must be a finite number, got '1e999'");
  EXPECT_EQ(error_of([] { parse_timestamp_trace("count\n1\n", "t.csv"); }),
            "t.csv:1:1: error: expected the header 'time_s' in the first line, got 'count'");
  EXPECT_EQ(error_of([] { parse_timestamp_trace("\n\n   \n", "t.csv"); }),
            "t.csv: error: empty file (expected a header line 'time_s')");
  EXPECT_EQ(error_of([] { parse_timestamp_trace("time_s\n1\n", "t.csv"); }),
            "t.csv:2:1: error: a timestamp trace needs at least two distinct times");
  EXPECT_EQ(error_of([] { parse_timestamp_trace(std::string("time_s\n0\n1\x00\n", 12), "t.csv"); }),
            "t.csv:3:2: error: not a text file (byte 0x00); expected CSV text");
}

TEST(CountTrace, CountsAndSpan) {
  const auto trace = parse_count_trace("count\n3\n0\n4294967295\n", "c.csv", 60);
  EXPECT_EQ(trace->counts, (std::vector<std::uint32_t>{3, 0, 4294967295u}));
  EXPECT_EQ(trace->interval_s, 60);
  EXPECT_EQ(trace->span_s, 180);
}

TEST(CountTrace, Errors) {
  EXPECT_EQ(error_of([] { parse_count_trace("count\n1.5\n", "c.csv", 1); }),
            "c.csv:2:1: error: count must be a non-negative integer, got '1.5'");
  EXPECT_EQ(error_of([] { parse_count_trace("count\n-1\n", "c.csv", 1); }),
            "c.csv:2:1: error: count must be a non-negative integer, got '-1'");
  EXPECT_EQ(error_of([] { parse_count_trace("count\n4294967296\n", "c.csv", 1); }),
            "c.csv:2:1: error: count out of range (at most 4294967295 per interval), got "
            "'4294967296'");
  EXPECT_EQ(error_of([] { parse_count_trace("count\nx\n", "c.csv", 1); }),
            "c.csv:2:1: error: not a number: 'x'");
  EXPECT_EQ(error_of([] { parse_count_trace("count\n0\n0\n", "c.csv", 1); }),
            "c.csv:2:1: error: a count trace needs at least one arrival (all counts are 0)");
}

TEST(Samples, WithAndWithoutHeader) {
  EXPECT_EQ(parse_samples("latency_ms\n3\n1\n", "s.csv"), (std::vector<double>{3, 1}));
  EXPECT_EQ(parse_samples("3\n1\n", "s.csv"), (std::vector<double>{3, 1}));
  EXPECT_EQ(error_of([] { parse_samples("latency\n3\n", "s.csv"); }),
            "s.csv:1:1: error: expected the header 'latency_ms' in the first line (or a number), "
            "got 'latency'");
  EXPECT_EQ(error_of([] { parse_samples("latency_ms\n.nan\n", "s.csv"); }),
            "s.csv:2:1: error: sample must be a finite number, got '.nan'");
}

// Fuzz: random bytes and mutations of valid files either parse or throw ConfigError; nothing
// else escapes and nothing crashes (run under sanitizers in the debug preset).
TEST(CsvFuzz, RandomInputOnlyEverThrowsConfigError) {
  std::mt19937_64 rng(7);
  const std::string seeds[] = {"time_s\n0\n0.5\n1.25\n", "count\n3\n0\n5\n", "latency_ms\n1\n2\n"};
  const std::string alphabet = "0123456789.,-+e\n\r\t time_scountlatency_ms\xff\x00";
  for (int round = 0; round < 20000; ++round) {
    std::string text = seeds[rng() % 3];
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int edit = 0; edit < edits; ++edit) {
      const std::size_t pos = text.empty() ? 0 : rng() % text.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(pos), c);
          break;
        case 1:
          if (!text.empty()) text.erase(pos, 1);
          break;
        default:
          if (!text.empty()) text[pos] = c;
          break;
      }
    }
    try {
      parse_timestamp_trace(text, "f.csv");
    } catch (const core::ConfigError&) {
    }
    try {
      parse_count_trace(text, "f.csv", 1);
    } catch (const core::ConfigError&) {
    }
    try {
      parse_samples(text, "f.csv");
    } catch (const core::ConfigError&) {
    }
  }
}

}  // namespace
}  // namespace servesim::io
