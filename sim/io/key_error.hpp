// File: sim/io/key_error.hpp
//
// A user error about one key of the scenario, found after parsing by code that sees the
// ScenarioConfig but not the YAML (pool_plan.cpp: checks that need the whole scenario). The
// loader turns it into an error at that key's file:line:col (or its --set), via the key path.
#pragma once

#include <string>

#include "sim/core/error.hpp"

namespace servesim::io {

class KeyError : public core::ConfigError {
 public:
  // `path`: the dotted key (`pools.1.name`); `reason`: the message without the path.
  KeyError(std::string path, std::string reason)
      : core::ConfigError(path + ": " + reason),
        path_(std::move(path)),
        reason_(std::move(reason)) {}
  const std::string& path() const { return path_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string path_;
  std::string reason_;
};

}  // namespace servesim::io
