// File: sim/run/sweep_row_log.hpp
//
// The crash-safe record of a sweep's finished rows (DIR/sweep.rows.jsonl), which `--resume`
// reads back. One JSON object per line; the first line names the format:
//   {"servesim_sweep_rows":2}
//   {"point":"3f2a...","replication":0,"figures":[["scenario","quickstart"],["requests",4000],
//    ["latency_ms.p99",9.41],["accuracy",null],["stable",true],...]}
// Values keep their type (JSON number, boolean, string, null), so a resumed row writes the same
// cells as a fresh one.
//
// Atomicity: a row is appended with one write(2) of the whole line, '\n' included, to a file
// opened with O_APPEND. A process killed at any instant (SIGKILL included) leaves every earlier
// row complete and at most one torn last line without its '\n'; reading ignores that tail and
// cuts it off before appending again, so no row is lost or doubled. Against power loss the file
// is fdatasync'd at most once a second (a flush per row would cost milliseconds per row), so a
// power cut loses at most the last second of rows, which --resume then runs again.
// The file is locked (flock) while open, so two sweeps cannot write one directory at once.
//
// Thread-safety: append() may be called from several threads at once.
#pragma once

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/run/sweep.hpp"

namespace servesim::run {

struct LoggedRow {
  std::string point_id;
  int replication = 0;
  Figures figures;
};

// One row as a JSON line, without the '\n'.
std::string row_json(const LoggedRow& row);
// The row of a JSON line; nullopt if the text is not such a row.
std::optional<LoggedRow> parse_row_json(std::string_view line);

class RowLog {
 public:
  // Opens `path`, creating it. Without `resume` any earlier content is discarded; with it the
  // complete rows already there are read (recovered()) and a torn last line is cut off.
  // Throws core::ConfigError when the file cannot be written, is locked by another sweep, or is
  // not a row log.
  RowLog(std::filesystem::path path, bool resume);
  ~RowLog();
  RowLog(const RowLog&) = delete;
  RowLog& operator=(const RowLog&) = delete;

  const std::vector<LoggedRow>& recovered() const { return recovered_; }
  void append(const LoggedRow& row);
  // Closes and deletes the file (after sweep.csv is in place).
  void remove();

 private:
  void write_line(const std::string& line);

  std::filesystem::path path_;
  int fd_ = -1;
  std::mutex sync_mutex_;
  std::chrono::steady_clock::time_point last_sync_{};
  std::vector<LoggedRow> recovered_;
};

}  // namespace servesim::run
