// File: tests/io/samples_table_test.cpp
//
// `servesim fit`'s input (samples_table.hpp) and output (profile_writer.hpp): the two-column and
// single-column forms, located errors, and a written profile that the profile loader reads back.
#include "sim/io/samples_table.hpp"

#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "sim/core/error.hpp"
#include "sim/io/profile_writer.hpp"

namespace servesim::io {
namespace {

std::string error_of(const std::string& text, const SamplesTableColumns& columns = {}) {
  try {
    parse_samples_table(text, "s.csv", columns);
  } catch (const core::ConfigError& error) {
    return error.formatted();
  }
  return "";
}

TEST(SamplesTable, GroupsByBatchInFileOrder) {
  const SamplesTable table = parse_samples_table(
      "\xEF\xBB\xBF"
      "batch,latency_ms\r\n1,20.5\r\n8, 117\n\n1,19.75\n",
      "s.csv");
  EXPECT_TRUE(table.has_batch_column);
  EXPECT_EQ(table.rows, 3u);
  ASSERT_EQ(table.latency_by_batch.size(), 2u);
  EXPECT_EQ(table.latency_by_batch.at(1), (std::vector<double>{20.5, 19.75}));
  EXPECT_EQ(table.latency_by_batch.at(8), (std::vector<double>{117}));
}

TEST(SamplesTable, ColumnsByNameInAnyOrderWithExtraColumns) {
  const SamplesTable table = parse_samples_table("host,\"latency_ms\",bs\nx,3,2\ny,4,2\n", "s.csv",
                                                 {"bs", "latency_ms", true});
  EXPECT_EQ(table.latency_by_batch.at(2), (std::vector<double>{3, 4}));
}

TEST(SamplesTable, WithoutABatchColumnEverythingIsBatchOne) {
  const SamplesTable headed = parse_samples_table("latency_ms\n3\n4\n", "s.csv");
  EXPECT_FALSE(headed.has_batch_column);
  EXPECT_EQ(headed.latency_by_batch.at(1), (std::vector<double>{3, 4}));
  const SamplesTable bare = parse_samples_table("3\n4.5\n", "s.csv");
  EXPECT_EQ(bare.latency_by_batch.at(1), (std::vector<double>{3, 4.5}));
}

TEST(SamplesTable, Errors) {
  EXPECT_EQ(error_of(""),
            "s.csv: error: empty file (expected a header line such as 'batch,latency_ms')");
  EXPECT_EQ(error_of("batch,latency\n1,2\n"),
            "s.csv:1:1: error: no column 'latency_ms' in the header (columns: 'batch', "
            "'latency'); name the latency column with --latency-column");
  EXPECT_EQ(error_of("latency_ms\n1\n", {"bs", "latency_ms", true}),
            "s.csv:1:1: error: no column 'bs' in the header (columns: 'latency_ms')");
  EXPECT_EQ(error_of("batch,latency_ms\n1,2\n1,abc\n"),
            "s.csv:3:3: error: latency: not a number: 'abc'");
  EXPECT_EQ(error_of("batch,latency_ms\n1,0\n"), "s.csv:2:3: error: latency must be > 0 ms, got 0");
  EXPECT_EQ(error_of("batch,latency_ms\n1,.nan\n"),
            "s.csv:2:3: error: latency must be a finite number, got '.nan'");
  EXPECT_EQ(error_of("batch,latency_ms\n1.5,2\n"),
            "s.csv:2:1: error: batch size must be an integer, got '1.5'");
  EXPECT_EQ(error_of("batch,latency_ms\n0,2\n"),
            "s.csv:2:1: error: batch size must be in [1, 100000], got 0");
  EXPECT_EQ(error_of("batch,latency_ms\n1,2,3\n"),
            "s.csv:2:5: error: row has 3 fields, the header has 2");
  EXPECT_EQ(error_of("batch,latency_ms\n"), "s.csv:1:1: error: no data rows after the header");
  EXPECT_EQ(error_of("batch,batch,latency_ms\n1,1,2\n"),
            "s.csv:1:7: error: column 'batch' given twice");
  EXPECT_EQ(error_of(std::string("batch,latency_ms\n1,2\x01\n")),
            "s.csv:2:4: error: not a text file (byte 0x01); expected CSV text");
}

class ProfileWriter : public testing::IoTest {};

TEST_F(ProfileWriter, WritesAProfileTheLoaderReadsBack) {
  ProfileDocument doc;
  doc.header_comments = {"a comment", "", "with \"quotes\"\nand a newline"};
  doc.model = "net \"x\"";
  doc.hardware = "CPU\twith a tab";
  doc.source = "measured: s.csv";
  doc.method = "fitted";
  doc.latency_comment = "milliseconds";
  doc.latency_by_batch = {
      {1, dist::DistributionSpec::lognormal(2.9853812345678, 0.12033123456), "n=10"},
      {2, dist::DistributionSpec::gamma(33.6801234567, 0.1133333333), ""},
      {4, dist::DistributionSpec::weibull(9.1234567, 63.4567891), "x # y"},
      {8, dist::DistributionSpec::exponential(120.17912345), ""},
      {16, dist::DistributionSpec::shifted_exponential(200.123456789, 30.987654321),
       "EXTRAPOLATED"}};
  const std::string yaml = profile_yaml(doc);
  write("p.yaml", yaml);
  const auto loaded = load("models:\n  m: {profile: p.yaml}\npools:\n  - {name: p, model: m}\n");
  const cluster::ModelConfig& model = loaded.models.at("m");
  EXPECT_EQ(model.hardware, "CPU\twith a tab");
  EXPECT_EQ(model.source, "measured: s.csv");
  ASSERT_EQ(model.latency_by_batch.size(), 5u);
  EXPECT_EQ(model.latency_by_batch.at(1).mu, 2.98538);
  EXPECT_EQ(model.latency_by_batch.at(1).sigma, 0.120331);
  EXPECT_EQ(model.latency_by_batch.at(2).mean, 33.6801);
  EXPECT_EQ(model.latency_by_batch.at(2).cv, 0.113333);
  EXPECT_EQ(model.latency_by_batch.at(4).shape, 9.12346);
  EXPECT_EQ(model.latency_by_batch.at(4).scale, 63.4568);
  EXPECT_EQ(model.latency_by_batch.at(8).mean, 120.179);
  EXPECT_EQ(model.latency_by_batch.at(16).shift, 200.123);
  EXPECT_EQ(model.latency_by_batch.at(16).mean, 30.9877);
  EXPECT_NE(yaml.find("  1: {dist: lognormal, mu: 2.98538, sigma: 0.120331}   # n=10\n"),
            std::string::npos)
      << yaml;
}

TEST(RoundedNumber, SignificantDigitsAsShortestText) {
  EXPECT_EQ(rounded_number(2.9853812345678, 6), "2.98538");
  EXPECT_EQ(rounded_number(120.0, 6), "120");
  EXPECT_EQ(rounded_number(-0.000123456789, 3), "-0.000123");
  EXPECT_EQ(rounded_number(1234567.0, 3), "1230000");
}

}  // namespace
}  // namespace servesim::io
