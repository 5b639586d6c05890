// File: tests/cli/calibrate_command_test.cpp
//
// `servesim calibrate` recovers parameters it knows: the observed figures are produced by
// servesim itself, with the true values and another seed, and the calibration (seed of the base,
// common random numbers) must find the true values again within the sampling noise of the
// observations. Also: -j gives the same bytes, the fitted scenario.yaml loads and holds the
// fitted values, holdouts are reported but not fitted, and a measured request log can be
// matched as a distribution (Wasserstein-1 on log latency).
//
// Kept cheap for CI (it also runs under ASan): an M/M/2 with 5,000 requests per replication,
// about 30 evaluations of 2 points x 3 replications.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

namespace fs = std::filesystem;

// The truth: exponential service with mean 1 ms on 2 instances, and a constant client <->
// frontend hop of 0.25 ms each way.
constexpr double kTrueMean = 1.0;
constexpr double kTrueHop = 0.25;

const char* const kBase =
    "name: mm2\n"
    "seed: 11\n"
    "run: {requests: 5000, warmup: 500, replications: 3}\n"
    "workload: {arrival: {kind: poisson, rate: 1000}}\n"
    "network: {client_frontend: {dist: constant, value: 0.5}}\n"
    "models:\n"
    "  m: {latency: {dist: exponential, mean: 2}}\n"
    "pools:\n"
    "  - {name: p, model: m, instances: 2, queue: shared}\n";

std::string number(double value) {
  std::ostringstream text;
  text.precision(17);
  text << value;
  return text.str();
}

std::string fmt_set(const std::string& key, double value) { return key + "=" + number(value); }

struct Observed {
  double value;
  double ci95;
};

