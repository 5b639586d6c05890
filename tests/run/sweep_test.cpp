// File: tests/run/sweep_test.cpp
//
// The parts of a sweep below the command line: aggregate rows, the sweep.csv text (column
// union, quoting, order), the crash-safe row log (torn lines, locking), and `compare`'s verdicts.
#include "sim/run/sweep.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "servesim_process.hpp"
#include "sim/core/error.hpp"
#include "sim/io/sweep_csv.hpp"
#include "sim/run/sweep_compare.hpp"
#include "sim/run/sweep_row_log.hpp"
#include "sim/run/sweep_table.hpp"
#include "sim/stats/tally.hpp"

namespace servesim::run {
namespace {

using testing::read_file;
using testing::TempDir;

using Value = io::SummaryValue;
const Value kAbsent{};
Value text(const char* value) { return Value(std::string(value)); }
Value count(std::int64_t value) { return Value(value); }

// aggregate_cells, as the cells sweep.csv writes.
std::pair<std::string, std::string> aggregate_text(const std::vector<Value>& cells,
                                                   bool all_must_hold = false) {
  const auto [mean, half] = aggregate_cells(cells, all_must_hold);
  return {cell_text(mean), cell_text(half)};
}

TEST(SweepAggregate, MeanAndHalfWidthOfNumbers) {
  const auto [mean, half] = aggregate_cells({Value(1.0), Value(2.0), Value(4.0)});
  stats::Tally tally;
  for (double x : {1.0, 2.0, 4.0}) tally.record(x);
  EXPECT_EQ(std::get<double>(mean), tally.mean());
  EXPECT_EQ(std::get<double>(half), stats::ci95_half_width(tally.stddev(), 3));
  // t(0.975, 2) = 4.3027: half-width = 4.3027 x s / sqrt(3), s = 1.5275.
  EXPECT_NEAR(std::get<double>(half), 4.302653 * 1.527525 / std::sqrt(3.0), 1e-5);
  // Integer counts average as numbers.
  EXPECT_EQ(aggregate_text({count(3), count(4)}).first, "3.5");
}

TEST(SweepAggregate, EqualCellsAreCopiedOthersLeftEmpty) {
  using Cells = std::pair<std::string, std::string>;
  EXPECT_EQ(aggregate_text({text("quickstart"), text("quickstart")}), Cells("quickstart", ""));
  EXPECT_EQ(aggregate_text({count(12), count(12)}), Cells("12", "0"));
  EXPECT_EQ(aggregate_text({count(12)}), Cells("12", ""));
  EXPECT_EQ(aggregate_text({kAbsent, kAbsent}), Cells("", ""));
  EXPECT_EQ(aggregate_text({Value(1.0), kAbsent}), Cells("", ""));
  EXPECT_EQ(aggregate_text({text("a"), text("b")}), Cells("", ""));
  // A single replication: its value, no half-width.
  EXPECT_EQ(aggregate_text({Value(2.5)}).second, "");
  // -0 and 0 are different cells, so they are averaged (to 0), not copied.
  EXPECT_EQ(aggregate_text({Value(-0.0), Value(0.0)}), Cells("0", "0"));
}

TEST(SweepAggregate, AVerdictHoldsOnlyIfItHoldsInEveryReplication) {
  const Value yes(std::in_place_type<bool>, true);
  const Value no(std::in_place_type<bool>, false);
  using Cells = std::pair<std::string, std::string>;
  EXPECT_EQ(aggregate_text({yes, no, yes}, true), Cells("0", ""));
  EXPECT_EQ(aggregate_text({yes, yes}, true), Cells("1", "0"));
  EXPECT_EQ(aggregate_text({no}, true), Cells("0", ""));
}

TEST(SweepCsv, RowsPerReplicationThenMeanAndCi95InPointOrder) {
  std::vector<PointRows> points;
  points.push_back({{"100", "{kind: hedge, delay: 5}"},
                    {{{"scenario", text("s")}, {"latency_ms.p99", Value(1.0)}},
                     {{"scenario", text("s")}, {"latency_ms.p99", Value(3.0)}}}});
  points.push_back({{"200", "none"},
                    {{{"scenario", text("s")}, {"latency_ms.p99", Value(5.0)},
                      {"pools.b.instances", count(2)}},
                     {{"scenario", text("s")}, {"latency_ms.p99", Value(5.0)},
                      {"pools.b.instances", count(2)}}}});
  const std::string text = sweep_csv_text({"rate", "redundancy"}, points);
  const std::string half = fmt::format("{}", stats::ci95_half_width(std::sqrt(2.0), 2));
  EXPECT_EQ(text,
            "rate,redundancy,replication,scenario,latency_ms.p99,pools.b.instances\n"
            "100,\"{kind: hedge, delay: 5}\",0,s,1,\n"
            "100,\"{kind: hedge, delay: 5}\",1,s,3,\n"
            "100,\"{kind: hedge, delay: 5}\",mean,s,2,\n"
            "100,\"{kind: hedge, delay: 5}\",ci95,," +
                half +
                ",\n"
                "200,none,0,s,5,2\n"
                "200,none,1,s,5,2\n"
                "200,none,mean,s,5,2\n"
                "200,none,ci95,,0,0\n");
  // Read back, the quoted cell is one field again, and every figure is the value written.
  const SweepTable table = sweep_table(io::parse_csv_table(text, "x.csv"));
  ASSERT_EQ(table.rows.size(), 8u);
  EXPECT_EQ(table.rows[0].values[1], "{kind: hedge, delay: 5}");
  EXPECT_EQ(table.rows[1].figures[1], points[0].replications[1][1]);
  EXPECT_EQ(table.rows[1].figures[2].second, kAbsent);  // a figure this point lacks
  EXPECT_EQ(table.rows[4].figures, points[1].replications[0]);
  EXPECT_EQ(table.rows[3].kind, SweepRowKind::kCi95);
  EXPECT_EQ(std::get<double>(table.rows[3].figures[1].second), std::stod(half));
}

TEST(SweepTable, CellsComeBackAsTheirDeclaredTypeAndBadOnesAreLocated) {
  const std::string csv =
      "rate,replication,requests,latency_ms.p99,stable,stability.reason,point_dir\n"
      "5,0,4000,0.1,1,,points/ab\n"
      "5,mean,4000.5,0.1,0,,points/ab\n";
  const SweepTable table = sweep_table(io::parse_csv_table(csv, "s.csv"));
  EXPECT_EQ(table.rows[0].figures[0].second, count(4000));
  EXPECT_EQ(table.rows[0].figures[1].second, Value(0.1));
  EXPECT_EQ(table.rows[0].figures[2].second, Value(std::in_place_type<bool>, true));
  EXPECT_EQ(table.rows[0].figures[3].second, kAbsent);
  EXPECT_EQ(table.rows[0].figures[4].second, text("points/ab"));
  EXPECT_EQ(table.rows[1].figures[0].second, Value(4000.5));  // a mean is a number
  // A cell that is not of its declared type stays the text written (merged back unchanged);
  // compare refuses it in the metric it reads.
  const std::string edited = "rate,replication,requests\n5,0,many\n5,1,7\n";
  EXPECT_EQ(sweep_table(io::parse_csv_table(edited, "s.csv")).rows[0].figures[0].second,
            text("many"));
  try {
    compare_sweeps(sweep_table(io::parse_csv_table(edited, "s.csv")),
                   sweep_table(io::parse_csv_table(edited, "t.csv")), "requests", 0);
    FAIL();
  } catch (const core::ConfigError& error) {
    EXPECT_EQ(error.formatted(), "s.csv:2:1: error: requests: 'many' is not a number");
  }
  EXPECT_THROW(sweep_table(io::parse_csv_table("rate,replication\n5,first\n", "s.csv")),
               core::ConfigError);
  EXPECT_THROW(sweep_table(io::parse_csv_table("rate,p99\n5,1\n", "s.csv")), core::ConfigError);
}

TEST(SweepCsv, NewFiguresSitAfterTheirPredecessorAndSweptKeysAreNotRepeated) {
  std::vector<PointRows> points;
  points.push_back({{"1"}, {{{"seed", count(7)}, {"pools.a.x", count(1)}, {"sim.events", count(9)}}}});
  points.push_back({{"2"},
                    {{{"seed", count(7)}, {"pools.a.x", count(1)}, {"pools.b.x", count(4)},
                      {"sim.events", count(9)}}}});
  const std::string text = sweep_csv_text({"seed"}, points);
  EXPECT_EQ(text.substr(0, text.find('\n')), "seed,replication,pools.a.x,pools.b.x,sim.events");
}

TEST(SweepCsv, ReaderHandlesQuotesCrLfAndReportsBadRows) {
  const auto table = io::parse_csv_table("a,b\r\n\"x,\"\"y\"\"\",2\r\n\r\n3,4\n", "t.csv");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0][0], "x,\"y\"");
  EXPECT_EQ(table.row_lines[1], 4);
  EXPECT_EQ(io::csv_field("x,\"y\""), "\"x,\"\"y\"\"\"");
  try {
    io::parse_csv_table("a,b\n1,2\n3\n", "t.csv");
    FAIL();
  } catch (const core::ConfigError& error) {
    EXPECT_EQ(error.formatted(), "t.csv:3:1: error: expected 2 fields (as in the header), got 1");
  }
}

