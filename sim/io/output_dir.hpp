// File: sim/io/output_dir.hpp
//
// All-or-nothing output: files are written under temporary names in the target directory and
// renamed into place only by commit(). If the run fails (or the process is killed) before
// commit(), no file with a final name is left behind, and the destructor removes the temporaries.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace servesim::io {

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
  };
  std::filesystem::path dir_;
  std::vector<Pending> pending_;
  bool committed_ = false;
};

}  // namespace servesim::io
