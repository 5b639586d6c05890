// File: sim/run/sweep_point_files.cpp
#include "sim/run/sweep_point_files.hpp"

#include <fmt/format.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/io/cdf_csv.hpp"
#include "sim/run/timeseries_csv.hpp"

namespace servesim::run {

namespace {

namespace fs = std::filesystem;

fs::path histogram_path(const fs::path& dir, const std::string& id, int replication) {
  return point_dir(dir, id) / fmt::format("latency.{}.hist", replication);
}

// Writes `text` to `path` through a temporary name unique in this process, then renames it.
void write_atomically(const fs::path& path, const std::string& text) {
  static std::atomic<std::uint64_t> counter{0};
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  const fs::path temp = path.parent_path() /
                        fmt::format(".{}.{}.tmp", path.filename().string(), counter.fetch_add(1));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw core::ConfigError("cannot write '" + temp.string() + "'");
  }
  fs::rename(temp, path, error);
  if (error) throw core::ConfigError("cannot write '" + path.string() + "': " + error.message());
}

// Text form: "count min_ns max_ns", then "lower_ns count" per non-empty bucket.
std::string histogram_text(const stats::LatencyHistogram& latency) {
  std::string text = fmt::format("{} {} {}\n", latency.count(), latency.min_ns(), latency.max_ns());
  latency.for_each_bucket([&](std::int64_t lower, std::int64_t, std::uint64_t count) {
    text += fmt::format("{} {}\n", lower, count);
  });
  return text;
}

// The histogram back, with the same buckets, min and max (the mean, which cdf.csv does not use,
// is that of the bucket lower edges). Records min and max themselves and every other
// observation at its bucket's lower edge.
stats::LatencyHistogram read_histogram(const fs::path& path) {
  std::ifstream in(path);
  std::uint64_t count = 0;
  std::int64_t min_ns = 0;
  std::int64_t max_ns = 0;
  if (!(in >> count >> min_ns >> max_ns)) {
    throw core::ConfigError("cannot read '" + path.string() + "' (rerun without --resume)");
  }
  stats::LatencyHistogram latency;
  if (count == 0) return latency;
  latency.record(min_ns);
  if (count >= 2) latency.record(max_ns);
  const std::size_t min_bucket = stats::LatencyHistogram::bucket_index(min_ns);
  const std::size_t max_bucket = stats::LatencyHistogram::bucket_index(max_ns);
  std::int64_t lower = 0;
  std::uint64_t bucket_count = 0;
  std::uint64_t seen = 0;
  while (in >> lower >> bucket_count) {
    seen += bucket_count;
    const std::size_t bucket = stats::LatencyHistogram::bucket_index(lower);
    if (bucket == min_bucket) --bucket_count;
    if (count >= 2 && bucket == max_bucket) --bucket_count;
    for (std::uint64_t idx = 0; idx < bucket_count; ++idx) latency.record(lower);
  }
  if (seen != count) {
    throw core::ConfigError("'" + path.string() + "' is truncated (rerun without --resume)");
  }
  return latency;
}

std::string cdf_text(const stats::LatencyHistogram& latency) {
  std::ostringstream out;
  io::write_cdf_csv(latency, out);
  return out.str();
}

}  // namespace

fs::path point_dir(const fs::path& dir, const std::string& point_id) {
  return dir / "points" / point_id;
}

void write_replication_files(const fs::path& dir, const std::string& point_id, int replication,
                             const ReplicationResult& result) {
  // The first replication's time series, as `servesim run` writes it (before the histogram, so
  // a logged row's point has it too).
  if (replication == 0) {
    write_atomically(point_dir(dir, point_id) / "timeseries.csv", timeseries_csv(result));
  }
  write_atomically(histogram_path(dir, point_id, replication), histogram_text(result.latency));
}

bool has_replication_files(const fs::path& dir, const std::string& point_id, int replication) {
  std::error_code error;
  return fs::is_regular_file(histogram_path(dir, point_id, replication), error);
}

void write_point_cdfs(const fs::path& dir, const std::string& point_id, int replications) {
  stats::LatencyHistogram pooled;
  for (int rep = 0; rep < replications; ++rep) {
    const stats::LatencyHistogram latency = read_histogram(histogram_path(dir, point_id, rep));
    if (replications >= 2) {
      write_atomically(point_dir(dir, point_id) / fmt::format("cdf.{}.csv", rep),
                       cdf_text(latency));
    }
    pooled.merge(latency);
  }
  write_atomically(point_dir(dir, point_id) / "cdf.csv", cdf_text(pooled));
}

void remove_replication_files(const fs::path& dir, const std::string& point_id, int replications) {
  for (int rep = 0; rep < replications; ++rep) {
    std::error_code error;
    fs::remove(histogram_path(dir, point_id, rep), error);
  }
}

}  // namespace servesim::run
