// File: tests/io/csv_reader_test.cpp
//
// The one CSV reader: RFC 4180 fields (quotes, doubled quotes, line breaks inside quotes), the
// line and column of every field, blank rows, trimming, and the located errors every CSV input
// relies on (not text, unterminated quote, text after a closing quote), each checked against the
// position counted by hand in the literal.
#include "sim/io/csv_reader.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/io/accuracy_table.hpp"
#include "sim/io/sweep_csv.hpp"

namespace servesim::io {
namespace {

std::string error_of(std::string_view text, const CsvOptions& options = {}) {
  try {
    parse_csv(text, "f.csv", options);
  } catch (const core::ConfigError& error) {
    return error.formatted();
  }
  return "";
}

std::vector<std::string> texts(std::span<const CsvField> fields) {
  std::vector<std::string> out;
  for (const CsvField& field : fields) out.emplace_back(field.text);
  return out;
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const std::string text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n3,,\"\"\n";
  const CsvRows rows = parse_csv(text, "f.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(texts(rows[0]), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(texts(rows[1]), (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(texts(rows[2]), (std::vector<std::string>{"3", "", ""}));
  // Row 2 starts on line 2; its third field's quote is at byte column 21; the row after the
  // quoted line break and the blank line starts on line 5.
  EXPECT_EQ(rows.line(1), 2);
  EXPECT_EQ(rows[1][2].column, 21);
  EXPECT_EQ(rows.line(2), 5);
  EXPECT_EQ(rows[2][1].column, 3);
}

TEST(CsvReader, TrimmingAndFirstFieldOnly) {
  const std::string text = "\xEF\xBB\xBF  time_s , extra\n  1.5\t,x\n   \n\"2\" ,y\n";
  const CsvRows rows = parse_csv(text, "f.csv", CsvOptions{true, true});
  ASSERT_EQ(rows.size(), 3u);  // the row of blanks is blank
  ASSERT_EQ(rows.fields().size(), 3u);
  EXPECT_EQ(rows.fields()[0].text, "time_s");
  EXPECT_EQ(rows.fields()[0].column, 3);
  EXPECT_EQ(rows.fields()[1].text, "1.5");
  EXPECT_EQ(rows.fields()[2].text, "2");
  EXPECT_EQ(rows.fields()[2].line, 4);
  // Untrimmed, blanks are content.
  EXPECT_EQ(parse_csv("a, b\n", "f.csv")[0][1].text, " b");
}

TEST(CsvReader, LocatedErrors) {
  EXPECT_EQ(error_of("a,b\n1,\"open\n2,3\n"), "f.csv:2:3: error: unterminated quoted field");
  EXPECT_EQ(error_of("a\n\"x\"y\n"),
            "f.csv:2:4: error: unexpected text after a closing quote (a quote inside a quoted "
            "field is written twice: \"\")");
  EXPECT_EQ(error_of(std::string("a\n1\x00\n", 5)),
            "f.csv:2:2: error: not a text file (byte 0x00); expected CSV text");
  EXPECT_EQ(error_of("a\n\xC3\x28\n"),
            "f.csv:2:1: error: not a text file (byte 0xc3); expected CSV text");
  EXPECT_TRUE(parse_csv("", "f.csv").empty());
  EXPECT_TRUE(parse_csv("\r\n\n", "f.csv").empty());
}

TEST(CsvReader, EveryBadByteIsFoundAtItsColumnWhereverItSitsInAnEightByteWord) {
  // The text check reads 8 printable bytes at a time; a bad byte at any offset of such a word,
  // on the first line or after a line break, is still reported where it is.
  for (const unsigned char bad : {0x00, 0x01, 0x08, 0x0B, 0x1F, 0x7F, 0x80, 0xC0, 0xFF}) {
    for (std::size_t offset = 0; offset < 17; ++offset) {
      for (const std::string prefix : {"", "ab\n"}) {
        std::string text = prefix + std::string(24, 'x') + "\n";
        text[prefix.size() + offset] = static_cast<char>(bad);
        const int line = prefix.empty() ? 1 : 2;
        EXPECT_EQ(error_of(text),
                  fmt::format("f.csv:{}:{}: error: not a text file (byte 0x{:02x}); "
                              "expected CSV text",
                              line, offset + 1, bad))
            << int(bad) << " at " << offset;
      }
    }
  }
  std::string printable;
  for (int c = 0x20; c < 0x7F; ++c) printable += static_cast<char>(c == ',' || c == '"' ? 'x' : c);
  EXPECT_EQ(parse_csv(printable + "\n", "f.csv")[0][0].text, printable);
}

TEST(CsvReader, EveryCsvInputRefusesTheSameBadBytes) {
  // sweep.csv and accuracy tables go through the same checks as traces.
  const std::string binary("a,b\n1,\x01\n", 8);
  EXPECT_THROW(parse_csv_table(binary, "s.csv"), core::ConfigError);
  EXPECT_THROW(parse_accuracy_table(binary, "t.csv"), core::ConfigError);
  try {
    parse_accuracy_table("dataset,model,dataset\nx,y,z\n", "t.csv");
    FAIL();
  } catch (const core::ConfigError& error) {
    EXPECT_EQ(error.formatted(),
              "t.csv:1:15: error: column 'dataset' appears twice in the header "
              "(columns 1 and 3)");
  }
}

}  // namespace
}  // namespace servesim::io