// ---------------------------------------------------------------------------------------------
// Row log

LoggedRow row(const std::string& id, int rep, double value) {
  return LoggedRow{id,
                   rep,
                   {{"scenario", text("a \"quoted\", name")},
                    {"latency_ms.p99", Value(value)},
                    {"requests", count(4000)},
                    {"accuracy", kAbsent},
                    {"stable", Value(std::in_place_type<bool>, false)}}};
}

TEST(RowLog, RowsSurviveAndATornLastLineIsCutOff) {
  TempDir dir;
  const auto path = dir.path() / "rows.jsonl";
  {
    RowLog log(path, false);
    log.append(row("aa", 0, 1.5));
    log.append(row("bb", 1, 2.5));
  }
  // A kill in the middle of a write leaves a line without its '\n'.
  {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << R"({"point":"cc","replication":0,"figu)";
  }
  {
    RowLog log(path, true);
    ASSERT_EQ(log.recovered().size(), 2u);
    EXPECT_EQ(log.recovered()[1].point_id, "bb");
    EXPECT_EQ(log.recovered()[1].replication, 1);
    EXPECT_EQ(log.recovered()[0].figures, row("aa", 0, 1.5).figures);
    log.append(row("cc", 0, 3.5));
  }
  const std::string text = read_file(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);  // header + 3 rows, no torn bytes
  RowLog again(path, true);
  EXPECT_EQ(again.recovered().size(), 3u);
  EXPECT_EQ(again.recovered()[2].figures[1].second, Value(3.5));
}

