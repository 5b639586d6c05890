// File: tests/cli/sweep_command_test.cpp
//
// `servesim sweep` and `servesim compare` as a user runs them: sweep.csv's rows and columns,
// byte-identical output for -j 1 and -j 2, shards whose merge equals the whole sweep, a real
// SIGKILL followed by --resume (every row exactly once), the progress bar on a terminal only,
// compare's exit codes on a planted regression and an unchanged rerun, and the exit-code-2
// contract for bad sweep files. (The MPI run is tests/cli/sweep_mpi_test.sh.)
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "servesim_process.hpp"

extern char** environ;

namespace servesim::testing {
namespace {

namespace fs = std::filesystem;

// M/M/1 at rho 0.7; `requests` sets how long a row takes.
std::string base_scenario(int requests) {
  return "name: tiny\nseed: 5\nrun: {requests: " + std::to_string(requests) +
         ", warmup: 100, replications: 2}\n"
         "workload: {arrival: {kind: poisson, rate: 700}}\n"
         "models:\n  m: {latency: {dist: exponential, mean: 1}}\n"
         "pools:\n  - {name: p, model: m, instances: 1}\n"
         "platform: {kind: servers, usd_per_instance_hour: 1}\n";
}

const std::string kSweep = R"(name: tiny_sweep
base: base.yaml
grid:
  workload.arrival.rate: [300, 500, 700]
  pools.0.instances: [2, 3]
zip:
  redundancy.kind: [none, hedge]
  redundancy.delay: [0, 2]
replications: 2
)";

// kSweep in the newer forms: two zip groups (one with labels), a label template and per-point
// CDFs. Same 12 points in the same order.
const std::string kSweepLabelled = R"(name: tiny_sweep
base: base.yaml
grid:
  workload.arrival.rate: [300, 500, 700]
zip:
  - {pools.0.instances: [2, 3]}
  - {redundancy.kind: [none, hedge], redundancy.delay: [0, 2], label: [plain, hedged]}
label: "{zip} n={pools.0.instances}"
outputs: {cdf: true}
replications: 2
)";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

struct Sweep {
  TempDir dir;
  fs::path file;
  explicit Sweep(const std::string& sweep = kSweep, int requests = 2000) {
    dir.write("base.yaml", base_scenario(requests));
    file = dir.write("sweep.yaml", sweep);
  }
  ProcessResult run(const std::string& out, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"sweep", file.string(), "-o", (dir.path() / out).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_servesim(args);
  }
  std::string csv(const std::string& out) const {
    return read_file(dir.path() / out / "sweep.csv");
  }
};

