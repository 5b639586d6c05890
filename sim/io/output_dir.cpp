// File: sim/io/output_dir.cpp
#include "sim/io/output_dir.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "sim/core/error.hpp"

namespace servesim::io {

namespace {

// The interrupt table: paths to unlink (files) or rmdir (folders) if a signal ends the process.
// A slot is written while its `state` is kFree-claimed (kWriting) and published as kFile or
// kFolder; the handler reads only published slots. The process-wide table is the one piece of
// global state here: a signal is process-wide too.
enum SlotState : int { kFree = 0, kWriting = 1, kFile = 2, kFolder = 3 };
constexpr int kCleanupSlots = 256;
constexpr std::size_t kCleanupPathBytes = 4096;
char g_cleanup_paths[kCleanupSlots][kCleanupPathBytes];
std::atomic<int> g_cleanup_state[kCleanupSlots];

int register_cleanup(const std::filesystem::path& path, SlotState kind) {
  const std::string text = path.string();
  if (text.size() >= kCleanupPathBytes) return -1;
  for (int slot = 0; slot < kCleanupSlots; ++slot) {
    int expected = kFree;
    if (g_cleanup_state[slot].compare_exchange_strong(expected, kWriting)) {
      std::memcpy(g_cleanup_paths[slot], text.c_str(), text.size() + 1);
      g_cleanup_state[slot].store(kind);
      return slot;
    }
  }
  return -1;  // table full: that path is then left to the destructor alone
}

void unregister_cleanup(int slot) {
  if (slot >= 0) g_cleanup_state[slot].store(kFree);
}

extern "C" void on_interrupt(int signal_number) {
  // Files first, then folders innermost (registered last) first.
  for (int slot = 0; slot < kCleanupSlots; ++slot) {
    if (g_cleanup_state[slot].load() == kFile) ::unlink(g_cleanup_paths[slot]);
  }
  for (int slot = kCleanupSlots - 1; slot >= 0; --slot) {
    if (g_cleanup_state[slot].load() == kFolder) ::rmdir(g_cleanup_paths[slot]);
  }
  ::_exit(128 + signal_number);
}

}  // namespace

void install_interrupt_cleanup() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    sigaddset(&action.sa_mask, signal_number);
  }
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    ::sigaction(signal_number, &action, nullptr);
  }
}

OutputDir::OutputDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

OutputDir::~OutputDir() {
  std::error_code ignored;
  for (auto& pending : pending_) {
    unregister_cleanup(pending.cleanup_slot);
    if (committed_) continue;
    pending.stream.reset();
    std::filesystem::remove(pending.temp, ignored);
  }
  // Innermost first; remove() leaves a folder that is not empty.
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
    unregister_cleanup(it->second);
    if (!committed_) std::filesystem::remove(it->first, ignored);
  }
}

std::ofstream& OutputDir::open(const std::string& name) {
  std::error_code error;
  // Remember which folders this creates (outermost first), to remove them if nothing commits.
  if (created_.empty() && !dir_.empty()) {
    std::vector<std::filesystem::path> missing;
    for (std::filesystem::path at = dir_; !at.empty() && !std::filesystem::exists(at, error);
         at = at.parent_path()) {
      missing.push_back(at);
      if (at == at.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      created_.emplace_back(*it, register_cleanup(*it, kFolder));
    }
  }
  std::filesystem::create_directories(dir_, error);
  if (error || !std::filesystem::is_directory(dir_)) {
    throw core::ConfigError("cannot create output directory '" + dir_.string() + "'" +
                            (error ? ": " + error.message() : ""));
  }
  Pending pending;
  pending.final = dir_ / name;
  if (std::filesystem::is_directory(pending.final, error)) {
    throw core::ConfigError("cannot write '" + pending.final.string() + "': is a directory");
  }
  // The pid keeps two concurrent runs into one directory from sharing a temporary.
  pending.temp = dir_ / ("." + name + ".tmp." + std::to_string(::getpid()));
  pending.cleanup_slot = register_cleanup(pending.temp, kFile);
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
    errno = 0;
    pending.stream->flush();
    if (*pending.stream) pending.stream->close();
    if (!*pending.stream) {
      // ofstream keeps no reason of its own; errno still holds the failed write's (ENOSPC).
      const int reason = errno != 0 ? errno : EIO;
      throw core::ConfigError("cannot write '" + pending.final.string() +
                              "': " + std::strerror(reason));
    }
  }
  for (auto& pending : pending_) {
    std::error_code error;
    std::filesystem::rename(pending.temp, pending.final, error);
    if (error) {
      throw core::ConfigError("cannot write '" + pending.final.string() + "': " + error.message());
    }
  }
  committed_ = true;
}

}  // namespace servesim::io