TEST(RowLog, WithoutResumeStartsOverAndRemoveDeletes) {
  TempDir dir;
  const auto path = dir.path() / "rows.jsonl";
  {
    RowLog log(path, false);
    log.append(row("aa", 0, 1));
  }
  RowLog log(path, false);
  EXPECT_TRUE(log.recovered().empty());
  EXPECT_EQ(read_file(path), "{\"servesim_sweep_rows\":2}\n");
  log.remove();
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(RowLog, RefusesForeignFilesAndConcurrentWriters) {
  TempDir dir;
  const auto foreign = dir.write("rows.jsonl", "latency_ms,fraction\n1,0.5\n");
  EXPECT_THROW(RowLog(foreign, true), core::ConfigError);
  // A log of the text format (version 1) is not resumed: its cells would come back as text.
  const auto text_log = dir.write(
      "v1.jsonl",
      "{\"servesim_sweep_rows\":1}\n{\"point\":\"aa\",\"replication\":0,\"figures\":[]}\n");
  EXPECT_THROW(RowLog(text_log, true), core::ConfigError);
  const auto path = dir.path() / "locked.jsonl";
  RowLog first(path, false);
  try {
    RowLog second(path, true);
    FAIL() << "two writers";
  } catch (const core::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("another servesim sweep"), std::string::npos);
  }
}

TEST(RowLog, JsonRoundTrip) {
  const LoggedRow original = row("0123456789abcdef", 7, 1e-05);
  const auto parsed = parse_row_json(row_json(original));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->point_id, original.point_id);
  EXPECT_EQ(parsed->replication, 7);
  EXPECT_EQ(parsed->figures, original.figures);
  EXPECT_EQ(row_json(original).find('\n'), std::string::npos);
  EXPECT_FALSE(parse_row_json("{\"point\":1}"));
  EXPECT_FALSE(parse_row_json("not json"));
}

// ---------------------------------------------------------------------------------------------
// compare

// A sweep.csv with one swept key and `reps` replications of p999 per point.
std::string sweep_text(const std::vector<std::vector<double>>& p999_by_point) {
  std::vector<PointRows> points;
  for (std::size_t idx = 0; idx < p999_by_point.size(); ++idx) {
    PointRows point{{std::to_string(100 * (idx + 1))}, {}};
    for (const double value : p999_by_point[idx]) {
      point.replications.push_back(
          {{"latency_ms.p999", Value(value)}, {"accuracy", Value(0.7)}});
    }
    points.push_back(std::move(point));
  }
  return sweep_csv_text({"rate"}, points);
}