// A figure of the true system at `rate`, from 4 replications with seed 99 (not the base's 11).
Observed observe(const fs::path& base, double rate, const std::string& figure) {
  TempDir out;
  const auto result = run_servesim({"run", base.string(), "-o", out.path().string(), "-q",
                                    "--no-timing", "--seed", "99", "--set", "run.replications=4",
                                    "--set", fmt_set("workload.arrival.rate", rate), "--set",
                                    fmt_set("models.m.latency.mean", kTrueMean), "--set",
                                    fmt_set("network.client_frontend.value", kTrueHop)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto summary = read_json(out.path() / "summary.json");
  return {summary["latency_ms"][figure].get<double>(),
          summary["latency_ms"]["ci95"][figure].get<double>()};
}

// Rows of fit.csv as cells (no quoted fields in these files but the point column, which holds
// commas only inside quotes).
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

class CalibrateCommand : public ::testing::Test {
 protected:
  void SetUp() override { base_ = dir_.write("mm2.yaml", kBase); }

  // Targets: p50 and p99 at a light (0.3) and a heavy (0.75) load, relative errors; holdout:
  // p99.9 at 0.5.
  fs::path write_calibration(int max_evaluations = 40) {
    std::string text =
        "base: mm2.yaml\nfree:\n"
        "  models.m.latency.mean: {min: 0.3, max: 3, scale: log}\n"
        "  network.client_frontend.value: {min: 0.01, max: 1, scale: log}\n"
        "targets:\n";
    for (const double rate : {600.0, 1500.0}) {
      for (const char* figure : {"p50", "p99"}) {
        const Observed seen = observe(base_, rate, figure);
        observed_.push_back(seen);
        text += "  - {set: {workload.arrival.rate: " + number(rate) + "}, metric: latency_ms." +
                figure + ", observed: " + number(seen.value) + "}\n";
      }
    }
    const Observed holdout = observe(base_, 1000, "p999");
    observed_.push_back(holdout);
    text += "holdout:\n  - {metric: latency_ms.p999, observed: " + number(holdout.value) + "}\n";
    text += "optimizer: {max_evaluations: " + std::to_string(max_evaluations) + ", xtol: 0.002}\n";
    return dir_.write("calib.yaml", text);
  }

  TempDir dir_;
  fs::path base_;
  std::vector<Observed> observed_;  // targets in file order, then the holdout
};

TEST_F(CalibrateCommand, RecoversTheParametersThatProducedTheTargets) {
  const fs::path calib = write_calibration();
  const fs::path out = dir_.path() / "fit";
  const auto result = run_servesim({"calibrate", calib.string(), "-o", out.string(), "-j", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto fit = read_json(out / "fit.json");
  const double mean = fit["free"]["models.m.latency.mean"]["value"].get<double>();
  const double hop = fit["free"]["network.client_frontend.value"]["value"].get<double>();
  // How well the observations pin the truth: the hop enters every latency twice, and p50 at
  // 600/s is known to +-0.030 ms (95%) in the observation and about as well in the simulation
  // (other seeds), so the hop is pinned to sqrt(2) x 0.030 / 2 = 0.021 ms = 8.5% of 0.25; the
  // service mean, which sets the p99s and the p50 at 1500/s, more tightly. 10% for both is
  // that 95% band plus the optimiser's stopping tolerance (xtol 0.002 of a log range).
  EXPECT_NEAR(mean, kTrueMean, 0.10 * kTrueMean) << result.out;
  EXPECT_NEAR(hop, kTrueHop, 0.10 * kTrueHop) << result.out;
  EXPECT_LT(fit["objective"]["final"].get<double>(), fit["objective"]["start"].get<double>());
  EXPECT_LE(fit["evaluations"].get<int>(), 40);
  EXPECT_EQ(fit["algorithm"], "bobyqa");
  EXPECT_EQ(fit["history"].size(), fit["evaluations"].get<std::size_t>());

  // Every target, and the holdout, is reproduced within the two runs' 95% intervals combined.
  const auto rows = csv_rows(read_file(out / "fit.csv"));
  ASSERT_EQ(rows.size(), 1 + observed_.size());
  EXPECT_EQ(rows[0][0], "kind");
  for (std::size_t row = 1; row < rows.size(); ++row) {
    EXPECT_EQ(rows[row][0], row == rows.size() - 1 ? "holdout" : "target");
    const double simulated = std::stod(rows[row][6]);
    const double ci95 = std::stod(rows[row][7]);
    const Observed& seen = observed_[row - 1];
    EXPECT_LE(std::abs(simulated - seen.value), std::hypot(ci95, seen.ci95))
        << "row " << row << ": simulated " << simulated << " +- " << ci95 << ", observed "
        << seen.value << " +- " << seen.ci95;
  }

  // The fitted scenario loads and carries the fitted values.
  const auto check = run_servesim({"check", (out / "scenario.yaml").string()});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  const std::string fitted = read_file(out / "scenario.yaml");
  const std::string mean_text = fit["free"]["models.m.latency.mean"]["value"].dump();
  EXPECT_NE(fitted.find("mean: " + mean_text), std::string::npos) << mean_text << "\n" << fitted;
}

TEST_F(CalibrateCommand, JobsGiveTheSameBytes) {
  const fs::path calib = write_calibration(8);  // 8 evaluations: enough to compare bytes
  const fs::path one = dir_.path() / "j1";
  const fs::path three = dir_.path() / "j3";
  ASSERT_EQ(
      run_servesim({"calibrate", calib.string(), "-o", one.string(), "-q", "-j", "1"}).exit_code,
      0);
  ASSERT_EQ(
      run_servesim({"calibrate", calib.string(), "-o", three.string(), "-q", "-j", "3"}).exit_code,
      0);
  for (const char* name : {"fit.json", "fit.csv", "scenario.yaml"}) {
    EXPECT_EQ(read_file(one / name), read_file(three / name)) << name;
  }
}

TEST_F(CalibrateCommand, RequestLogIsMatchedAsADistribution) {
  // The measured log: every answered, measured request of the true system at 1000/s, seed 99.
  TempDir trace;
  const auto run =
      run_servesim({"run", base_.string(), "-o", trace.path().string(), "-q", "--no-timing",
                    "--trace", "--seed", "99", "--set", fmt_set("models.m.latency.mean", kTrueMean),
                    "--set", fmt_set("network.client_frontend.value", kTrueHop)});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string log = "latency_ms\n";
  const auto rows = csv_rows(read_file(trace.path() / "requests.csv"));
  ASSERT_GT(rows.size(), 1000u);
  for (std::size_t row = 1; row < rows.size(); ++row) {
    // replication,index,sent_ms,latency_ms,served,warmup
    if (rows[row].size() == 6 && rows[row][5] == "0" && rows[row][4] != "dropped") {
      log += rows[row][3] + "\n";
    }
  }
  dir_.write("requests.csv", log);
  const fs::path calib =
      dir_.write("calib_log.yaml",
                 "base: mm2.yaml\nfree:\n"
                 "  models.m.latency.mean: {min: 0.3, max: 3, scale: log}\n"
                 "  network.client_frontend.value: {min: 0.01, max: 1, scale: log}\n"
                 "request_log: {file: requests.csv}\n"
                 "optimizer: {max_evaluations: 40, xtol: 0.002}\n");
  const fs::path out = dir_.path() / "fit_log";
  const auto result = run_servesim({"calibrate", calib.string(), "-o", out.string(), "-q"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto fit = read_json(out / "fit.json");
  // 15,000 logged requests pin the whole distribution; the hop (a shift of every latency) and
  // the service mean (its scale) are separately identified. 10%, as above.
  EXPECT_NEAR(fit["free"]["models.m.latency.mean"]["value"].get<double>(), kTrueMean,
              0.10 * kTrueMean);
  EXPECT_NEAR(fit["free"]["network.client_frontend.value"]["value"].get<double>(), kTrueHop,
              0.10 * kTrueHop);
  const auto fit_rows = csv_rows(read_file(out / "fit.csv"));
  ASSERT_EQ(fit_rows.size(), 2u);
  EXPECT_EQ(fit_rows[1][0], "request_log");
  EXPECT_EQ(fit_rows[1][2], "wasserstein_log");
  // At the truth the distance is sampling noise only: a few percent in log latency.
  EXPECT_LT(std::stod(fit_rows[1][6]), 0.05);
}

TEST_F(CalibrateCommand, TargetsFromACsvWithSigmaAndWeight) {
  // Columns metric, observed, sigma, weight and a dotted key; an empty cell is "not given".
  dir_.write("targets.csv",
             "workload.arrival.rate,metric,observed,sigma,weight\n"
             "600,latency_ms.p50,1.3,0.05,\n"
             "1500,latency_ms.p99,9.5,,2\n");
  const fs::path calib =
      dir_.write("calib_csv.yaml",
                 "base: mm2.yaml\nfree:\n"
                 "  models.m.latency.mean: {min: 0.3, max: 3, scale: log}\n"
                 "  network.client_frontend.value: {min: 0.01, max: 1, scale: log}\n"
                 "targets: {file: targets.csv}\n"
                 "optimizer: {max_evaluations: 6}\n");
  const fs::path out = dir_.path() / "fit_csv";
  const auto result = run_servesim({"calibrate", calib.string(), "-o", out.string(), "-q"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = csv_rows(read_file(out / "fit.csv"));
  ASSERT_EQ(rows.size(), 3u);
  // kind,point,metric,observed,sigma,weight,simulated,ci95,relative_error,residual
  EXPECT_EQ(rows[1][1], "workload.arrival.rate=600");
  EXPECT_EQ(rows[2][1], "workload.arrival.rate=1500");
  const double sim1 = std::stod(rows[1][6]);
  const double sim2 = std::stod(rows[2][6]);
  // With sigma: (simulated - observed) / sigma; with a weight: sqrt(w) (sim - obs) / |obs|.
  EXPECT_DOUBLE_EQ(std::stod(rows[1][9]), (sim1 - 1.3) / 0.05);
  EXPECT_DOUBLE_EQ(std::stod(rows[2][9]), std::sqrt(2.0) * (sim2 - 9.5) / 9.5);
  const auto fit = read_json(out / "fit.json");
  // Distinct points simulated: at most the budget (a point asked for twice runs once).
  EXPECT_LE(fit["evaluations"].get<int>(), 6);
  EXPECT_EQ(fit["history"].size(), fit["evaluations"].get<std::size_t>());
  // The objective is the sum of the squared residuals at the fitted values.
  const double objective = std::pow(std::stod(rows[1][9]), 2) + std::pow(std::stod(rows[2][9]), 2);
  EXPECT_NEAR(fit["objective"]["final"].get<double>(), objective, 1e-9 * objective);
}

// CPU time (user + system, clock ticks) a process has used so far, from /proc/PID/stat.
long cpu_ticks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const std::size_t close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  long utime = 0;
  long stime = 0;
  // Fields after the name: state is field 3; utime and stime are fields 14 and 15.
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14) utime = std::stol(field);
    if (index == 15) stime = std::stol(field);
  }
  return utime + stime;
}

TEST_F(CalibrateCommand, AnInterruptedCalibrationLeavesNoOutput) {
  // A budget that cannot finish (xtol 0, 100000 evaluations): SIGINT lands mid-optimisation.
  dir_.write("long.yaml",
             "base: mm2.yaml\nfree:\n"
             "  models.m.latency.mean: {min: 0.3, max: 3, scale: log}\n"
             "  network.client_frontend.value: {min: 0.01, max: 1, scale: log}\n"
             "targets:\n  - {metric: latency_ms.p50, observed: 1.3}\n"
             "optimizer: {max_evaluations: 100000, xtol: 0}\n");
  const fs::path out = dir_.path() / "fresh" / "nested";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string calib = (dir_.path() / "long.yaml").string();
    const std::string out_text = out.string();
    const char* argv[] = {SERVESIM_BINARY,  "calibrate", calib.c_str(), "-q", "-o",
                          out_text.c_str(), nullptr};
    ::execv(SERVESIM_BINARY, const_cast<char* const*>(argv));
    ::_exit(98);
  }
  // Wait for a state, not a time: 0.3 s of CPU means the file is loaded and the optimiser runs
  // (the interrupt handler is installed first thing in main). Up to 60 s under sanitizers.
  bool running = false;
  for (int tries = 0; tries < 6000 && !running; ++tries) {
    running = cpu_ticks(pid) >= 30;
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, running ? SIGINT : SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(running) << "the calibration never started";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(fs::exists(dir_.path() / "fresh"));
}

}  // namespace
}  // namespace servesim::testing
