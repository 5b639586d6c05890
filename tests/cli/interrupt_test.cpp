// File: tests/cli/interrupt_test.cpp
//
// Issue 12: SIGINT, SIGTERM and SIGHUP during `servesim run --trace` remove the temporary files
// and the folders the run created, leave an existing output folder with exactly its files, and
// exit with 128 + the signal (130, 143, 129). The signal is sent once the run's temporary
// requests.csv exists, so it lands in the middle of the run, not before or after it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "servesim_process.hpp"

namespace servesim::testing {
namespace {

namespace fs = std::filesystem;

bool has_temporary(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) return false;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().filename().string().rfind(".requests.csv.tmp.", 0) == 0) return true;
  }
  return false;
}

// Starts a long traced run into `out`, signals it once its temporary exists; returns the exit
// code (128 + signal for a handled signal), or -1 when the temporary never appeared.
int interrupted_run(const fs::path& out, int signal_number) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(SERVESIM_SOURCE_DIR) != 0) ::_exit(99);
    const std::string out_text = out.string();
    const char* argv[] = {SERVESIM_BINARY, "run", "scenarios/theory/mmc_rho09.yaml", "--requests",
                          "100000000", "--trace", "-q", "-o", out_text.c_str(), nullptr};
    ::execv(SERVESIM_BINARY, const_cast<char* const*>(argv));
    ::_exit(98);
  }
  // Poll for the temporary (a wait for a state, not a timing): up to 60 s under sanitizers.
  bool started = false;
  for (int tries = 0; tries < 6000 && !started; ++tries) {
    started = has_temporary(out);
    if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, started ? signal_number : SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!started) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

TEST(Interrupt, EachSignalRemovesTemporariesAndCreatedFoldersWithItsExitCode) {
  TempDir dir;
  const std::vector<std::pair<int, int>> cases = {{SIGINT, 130}, {SIGTERM, 143}, {SIGHUP, 129}};
  for (const auto& [signal_number, expected] : cases) {
    const fs::path out = dir.path() / "fresh" / "nested";
    EXPECT_EQ(interrupted_run(out, signal_number), expected) << "signal " << signal_number;
    EXPECT_FALSE(fs::exists(dir.path() / "fresh")) << "signal " << signal_number;
  }
}

TEST(Interrupt, AnExistingOutputFolderKeepsExactlyItsFiles) {
  TempDir dir;
  const fs::path out = dir.path() / "existing";
  fs::create_directories(out);
  std::ofstream(out / "keep.txt") << "kept\n";
  EXPECT_EQ(interrupted_run(out, SIGTERM), 143);
  EXPECT_EQ(list_files(out), std::vector<std::string>{"keep.txt"});
}

}  // namespace
}  // namespace servesim::testing
