// File: tests/support/servesim_process.cpp
#include "servesim_process.hpp"

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

extern char** environ;

namespace servesim::testing {

namespace {
std::atomic<int> temp_counter{0};
}

TempDir::TempDir() {
  path_ = std::filesystem::temp_directory_path() /
          ("servesim-test-" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& text) const {
  const std::filesystem::path file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

nlohmann::json read_json(const std::filesystem::path& path) {
  return nlohmann::json::parse(read_file(path));
}

std::vector<std::string> list_files(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    files.push_back(std::filesystem::relative(entry.path(), dir).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

ProcessResult run_servesim(const std::vector<std::string>& args,
                           const std::filesystem::path& working_dir) {
  TempDir capture;
  const std::string out_path = (capture.path() / "stdout").string();
  const std::string err_path = (capture.path() / "stderr").string();
  std::vector<std::string> argv_strings{SERVESIM_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
  pid_t pid = 0;
  ProcessResult result;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    result.err = "posix_spawn failed";
    return result;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

nlohmann::json run_scenario_text(const std::string& yaml, const std::vector<std::string>& extra_args) {
  TempDir dir;
  const auto scenario = dir.write("scenario.yaml", yaml);
  std::vector<std::string> args{"run", scenario.string(), "-o", (dir.path() / "out").string(), "-q"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const ProcessResult result = run_servesim(args);
  if (result.exit_code != 0) {
    ADD_FAILURE() << "servesim exited " << result.exit_code << ": " << result.err;
    return nlohmann::json::object();
  }
  return read_json(dir.path() / "out" / "summary.json");
}

}  // namespace servesim::testing
