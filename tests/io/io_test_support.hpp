// File: tests/io/io_test_support.hpp
//
// A per-test scratch directory that is also the current directory while the test runs, so
// scenarios and the files they name can be written with short relative names and error
// messages read "scenario.yaml:3:5: error: ...". Helpers to load and to capture the one-line
// error a load produces.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/scenario_loader.hpp"

namespace servesim::io::testing {

class IoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("servesim_io_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" +
            info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    previous_ = std::filesystem::current_path();
    std::filesystem::current_path(dir_);
  }
  void TearDown() override {
    std::filesystem::current_path(previous_);
    std::filesystem::remove_all(dir_);
  }

  // Writes `text` to `name` (relative to the scratch directory), creating folders.
  void write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }

  scenario::ScenarioConfig load(const std::string& text,
                                const std::vector<Override>& overrides = {}) {
    write("scenario.yaml", text);
    return load_scenario("scenario.yaml", overrides);
  }

  // The formatted error of loading `text` as scenario.yaml, or "" when it loads.
  std::string error_of(const std::string& text, const std::vector<Override>& overrides = {}) {
    write("scenario.yaml", text);
    return error_of_file("scenario.yaml", overrides);
  }
  static std::string error_of_file(const std::string& file,
                                   const std::vector<Override>& overrides = {}) {
    try {
      load_scenario(file, overrides);
    } catch (const core::ConfigError& error) {
      return error.formatted();
    }
    return "";
  }

  // Loads `text`, prints it, loads the print from another file, prints again: both prints
  // must be the same.
  void expect_round_trip(const std::string& text, const std::vector<Override>& overrides = {}) {
    const std::string first = resolved_scenario_yaml(load(text, overrides));
    write("resolved.yaml", first);
    const std::string second = resolved_scenario_yaml(load_scenario("resolved.yaml", {}));
    EXPECT_EQ(first, second);
  }

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path previous_;
};

// The smallest valid scenario: one model with a constant latency, one pool.
inline const char* const kMinimal =
    "models:\n"
    "  m: {latency: 5}\n"
    "pools:\n"
    "  - {name: p, model: m}\n";

}  // namespace servesim::io::testing
