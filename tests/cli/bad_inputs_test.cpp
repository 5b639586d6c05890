// File: tests/cli/bad_inputs_test.cpp
//
// The catalogue of bad inputs (tests/bad_inputs/README.md): each row runs `servesim run` (or
// `servesim calibrate`, rows whose first cell starts "calibrate ") and must
// end as a user error (SPEC §2): exit 2, a message naming the problem (file:line:col where there
// is one), and no output: a fresh -o folder is not created and an existing one keeps its files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  std::string scenario;
  std::vector<std::string> args;  // extra arguments
  std::string message;
};

std::string trim_cell(std::string cell) {
  while (!cell.empty() && (cell.front() == ' ' || cell.front() == '`')) cell.erase(0, 1);
  while (!cell.empty() && (cell.back() == ' ' || cell.back() == '`')) cell.pop_back();
  return cell;
}

// "--set a=b --requests 0" -> {"--set", "a=b", "--requests", "0"}: options start with " --",
// and a value may hold spaces ("--set redundancy={kind: replicate, r: 1}").
std::vector<std::string> split_args(const std::string& cell) {
  std::vector<std::string> args;
  std::size_t pos = 0;
  while (pos < cell.size()) {
    std::size_t next = cell.find(" --", pos + 1);
    if (next == std::string::npos) next = cell.size();
    const std::string option = cell.substr(pos, next - pos);
    const std::size_t space = option.find(' ');
    args.push_back(option.substr(0, space));
    if (space != std::string::npos) args.push_back(option.substr(space + 1));
    pos = next + 1;
  }
  return args;
}

std::vector<BadInput> catalogue() {
  std::ifstream readme(fs::path(SERVESIM_SOURCE_DIR) / "tests/bad_inputs/README.md");
  std::vector<BadInput> rows;
  std::string line;
  while (std::getline(readme, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    // Cells are separated by " | "; the message may not contain that sequence.
    std::vector<std::string> cells;
    std::size_t start = 1;
    for (;;) {
      const std::size_t bar = line.find(" |", start);
      if (bar == std::string::npos) break;
      cells.push_back(trim_cell(line.substr(start, bar - start)));
      start = bar + 2;
    }
    if (cells.size() != 3) {
      ADD_FAILURE() << "malformed catalogue row: " << line;
      continue;
    }
    rows.push_back({cells[0], cells[1].empty() ? std::vector<std::string>{} : split_args(cells[1]),
                    cells[2]});
  }
  return rows;
}

void expect_user_error(const std::vector<std::string>& run_args, const std::string& message,
                       const std::string& what) {
  TempDir dir;
  // A folder that does not exist yet must not be created...
  const fs::path fresh = dir.path() / "fresh";
  std::vector<std::string> args = run_args;
  args.insert(args.end(), {"-o", fresh.string()});
  const ProcessResult result = run_servesim(args);
  EXPECT_EQ(result.exit_code, 2) << what << "\nstderr: " << result.err;
  EXPECT_NE(result.err.find(message), std::string::npos)
      << what << "\nexpected in stderr: " << message << "\nstderr: " << result.err;
  EXPECT_FALSE(fs::exists(fresh)) << what;
  // ...and one that exists keeps exactly what it held.
  const fs::path existing = dir.path() / "existing";
  fs::create_directories(existing);
  dir.write("existing/summary.json", "{\"keep\": true}\n");
  args = run_args;
  args.insert(args.end(), {"-o", existing.string()});
  const ProcessResult again = run_servesim(args);
  EXPECT_EQ(again.exit_code, 2) << what;
  EXPECT_EQ(list_files(existing), std::vector<std::string>{"summary.json"}) << what;
  EXPECT_EQ(read_file(existing / "summary.json"), "{\"keep\": true}\n") << what;
}

TEST(BadInputs, EveryCatalogueRowIsAUserErrorWithItsMessageAndNoOutput) {
  const std::vector<BadInput> rows = catalogue();
  ASSERT_GE(rows.size(), 30u) << "tests/bad_inputs/README.md lost its table";
  for (const BadInput& row : rows) {
    // A first cell "calibrate FILE" is a calibration file (the calibrate table); else a
    // scenario for `servesim run`.
    std::vector<std::string> args = {"run", row.scenario};
    if (row.scenario.rfind("calibrate ", 0) == 0) args = {"calibrate", row.scenario.substr(10)};
    args.insert(args.end(), row.args.begin(), row.args.end());
    std::string what = "servesim";
    for (const auto& arg : args) what += " " + arg;
    expect_user_error(args, row.message, what);
  }
}

TEST(BadInputs, EveryFileInTheFolderHasARow) {
  const std::vector<BadInput> rows = catalogue();
  for (const auto& entry : fs::directory_iterator(fs::path(SERVESIM_SOURCE_DIR) / "tests/bad_inputs")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = "tests/bad_inputs/" + entry.path().filename().string();
    const bool listed = std::any_of(rows.begin(), rows.end(),
                                    [&](const BadInput& row) { return row.scenario == name; });
    EXPECT_TRUE(listed) << name << " has no row in tests/bad_inputs/README.md";
  }
}

TEST(BadInputs, EveryCalibrationFileHasARow) {
  const std::vector<BadInput> rows = catalogue();
  for (const auto& entry :
       fs::directory_iterator(fs::path(SERVESIM_SOURCE_DIR) / "tests/bad_inputs/calibrate")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = "calibrate tests/bad_inputs/calibrate/" + entry.path().filename().string();
    const bool listed = std::any_of(rows.begin(), rows.end(),
                                    [&](const BadInput& row) { return row.scenario == name; });
    EXPECT_TRUE(listed) << name << " has no row in tests/bad_inputs/README.md";
  }
}

TEST(BadInputs, UnreadableScenarioAndTrace) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their permissions";
  TempDir dir;
  const fs::path scenario = dir.write("locked.yaml", "name: locked\n");
  fs::permissions(scenario, fs::perms::none);
  expect_user_error({"run", scenario.string()}, "Permission denied", "unreadable scenario");
  const fs::path trace = dir.write("locked.csv", "time_s\n0\n");
  fs::permissions(trace, fs::perms::none);
  const fs::path uses = dir.write(
      "uses_locked.yaml",
      "name: t\nmodels: {m: {latency: 1}}\npools: [{name: p, model: m, instances: 1}]\n"
      "workload: {arrival: {kind: trace, file: " + trace.string() + "}}\n");
  expect_user_error({"run", uses.string()}, "Permission denied", "unreadable trace");
}

}  // namespace
}  // namespace servesim::testing