Comparison compare_texts(const std::string& base, const std::string& next, double tolerance,
                         const std::string& metric = "latency_ms.p999") {
  return compare_sweeps(sweep_table(io::parse_csv_table(base, "base.csv")),
                        sweep_table(io::parse_csv_table(next, "new.csv")), metric, tolerance);
}

TEST(SweepCompare, UnchangedRerunPasses) {
  const std::string base = sweep_text({{10, 11, 12}, {20, 22, 21}});
  const Comparison same = compare_texts(base, base, 0.0);
  EXPECT_EQ(same.regressions, 0);
  EXPECT_EQ(same.improvements, 0);
  ASSERT_EQ(same.points.size(), 2u);
  EXPECT_TRUE(same.points[0].paired);
  EXPECT_EQ(same.points[0].difference, 0);
}

TEST(SweepCompare, PlantedRegressionBeyondToleranceAndCiIsFlagged) {
  const std::string base = sweep_text({{10, 11, 12}, {20, 22, 21}});
  // Point 2 gets 20% slower in every replication: paired differences 4, 4.4, 4.2.
  const std::string slower = sweep_text({{10, 11, 12}, {24, 26.4, 25.2}});
  const Comparison result = compare_texts(base, slower, 0.05);
  EXPECT_EQ(result.regressions, 1);
  EXPECT_EQ(result.points[0].verdict, Verdict::kUnchanged);
  EXPECT_EQ(result.points[1].verdict, Verdict::kRegressed);
  EXPECT_NE(comparison_report(result).find("REGRESSED"), std::string::npos);
  // Beyond the CI but within a 25% tolerance: not a regression.
  EXPECT_EQ(compare_texts(base, slower, 0.25).regressions, 0);
  // Seen from the other side it is an improvement.
  EXPECT_EQ(compare_texts(slower, base, 0.05).improvements, 1);
}

TEST(SweepCompare, ADifferenceWithinTheConfidenceIntervalIsNoRegression) {
  // Noisy replications whose differences straddle zero: mean +1.0 but CI of the paired
  // differences (-3, +5, +1) is +-9.9.
  const std::string base = sweep_text({{10, 20, 15}});
  const std::string next = sweep_text({{7, 25, 16}});
  const Comparison result = compare_texts(base, next, 0.0);
  EXPECT_EQ(result.regressions, 0);
  EXPECT_GT(result.points[0].difference_ci95, 1.0);
}

TEST(SweepCompare, DirectionAndErrors) {
  EXPECT_TRUE(higher_is_better_by_default("accuracy"));
  EXPECT_FALSE(higher_is_better_by_default("latency_ms.p999"));
  EXPECT_DOUBLE_EQ(parse_tolerance("5%"), 0.05);
  EXPECT_DOUBLE_EQ(parse_tolerance("2.5"), 0.025);
  EXPECT_THROW(parse_tolerance("-1%"), core::ConfigError);
  EXPECT_THROW(parse_tolerance("five"), core::ConfigError);
  const std::string base = sweep_text({{10, 11}});
  try {
    compare_texts(base, base, 0, "latency_ms.p99");
    FAIL();
  } catch (const core::ConfigError& error) {
    EXPECT_NE(
        error.formatted().find("no column 'latency_ms.p99' (did you mean 'latency_ms.p999'?)"),
        std::string::npos);
  }
  // A name that no figure has: did-you-mean from the declarations (exit 2 in the CLI).
  try {
    compare_texts(base, base, 0, "latency_ms.p99.9");
    FAIL();
  } catch (const core::ConfigError& error) {
    EXPECT_EQ(error.formatted(),
              "error: unknown metric 'latency_ms.p99.9' (did you mean 'latency_ms.p999'?); "
              "`servesim metrics` lists them");
  }
  EXPECT_THROW(compare_texts(base, base, 0, "stability.reason"), core::ConfigError);
  // The declared direction: the stable column is better high, an unknown pool's count low.
  EXPECT_TRUE(higher_is_better_by_default("stable"));
  EXPECT_TRUE(higher_is_better_by_default("served.primary"));
  EXPECT_FALSE(higher_is_better_by_default("served.dropped"));
}

}  // namespace
}  // namespace servesim::run
