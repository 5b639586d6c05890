// File: tests/run/output_files_test.cpp
//
// The CSV outputs' column declarations (run/output_files.hpp) are the only list of their
// columns: timeseries.csv's header is the walk of its table (every declared column appears, for
// each pool and path, and nothing undeclared), requests.csv's declared header (the only one: the
// recorder declares none) is the order in which cluster::RequestRecorder writes a row, and every
// column table in docs/ is the generator's output, byte for byte.
#include "sim/run/output_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/cluster/request_recorder.hpp"
#include "sim/core/error.hpp"
#include "sim/io/cdf_csv.hpp"
#include "sim/run/metrics_doc.hpp"
#include "sim/run/timeseries_csv.hpp"

namespace servesim::run {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  return cells;
}

// A replication with pools "a" and "b" and two monitor samples.
ReplicationResult two_pools(bool serverless) {
  ReplicationResult result;
  for (const char* name : {"a", "b"}) {
    PoolResult pool;
    pool.name = name;
    pool.instances = 2;
    pool.sandbox_s = serverless ? 1.0 : 0.0;
    result.pools.push_back(pool);
  }
  for (int idx = 1; idx <= 2; ++idx) {
    MonitorSample sample;
    sample.at_ns = idx * 1'000'000'000LL;
    sample.sent = 10 * idx;
    sample.busy_ns = {idx * 500'000'000LL, idx * 1'000'000'000LL};
    sample.cold_starts = {static_cast<std::uint64_t>(idx), 0};
    sample.sandbox_s = {1.5 * idx, 0};
    result.timeseries.push_back(sample);
  }
  return result;
}

// The declared column each header name instantiates (nullptr: none).
const io::OutputColumn* declared(const std::vector<io::OutputColumn>& columns,
                                 const std::string& name) {
  for (const io::OutputColumn& column : columns) {
    if (io::matches_pattern(column.name, name)) return &column;
  }
  return nullptr;
}

TEST(TimeseriesColumns, TheHeaderIsTheWalkOfTheDeclarations) {
  const std::vector<io::OutputColumn> columns = timeseries_columns();
  for (const bool serverless : {false, true}) {
    const std::string text = timeseries_csv(two_pools(serverless));
    const std::vector<std::string> header = split(text.substr(0, text.find('\n')));
    std::set<std::string_view> seen;
    for (const std::string& name : header) {
      const io::OutputColumn* column = declared(columns, name);
      ASSERT_NE(column, nullptr) << "undeclared column " << name;
      seen.insert(column->name);
    }
    // Every declaration appears (serverless-only ones only with serverless pools), a plain one
    // once, a per-pool one twice (pools a and b), a per-path one once per served path.
    for (const io::OutputColumn& column : columns) {
      const bool expected = serverless || column.when.empty();
      EXPECT_EQ(seen.count(column.name) == 1, expected) << column.name;
      const auto count = std::count_if(header.begin(), header.end(), [&](const std::string& name) {
        return io::matches_pattern(column.name, name);
      });
      const bool per_pool = column.name.ends_with("<pool>");
      const bool per_path = column.name.ends_with("<path>");
      const long want = !expected ? 0 : per_pool ? 2 : per_path ? policy::kServedAsCount : 1;
      EXPECT_EQ(count, want) << column.name;
    }
    // Each row has as many cells as the header.
    std::stringstream lines(text);
    std::string line;
    int rows = 0;
    while (std::getline(lines, line)) {
      EXPECT_EQ(std::count(line.begin(), line.end(), ','), static_cast<long>(header.size()) - 1);
      ++rows;
    }
    EXPECT_EQ(rows, 3);  // the header and two intervals
  }
}

TEST(TimeseriesColumns, CellsLandUnderTheirColumn) {
  // Pool b: 1 s busy per 1 s interval on 2 instances = utilization 0.5, busy 1; pool a's
  // cold_starts 1 per interval and sandboxes 1.5 per second (the differences written above).
  const std::string text = timeseries_csv(two_pools(true));
  std::stringstream lines(text);
  std::string header_line, first_line;
  std::getline(lines, header_line);
  std::getline(lines, first_line);
  const std::vector<std::string> header = split(header_line);
  std::vector<std::string> cells = split(first_line);
  cells.resize(header.size());
  const auto cell = [&](std::string_view name) {
    const auto found = std::find(header.begin(), header.end(), name);
    EXPECT_NE(found, header.end()) << name;
    return found == header.end() ? std::string() : cells[found - header.begin()];
  };
  EXPECT_EQ(cell("time_s"), "1");
  EXPECT_EQ(cell("arrivals_per_s"), "10");
  EXPECT_EQ(cell("utilization.a"), "0.25");
  EXPECT_EQ(cell("utilization.b"), "0.5");
  EXPECT_EQ(cell("busy.b"), "1");
  EXPECT_EQ(cell("cold_starts.a"), "1");
  EXPECT_EQ(cell("sandboxes.a"), "1.5");
  EXPECT_EQ(cell("hedge_threshold_ms"), "");
  EXPECT_EQ(cell("latency_p99_ms"), "");
}

// A warm-up answer and a measured drop, written by the recorder and read back by the declared
// column names: each value lands under its own name, so the header and the row agree.
TEST(RequestLogColumns, AreTheOrderInWhichTheRecorderWritesARow) {
  cluster::RecorderConfig config;
  config.warmup = 1;
  cluster::RequestRecorder recorder(config);
  std::ostringstream trace;
  recorder.attach_trace(&trace, 3);
  recorder.on_request_done(0, core::Time::from_ms(2.5), core::Time::from_ms(7.25),
                           policy::ServedAs::kBackup);
  recorder.on_request_done(1, core::Time::from_ms(4), core::Time::from_ms(1),
                           policy::ServedAs::kDropped);
  const std::vector<std::string> names = split(trace_header());
  ASSERT_EQ(names.size(), request_log_columns().size());
  std::stringstream lines(trace.str());
  std::string line;
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells = split(line);
    if (line.ends_with(',')) cells.emplace_back();  // getline drops a trailing empty cell
    ASSERT_EQ(cells.size(), names.size()) << line;
    std::map<std::string, std::string>& row = rows.emplace_back();
    for (std::size_t col = 0; col < names.size(); ++col) row[names[col]] = cells[col];
  }
  ASSERT_EQ(rows.size(), 2u);
  const std::map<std::string, std::string> warm = {{"replication", "3"}, {"index", "0"},
                                                   {"sent_ms", "2.5"},   {"latency_ms", "7.25"},
                                                   {"served", "backup"}, {"warmup", "1"}};
  const std::map<std::string, std::string> dropped = {{"replication", "3"},  {"index", "1"},
                                                      {"sent_ms", "4"},      {"latency_ms", ""},
                                                      {"served", "dropped"}, {"warmup", "0"}};
  EXPECT_EQ(rows[0], warm);
  EXPECT_EQ(rows[1], dropped);
}

