// File: sim/io/output_dir.cpp
#include "sim/io/output_dir.hpp"

#include <unistd.h>

#include <cstring>

#include "sim/core/error.hpp"

namespace servesim::io {

OutputDir::OutputDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

OutputDir::~OutputDir() {
  if (committed_) return;
  std::error_code ignored;
  for (auto& pending : pending_) {
    pending.stream.reset();
    std::filesystem::remove(pending.temp, ignored);
  }
}

std::ofstream& OutputDir::open(const std::string& name) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error || !std::filesystem::is_directory(dir_)) {
    throw core::ConfigError("cannot create output directory '" + dir_.string() + "'" +
                            (error ? ": " + error.message() : ""));
  }
  Pending pending;
  pending.final = dir_ / name;
  // The pid keeps two concurrent runs into one directory from sharing a temporary.
  pending.temp = dir_ / ("." + name + ".tmp." + std::to_string(::getpid()));
  pending.stream = std::make_unique<std::ofstream>(pending.temp, std::ios::binary);
  if (!*pending.stream) {
    throw core::ConfigError("cannot write '" + pending.temp.string() + "': " +
                            std::strerror(errno));
  }
  pending_.push_back(std::move(pending));
  return *pending_.back().stream;
}

void OutputDir::commit() {
  for (auto& pending : pending_) {
    pending.stream->flush();
    if (!*pending.stream) {
      throw core::ConfigError("cannot write '" + pending.final.string() + "'");
    }
    pending.stream->close();
  }
  for (auto& pending : pending_) std::filesystem::rename(pending.temp, pending.final);
  committed_ = true;
}

}  // namespace servesim::io