TEST(SweepCommand, OneRowPerPointAndReplicationThenMeanAndCi95) {
  Sweep sweep;
  const auto result = sweep.run("out", {"-j", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("12 points x 2 replications"), std::string::npos) << result.out;
  EXPECT_TRUE(result.err.empty()) << "no progress bar when stderr is not a terminal: "
                                  << result.err;
  const auto lines = lines_of(sweep.csv("out"));
  ASSERT_EQ(lines.size(), 1u + 12 * 4);  // header + (2 replications + mean + ci95) per point
  const auto header = split(lines[0]);
  ASSERT_GE(header.size(), 6u);
  EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 5),
            (std::vector<std::string>{"workload.arrival.rate", "pools.0.instances",
                                      "redundancy.kind", "redundancy.delay", "replication"}));
  for (const char* figure : {"latency_ms.p999", "accuracy", "cost.usd_per_million_requests",
                             "served.primary", "slo.attainment", "sim.events"}) {
    EXPECT_NE(std::find(header.begin(), header.end(), figure), header.end()) << figure;
  }
  for (const char* wall_clock : {"sim.wall_s", "sim.events_per_s"}) {
    EXPECT_EQ(std::find(header.begin(), header.end(), wall_clock), header.end()) << wall_clock;
  }
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  // Point order: rate slowest, then instances, then the zipped pair.
  EXPECT_EQ(lines[1].rfind("300,2,none,0,0,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[3].rfind("300,2,none,0,mean,", 0), 0u) << lines[3];
  EXPECT_EQ(lines[4].rfind("300,2,none,0,ci95,", 0), 0u) << lines[4];
  EXPECT_EQ(lines[5].rfind("300,2,hedge,2,0,", 0), 0u) << lines[5];
  EXPECT_EQ(lines[9].rfind("300,3,none,0,0,", 0), 0u) << lines[9];
  // The mean row is the mean of the replication rows.
  const std::size_t p999 = column("latency_ms.p999");
  const double rep0 = std::stod(split(lines[1])[p999]);
  const double rep1 = std::stod(split(lines[2])[p999]);
  EXPECT_DOUBLE_EQ(std::stod(split(lines[3])[p999]), 0.5 * rep0 + 0.5 * rep1);
  EXPECT_GT(std::stod(split(lines[4])[p999]), 0);
  // Replication r of a point is replication r of `servesim run` with the same --set values.
  const auto run = run_servesim({"run", (sweep.dir.path() / "base.yaml").string(), "-o",
                                 (sweep.dir.path() / "single").string(), "-q", "--set",
                                 "workload.arrival.rate=300", "--set", "pools.0.instances=2",
                                 "--set", "redundancy.kind=none", "--set", "redundancy.delay=0"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto summary = read_json(sweep.dir.path() / "single" / "summary.json");
  EXPECT_DOUBLE_EQ(summary["latency_ms"]["p999"].get<double>(), std::stod(split(lines[3])[p999]));
  EXPECT_DOUBLE_EQ(summary["latency_ms"]["ci95"]["p999"].get<double>(),
                   std::stod(split(lines[4])[p999]));
  // The row log is gone once sweep.csv is in place; sweep.done marks it finished (--resume).
  EXPECT_EQ(list_files(sweep.dir.path() / "out"),
            (std::vector<std::string>{"sweep.csv", "sweep.done"}));
}

TEST(SweepCommand, JobsOneAndTwoAreByteIdentical) {
  Sweep sweep;
  ASSERT_EQ(sweep.run("j1", {"-j", "1"}).exit_code, 0);
  ASSERT_EQ(sweep.run("j2", {"-j", "2"}).exit_code, 0);
  ASSERT_EQ(sweep.run("j5", {"-j", "5"}).exit_code, 0);
  const std::string one = sweep.csv("j1");
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(one, sweep.csv("j2"));
  EXPECT_EQ(one, sweep.csv("j5"));
}

TEST(SweepCommand, ShardsPartitionThePointsAndMergeToTheWholeSweep) {
  Sweep sweep;
  ASSERT_EQ(sweep.run("whole", {"-j", "2"}).exit_code, 0);
  std::vector<std::string> merge_args = {"--merge"};
  std::multiset<std::string> shard_rows;
  for (int shard = 0; shard < 3; ++shard) {
    const std::string out = "shard" + std::to_string(shard);
    const auto result = sweep.run(out, {"--shard", std::to_string(shard) + "/3", "-j", "1"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("4 points"), std::string::npos) << result.out;
    const auto lines = lines_of(sweep.csv(out));
    shard_rows.insert(lines.begin() + 1, lines.end());
    merge_args.push_back((sweep.dir.path() / out / "sweep.csv").string());
  }
  const auto whole = lines_of(sweep.csv("whole"));
  EXPECT_EQ(shard_rows, std::multiset<std::string>(whole.begin() + 1, whole.end()));
  const auto merged = sweep.run("merged", merge_args);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(sweep.csv("merged"), sweep.csv("whole"));
  // A missing shard is an error naming the point.
  merge_args.pop_back();
  const auto partial = sweep.run("partial", merge_args);
  EXPECT_EQ(partial.exit_code, 2);
  EXPECT_NE(partial.err.find("no row for replication 0 of point workload.arrival.rate="),
            std::string::npos)
      << partial.err;
  EXPECT_FALSE(fs::exists(sweep.dir.path() / "partial" / "sweep.csv"));
}

std::size_t logged_rows(const fs::path& log) {
  const std::string text = read_file(log);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return lines == 0 ? 0 : lines - 1;  // less the header line
}

TEST(SweepCommand, ResumeAfterSigkillRunsEveryRowExactlyOnce) {
  // 12 points x 2 replications of 400,000 requests: a few seconds in all, so the kill lands
  // mid-way. Labels and per-point CDFs must come out the same too.
  Sweep sweep(kSweepLabelled, 400000);
  const fs::path out = sweep.dir.path() / "killed";
  const fs::path log = out / "sweep.rows.jsonl";
  const std::string binary = SERVESIM_BINARY;
  std::vector<std::string> args = {binary, "sweep", sweep.file.string(), "-o", out.string(),
                                   "-j",   "2"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  bool exited = false;
  while (logged_rows(log) < 5 && std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!exited) {
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    waitpid(pid, &status, 0);
  }
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
  ASSERT_FALSE(fs::exists(out / "sweep.csv")) << "killed mid-way: no sweep.csv yet";
  const std::size_t done = logged_rows(log);
  ASSERT_GE(done, 5u);
  ASSERT_LT(done, 24u);
  // Tear the last line as a kill inside write(2) would.
  {
    std::ofstream torn(log, std::ios::app | std::ios::binary);
    torn << R"({"point":"0000000000000000","replication":1,"fig)";
  }

  const auto resumed =
      run_servesim({"sweep", sweep.file.string(), "-o", out.string(), "--resume", "-j", "2"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("(" + std::to_string(24 - done) + " rows run in "), std::string::npos)
      << resumed.out;
  EXPECT_NE(resumed.out.find(", " + std::to_string(done) + " resumed from the row log"),
            std::string::npos)
      << resumed.out << " (" << done << " rows were logged before the kill)";
  EXPECT_FALSE(fs::exists(log));

  ASSERT_EQ(sweep.run("straight", {"-j", "2"}).exit_code, 0);
  const std::string straight = sweep.csv("straight");
  EXPECT_EQ(read_file(out / "sweep.csv"), straight);
  // Every (point, replication) row exactly once.
  const auto lines = lines_of(straight);
  EXPECT_EQ(lines.size(), 1u + 12 * 4);
  EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()).size(), lines.size());
  // The per-point CDFs of the resumed run equal the straight run's, byte for byte.
  std::size_t cdfs = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(sweep.dir.path() / "straight" / "points")) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), sweep.dir.path() / "straight");
    EXPECT_EQ(read_file(out / relative), read_file(entry.path())) << relative;
    ++cdfs;
  }
  EXPECT_EQ(cdfs, 12u * 4);  // cdf.csv, cdf.0.csv, cdf.1.csv, timeseries.csv per point
}