TEST(OutputFiles, UnknownNameIsAnErrorListingTheNames) {
  EXPECT_EQ(require_output_file("timeseries").file, "timeseries.csv");
  EXPECT_EQ(require_output_file("fit.csv").name, "fit");
  try {
    require_output_file("timeserie");
    FAIL() << "no error";
  } catch (const core::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("timeseries"), std::string::npos) << error.what();
  }
}

TEST(OutputFilesDoc, EveryColumnTableInTheDocsIsGeneratedFromTheDeclarations) {
  for (const OutputFile& file : output_files()) {
    const std::string path = std::string(SERVESIM_SOURCE_DIR) + "/" + std::string(file.doc);
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string doc = buffer.str();
    const std::size_t begin = doc.find(columns_doc_begin(file));
    ASSERT_NE(begin, std::string::npos) << "no " << columns_doc_begin(file) << " in " << path;
    const std::size_t first = doc.find('\n', begin) + 1;
    const std::size_t end = doc.find(columns_doc_end(file), first);
    ASSERT_NE(end, std::string::npos) << "no " << columns_doc_end(file) << " in " << path;
    EXPECT_EQ(doc.substr(first, end - first), columns_markdown(file))
        << path << "'s table of " << file.file << " is stale: run tools/update_metrics_doc.sh";
  }
}

}  // namespace
}  // namespace servesim::run
