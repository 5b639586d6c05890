// File: sim/cli/progress_bar.hpp
//
// A one-line progress bar with an ETA, redrawn in place on stderr:
//   sweep [##########..........]  57/200  28%  0:12 elapsed  ETA 0:31
// Drawn only when stderr is a terminal (isatty), so logs and CI output stay clean. The ETA is
// elapsed x (remaining / done): rows of a sweep cost about the same on average.
//
// Thread-safety: update() may be called from any thread, one call at a time (the sweep calls
// it under its lock).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace servesim::cli {

class ProgressBar {
 public:
  // `enabled` false: every call does nothing.
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();  // finish()

  void update(std::size_t done, std::size_t total);
  // Draws the final state and ends the line (once).
  void finish();

  // The line for a state, without '\r' (for tests).
  static std::string render(const std::string& label, std::size_t done, std::size_t total,
                            double elapsed_s);

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  bool finished_ = false;
  std::size_t done_ = 0;
  std::size_t total_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  void draw();
};

// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace servesim::cli