TEST(SweepCommand, ResumeOfAFinishedOrFreshSweepRunsWhatIsMissing) {
  Sweep sweep;
  const auto first = sweep.run("out", {"--resume", "-j", "2"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("(24 rows run in "), std::string::npos) << first.out;
  EXPECT_NE(first.out.find(", 0 resumed from the row log"), std::string::npos) << first.out;
  // Resuming a finished sweep does nothing and says so; sweep.csv is left as it was.
  const std::string before = sweep.csv("out");
  const auto again = sweep.run("out", {"--resume"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already finished"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find("rows run"), std::string::npos) << again.out;
  EXPECT_FALSE(fs::exists(sweep.dir.path() / "out" / "sweep.rows.jsonl"));
  EXPECT_EQ(sweep.csv("out"), before);
  // An edited sweep (one more replication) is not finished: it runs again.
  const std::string edited =
      kSweep.substr(0, kSweep.rfind("replications: 2")) + "replications: 3\n";
  { std::ofstream(sweep.file) << edited; }
  const auto more = sweep.run("out", {"--resume"});
  ASSERT_EQ(more.exit_code, 0) << more.err;
  EXPECT_NE(more.out.find("rows run in"), std::string::npos) << more.out;
}

TEST(SweepCommand, ZipGroupsLabelsAndPointCdfs) {
  Sweep sweep(kSweepLabelled);
  const auto one = sweep.run("j1", {"-j", "1"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(sweep.run("j2", {"-j", "2"}).exit_code, 0);
  EXPECT_EQ(sweep.csv("j1"), sweep.csv("j2"));
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(sweep.dir.path() / "j1" / "points")) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), sweep.dir.path() / "j1");
    EXPECT_EQ(read_file(sweep.dir.path() / "j2" / relative), read_file(entry.path())) << relative;
    ++files;
  }
  EXPECT_EQ(files, 12u * 4)
      << "cdf.csv, cdf.0.csv, cdf.1.csv and timeseries.csv per point, nothing else";
  const auto lines = lines_of(sweep.csv("j1"));
  ASSERT_EQ(lines.size(), 1u + 12 * 4);
  const auto header = split(lines[0]);
  ASSERT_GE(header.size(), 7u);
  EXPECT_EQ(
      std::vector<std::string>(header.begin(), header.begin() + 7),
      (std::vector<std::string>{"workload.arrival.rate", "pools.0.instances", "redundancy.kind",
                                "redundancy.delay", "label", "replication", "point_dir"}));
  // Groups in file order, the last innermost: (300, 2, none), (300, 2, hedge), (300, 3, none)...
  EXPECT_EQ(split(lines[1])[4], "plain n=2");
  EXPECT_EQ(split(lines[5])[4], "hedged n=2");
  EXPECT_EQ(split(lines[9])[4], "plain n=3");
  // A point's pooled cdf.csv is what `servesim run` writes for it.
  const auto row = split(lines[5]);
  const fs::path point = sweep.dir.path() / "j1" / row[6];
  EXPECT_TRUE(fs::exists(point / "cdf.0.csv"));
  EXPECT_TRUE(fs::exists(point / "cdf.1.csv"));
  EXPECT_FALSE(fs::exists(point / "latency.0.hist")) << "histograms are removed at the end";
  const fs::path run_dir = sweep.dir.path() / "run";
  const auto run =
      run_servesim({"run", (sweep.dir.path() / "base.yaml").string(), "-o", run_dir.string(), "-q",
                    "--set", "workload.arrival.rate=300", "--set", "pools.0.instances=2", "--set",
                    "redundancy.kind=hedge", "--set", "redundancy.delay=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(read_file(point / "cdf.csv"), read_file(run_dir / "cdf.csv"));
  // Its timeseries.csv is the run's (both from replication 0).
  EXPECT_EQ(read_file(point / "timeseries.csv"), read_file(run_dir / "timeseries.csv"));
}

TEST(SweepCommand, ProgressBarOnlyOnATerminal) {
  Sweep sweep;
  int master = -1;
  const std::string binary = SERVESIM_BINARY;
  const std::string out = (sweep.dir.path() / "tty").string();
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) GTEST_SKIP() << "no pseudo-terminal available here";
  if (pid == 0) {
    execl(binary.c_str(), binary.c_str(), "sweep", sweep.file.c_str(), "-o", out.c_str(), "-j", "1",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string seen;
  char buffer[4096];
  for (;;) {
    const ssize_t got = read(master, buffer, sizeof buffer);
    if (got <= 0) break;  // EIO once the child has gone
    seen.append(buffer, static_cast<std::size_t>(got));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << seen;
  EXPECT_NE(seen.find("sweep tiny_sweep ["), std::string::npos) << seen;
  EXPECT_NE(seen.find("24/24"), std::string::npos) << seen;
  EXPECT_NE(seen.find("ETA 0:00"), std::string::npos) << seen;
  EXPECT_NE(seen.find('\r'), std::string::npos) << "redrawn in place";
  // -q silences it even on a terminal; tested without a terminal in the first test.
}

// ---------------------------------------------------------------------------------------------
// compare

TEST(CompareCommand, UnchangedRerunPassesAndAPlantedRegressionFails) {
  const std::string sweep_text = R"(base: base.yaml
grid:
  workload.arrival.rate: [300, 600]
replications: 3
)";
  Sweep base(sweep_text);
  ASSERT_EQ(base.run("a").exit_code, 0);
  ASSERT_EQ(base.run("b").exit_code, 0);
  const std::string a = (base.dir.path() / "a" / "sweep.csv").string();
  const std::string b = (base.dir.path() / "b" / "sweep.csv").string();
  auto result = run_servesim({"compare", a, b, "--metric", "latency_ms.p999", "--tolerance", "5%"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("0 of 2 points regressed"), std::string::npos) << result.out;

  // The planted regression: every service takes 30% longer.
  base.dir.write("base.yaml", base_scenario(2000) + "");
  {
    std::string slower = base_scenario(2000);
    slower.replace(slower.find("mean: 1}"), 8, "mean: 1.3}");
    base.dir.write("base.yaml", slower);
  }
  ASSERT_EQ(base.run("c").exit_code, 0);
  const std::string c = (base.dir.path() / "c" / "sweep.csv").string();
  result = run_servesim({"compare", a, c, "--metric", "latency_ms.p999", "--tolerance", "5%"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.out.find("REGRESSED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2 of 2 points regressed"), std::string::npos) << result.out;
  // Higher latency is better only if asked: then it is an improvement.
  result = run_servesim({"compare", a, c, "--metric", "latency_ms.p999", "--higher-is-better"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  // Within a 500% tolerance it passes.
  result = run_servesim({"compare", a, c, "--metric", "latency_ms.p999", "--tolerance", "500%"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
}

TEST(CompareCommand, BadInputIsExitTwo) {
  Sweep sweep("base: base.yaml\ngrid: {workload.arrival.rate: [300]}\n");
  ASSERT_EQ(sweep.run("a").exit_code, 0);
  const std::string a = (sweep.dir.path() / "a" / "sweep.csv").string();
  auto result = run_servesim({"compare", a, a, "--metric", "latency_ms.p99.9"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(
      result.err.find("error: unknown metric 'latency_ms.p99.9' (did you mean "
                      "'latency_ms.p999'?)"),
      std::string::npos)
      << result.err;
  result = run_servesim({"compare", a, "nope.csv", "--metric", "latency_ms.p999"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("nope.csv"), std::string::npos);
  result = run_servesim({"compare", a, a, "--metric", "latency_ms.p999", "--tolerance", "x"});
  EXPECT_EQ(result.exit_code, 2);
}

// ---------------------------------------------------------------------------------------------
// bad sweep files

TEST(SweepCommand, BadSweepFilesAreExitTwoWithPositionAndNoOutput) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"base: base.yaml\ngrid:\n  pools.0.instances: [2, -1]\n",
       "sweep.yaml:3:26: error: grid.pools.0.instances: value -1: pools.0.instances: must be >= 1"},
      {"base: base.yaml\ngrid: {workload.arrival.rat: [1]}\n",
       "sweep.yaml:2:31: error: grid.workload.arrival.rat: value 1: workload.arrival.rat: unknown "
       "key (did you mean 'rate'?)"},
      {"base: base.yaml\nzip: {run.requests: [1, 2], run.warmup: [1]}\n",
       "sweep.yaml:2:29: error: zip.run.warmup: has 1 values but zip.run.requests has 2"},
      {"base: base.yaml\nzip:\n  - {run.requests: [1, 2], label: [a]}\n",
       "sweep.yaml:3:36: error: zip label: has 1 labels but zip.run.requests has 2 values"},
      {"base: base.yaml\nzip: {run.requests: [1, 2]}\nlabel: \"{run.warmup}\"\n",
       "sweep.yaml:3:8: error: label: '{run.warmup}' is not a swept key (nor {zip})"},
      {"base: base.yaml\nzip: [1, 2]\n",
       "sweep.yaml:2:7: error: zip.0: expected a map of dotted.key: [values], got '1'"},
      {"base: base.yaml\noutputs: {cdf: maybe}\n",
       "sweep.yaml:2:16: error: outputs.cdf: expected true or false, got 'maybe'"},
      {"base: base.yaml\noutputs: {cdfs: true}\n",
       "sweep.yaml:2:11: error: outputs.cdfs: unknown key (did you mean 'cdf'?)"},
      {"base: missing.yaml\n", "sweep.yaml:1:7: error: base: cannot open 'missing.yaml'"},
      {"grid: {seed: [1]}\n", "sweep.yaml:1:1: error: base: required key is missing"},
      {"base: base.yaml\nreplications: 0\n", "sweep.yaml:2:15: error: replications: must be >= 1"},
      {"base: base.yaml\nseeds: random\n", "sweep.yaml:2:8: error: seeds: unknown"},
  };
  for (const auto& [text, message] : cases) {
    Sweep sweep(text);
    const auto result = sweep.run("out");
    EXPECT_EQ(result.exit_code, 2) << text;
    EXPECT_NE(result.err.find(message), std::string::npos) << text << "\n" << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_FALSE(fs::exists(sweep.dir.path() / "out")) << text;
  }
  Sweep sweep;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--shard", "3/3"}, {"--shard", "1"}, {"-j", "0"}, {"--resume", "--merge", "x.csv"}}) {
    const auto result = sweep.run("out", args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << " " << args[1];
    EXPECT_NE(result.err.find("error: "), std::string::npos);
  }
  EXPECT_EQ(run_servesim({"sweep", "no_such_sweep.yaml"}).exit_code, 2);
}

}  // namespace
}  // namespace servesim::testing
