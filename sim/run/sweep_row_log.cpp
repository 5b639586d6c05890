// File: sim/run/sweep_row_log.cpp
#include "sim/run/sweep_row_log.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "sim/core/error.hpp"

namespace servesim::run {

namespace {

// Version 2: figures hold JSON numbers, booleans and null (version 1 held every value as text).
constexpr std::string_view kHeader = R"({"servesim_sweep_rows":2})";

nlohmann::ordered_json to_json(const io::SummaryValue& value) {
  if (const auto* number = std::get_if<double>(&value)) return *number;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
  if (const auto* whole = std::get_if<std::uint64_t>(&value)) return *whole;
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  return nullptr;
}

// The value of a JSON scalar; nullopt for arrays and objects.
std::optional<io::SummaryValue> from_json(const nlohmann::json& json) {
  if (json.is_null()) return io::SummaryValue();
  if (json.is_boolean()) return io::SummaryValue(std::in_place_type<bool>, json.get<bool>());
  if (json.is_number_unsigned()) {
    // nlohmann reads every non-negative integer as unsigned; int64 is what rows hold, except
    // for values beyond it.
    const auto whole = json.get<std::uint64_t>();
    if (whole <= static_cast<std::uint64_t>(INT64_MAX)) {
      return io::SummaryValue(static_cast<std::int64_t>(whole));
    }
    return io::SummaryValue(whole);
  }
  if (json.is_number_integer()) return io::SummaryValue(json.get<std::int64_t>());
  if (json.is_number_float()) return io::SummaryValue(json.get<double>());
  if (json.is_string()) return io::SummaryValue(json.get<std::string>());
  return std::nullopt;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string row_json(const LoggedRow& row) {
  nlohmann::ordered_json json;
  json["point"] = row.point_id;
  json["replication"] = row.replication;
  nlohmann::ordered_json figures = nlohmann::ordered_json::array();
  for (const auto& [key, value] : row.figures) figures.push_back({key, to_json(value)});
  json["figures"] = std::move(figures);
  // replace: a scenario name with invalid UTF-8 must not make the row unwritable.
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::optional<LoggedRow> parse_row_json(std::string_view line) {
  const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  const auto point = json.find("point");
  const auto replication = json.find("replication");
  const auto figures = json.find("figures");
  if (point == json.end() || !point->is_string() || replication == json.end() ||
      !replication->is_number_integer() || figures == json.end() || !figures->is_array()) {
    return std::nullopt;
  }
  LoggedRow row;
  row.point_id = point->get<std::string>();
  const auto rep = replication->get<std::int64_t>();
  if (rep < 0 || rep > (std::int64_t{1} << 30)) return std::nullopt;
  row.replication = static_cast<int>(rep);
  for (const auto& figure : *figures) {
    if (!figure.is_array() || figure.size() != 2 || !figure[0].is_string()) return std::nullopt;
    std::optional<io::SummaryValue> value = from_json(figure[1]);
    if (!value) return std::nullopt;
    row.figures.emplace_back(figure[0].get<std::string>(), std::move(*value));
  }
  return row;
}

RowLog::RowLog(std::filesystem::path path, bool resume) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    throw core::ConfigError("cannot write '" + path_.string() + "': " + errno_text());
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const std::string reason =
        errno == EWOULDBLOCK ? "another servesim sweep is writing to this folder" : errno_text();
    ::close(fd_);
    fd_ = -1;
    throw core::ConfigError("cannot lock '" + path_.string() + "': " + reason);
  }
  std::string text;
  if (resume) {
    char buffer[1 << 16];
    for (;;) {
      const ssize_t got = ::pread(fd_, buffer, sizeof buffer, static_cast<off_t>(text.size()));
      if (got < 0) throw core::ConfigError("cannot read '" + path_.string() + "': " + errno_text());
      if (got == 0) break;
      text.append(buffer, static_cast<std::size_t>(got));
    }
  }
  // Only complete lines count; whatever follows the last '\n' is a row torn by a kill.
  const std::size_t complete = text.empty() ? 0 : text.rfind('\n') + 1;  // npos + 1 == 0
  text.resize(complete);
  std::size_t start = 0;
  int line_number = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line(text.data() + start, end - start);
    ++line_number;
    if (line_number == 1) {
      if (line != kHeader) {
        throw core::ConfigError(core::SourceLocation{path_.string(), 1, 1},
                                "not a servesim sweep row log; remove it or run without --resume");
      }
    } else if (auto row = parse_row_json(line)) {
      recovered_.push_back(std::move(*row));
    } else {
      throw core::ConfigError(core::SourceLocation{path_.string(), line_number, 1},
                              "not a sweep row; remove the file or run without --resume");
    }
    start = end + 1;
  }
  if (::ftruncate(fd_, static_cast<off_t>(complete)) != 0) {
    throw core::ConfigError("cannot truncate '" + path_.string() + "': " + errno_text());
  }
  if (complete == 0) write_line(std::string(kHeader));
}

RowLog::~RowLog() {
  if (fd_ >= 0) ::close(fd_);
}

void RowLog::write_line(const std::string& text) {
  const std::string line = text + "\n";
  // One write(2) of the whole line: with O_APPEND the kernel places it at the end atomically
  // with respect to the other threads' appends.
  const ssize_t wrote = ::write(fd_, line.data(), line.size());
  if (wrote != static_cast<ssize_t>(line.size())) {
    throw core::ConfigError("cannot append to '" + path_.string() +
                            "': " + (wrote < 0 ? errno_text() : std::string("short write")));
  }
  // A kill cannot lose a row once write(2) has returned (the data is in the page cache). A
  // power cut can lose what is not on disk yet: sync at most once a second, which bounds that
  // loss to a second of rows without paying a disk flush (milliseconds) for every row.
  const auto now = std::chrono::steady_clock::now();
  {
    const std::lock_guard lock(sync_mutex_);
    if (now - last_sync_ < std::chrono::seconds(1)) return;
    last_sync_ = now;
  }
  if (::fdatasync(fd_) != 0) {
    throw core::ConfigError("cannot sync '" + path_.string() + "': " + errno_text());
  }
}

void RowLog::append(const LoggedRow& row) { write_line(row_json(row)); }

void RowLog::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace servesim::run
