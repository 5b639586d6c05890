// File: sim/io/output_dir.hpp
//
// All-or-nothing output: files are written under temporary names in the target directory and
// renamed into place only by commit(). If the run fails (or the process is killed) before
// commit(), no file with a final name is left behind, and the destructor removes the temporaries
// and the folders open() created (so a failed run leaves the output folder as it was).
//
// Interrupts (issue 12): install_interrupt_cleanup() makes SIGINT, SIGTERM and SIGHUP remove
// every pending temporary and every folder an OutputDir created (when still empty), then exit
// with 128 + the signal (130, 143, 129). The handler touches only a fixed table of paths with
// unlink/rmdir/_exit, which are async-signal-safe.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace servesim::io {

// Call once, early in main().
void install_interrupt_cleanup();

class OutputDir {
 public:
  explicit OutputDir(std::filesystem::path dir);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Opens `name` for writing under a temporary name; the stream lives until commit().
  // Creates the directory on first use. Throws core::ConfigError if it cannot be written.
  std::ofstream& open(const std::string& name);
  // Flushes, closes and renames every file into place.
  void commit();

 private:
  struct Pending {
    std::filesystem::path temp;
    std::filesystem::path final;
    std::unique_ptr<std::ofstream> stream;
    int cleanup_slot = -1;  // its entry in the interrupt table, or -1
  };
  std::filesystem::path dir_;
  // Folders open() created, outermost first, each with its interrupt-table entry.
  std::vector<std::pair<std::filesystem::path, int>> created_;
  std::vector<Pending> pending_;
  bool committed_ = false;
};

}  // namespace servesim::io
