// File: sim/run/sweep.cpp
#include "sim/run/sweep.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/io/sweep_csv.hpp"
#include "sim/run/metrics.hpp"
#include "sim/run/parallel_for.hpp"
#include "sim/run/simulation.hpp"
#include "sim/run/summarize.hpp"
#include "sim/run/sweep_point_files.hpp"
#include "sim/run/sweep_row_log.hpp"
#include "sim/run/sweep_table.hpp"
#include "sim/stats/tally.hpp"

namespace servesim::run {

namespace {

namespace fs = std::filesystem;

inline constexpr const char* kDoneName = "sweep.done";

// Rows of the points of this shard: rows[point][replication], set once finished.
using RowTable = std::vector<std::vector<std::optional<Figures>>>;

using RowSink = std::function<void(std::uint64_t item, Figures figures)>;
using RowCompute = std::function<Figures(const SweepPoint& point, int replication)>;

// Runs `items` (point * replications + replication) on `jobs` threads (parallel_for); `sink`
// is called from the worker threads as rows finish. The first exception stops the other
// workers (each finishes the row it is on) and is rethrown here.
void run_items(const SweepPlan& plan, const std::vector<std::uint64_t>& items, int jobs,
               const RowCompute& compute, const RowSink& sink) {
  const auto reps = static_cast<std::uint64_t>(plan.replications);
  parallel_for(items.size(), jobs, [&](std::size_t index) {
    const std::uint64_t item = items[index];
    const SweepPoint& point = plan.points[item / reps];
    sink(item, compute(point, static_cast<int>(item % reps)));
  });
}

// Messages between MPI ranks: "<item>\n<row json>".
std::string row_message(std::uint64_t item, const LoggedRow& row) {
  return fmt::format("{}\n{}", item, row_json(row));
}

std::pair<std::uint64_t, LoggedRow> parse_row_message(const std::string& message) {
  const std::size_t newline = message.find('\n');
  SERVESIM_ASSERT(newline != std::string::npos, "malformed row message from an MPI rank");
  const auto item = io::parse_uint64(std::string_view(message).substr(0, newline));
  std::optional<LoggedRow> row = parse_row_json(std::string_view(message).substr(newline + 1));
  SERVESIM_ASSERT(item.status == io::NumberStatus::kOk && row, "malformed row from an MPI rank");
  return {item.value, std::move(*row)};
}

// Rows of shard files (sweep.csv of `--shard` runs) for --merge. Every replication row of every
// point of `plan` must be present exactly once across the files.
RowTable merge_rows(const SweepPlan& plan, const std::vector<std::string>& files) {
  const std::vector<std::string> keys = csv_keys(plan);
  const auto reps = static_cast<std::size_t>(plan.replications);
  std::map<std::vector<std::string>, std::vector<std::size_t>> by_values;
  for (std::size_t idx = 0; idx < plan.points.size(); ++idx) {
    by_values[point_cells(plan, plan.points[idx])].push_back(idx);
  }
  RowTable rows(plan.points.size(), std::vector<std::optional<Figures>>(reps));
  for (const std::string& file : files) {
    const SweepTable table = read_sweep_table(file);
    if (table.keys != keys) {
      std::string expected;
      for (const auto& key : keys) expected += key + ",";
      throw core::ConfigError(core::SourceLocation{file, 1, 0},
                              "the header does not start with this sweep's keys (" + expected +
                                  "replication); is it a sweep.csv of " + plan.file + "?");
    }
    for (const SweepTableRow& row : table.rows) {
      if (row.kind != SweepRowKind::kReplication) continue;  // recomputed from the rows
      const core::SourceLocation where{file, row.line, 0};
      if (row.replication >= static_cast<std::int64_t>(reps)) {
        throw core::ConfigError(where, fmt::format("replication: expected mean, ci95 or an "
                                                   "integer in [0, {}), got '{}'",
                                                   reps, row.replication));
      }
      const auto found = by_values.find(row.values);
      if (found == by_values.end()) {
        throw core::ConfigError(where, "a point that " + plan.file + " does not have");
      }
      for (const std::size_t point : found->second) {
        auto& slot = rows[point][static_cast<std::size_t>(row.replication)];
        if (slot) {
          throw core::ConfigError(where, fmt::format("replication {} of this point is also in "
                                                     "another row or file",
                                                     row.replication));
        }
        slot = row.figures;
      }
    }
  }
  return rows;
}

// What a finished sweep.csv was made from: its columns, its points (identity and label), the
// replications and the per-point outputs. Stored in DIR/sweep.done when sweep.csv is written, so
// that --resume recognises a sweep that is already complete.
std::string plan_fingerprint(const SweepPlan& plan, const std::vector<std::size_t>& points) {
  std::string text = fmt::format("servesim sweep 1\nreplications {}\ncdf {}\n", plan.replications,
                                 plan.outputs.cdf);
  for (const auto& key : csv_keys(plan)) text += "key " + key + "\n";
  for (const std::size_t point : points) {
    text += "point " + plan.points[point].id + " " + plan.points[point].label + "\n";
  }
  return fmt::format("{:016x}\n", core::fnv1a64(text));
}

std::string read_small_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<std::string> csv_keys(const SweepPlan& plan) {
  std::vector<std::string> keys = plan.keys;
  if (plan.labelled) keys.emplace_back(kLabelColumn);
  return keys;
}

std::vector<std::string> point_cells(const SweepPlan& plan, const SweepPoint& point) {
  std::vector<std::string> cells;
  for (const auto& override : point.overrides) cells.push_back(override.value);
  if (plan.labelled) cells.push_back(point.label);
  return cells;
}

Figures summary_figures(const io::Summary& summary) {
  Figures figures;
  for (const auto& entry : summary.entries) {
    if (entry.wall_clock) continue;
    io::SummaryValue value = entry.value;
    // sweep.csv has always left the seed's cell empty (its uint64 had no cell format); kept,
    // so that sweep.csv files stay byte-identical, until it is changed on purpose.
    if (std::holds_alternative<std::uint64_t>(value)) value = std::monostate{};
    const Metric* declared = find_metric(entry.key);
    figures.emplace_back(declared != nullptr && !declared->is_pattern()
                             ? std::string(declared->column())
                             : entry.key,
                         std::move(value));
  }
  return figures;
}

Figures run_row(const SweepPoint& point, int replication) {
  std::vector<ReplicationResult> one;
  one.push_back(run_replication(point.config, static_cast<std::uint64_t>(replication)));
  return summary_figures(summarize(point.config, one));
}

std::string cell_text(const io::SummaryValue& value) {
  if (const auto* number = std::get_if<double>(&value)) return fmt::format("{}", *number);
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return fmt::format("{}", *integer);
  if (const auto* whole = std::get_if<std::uint64_t>(&value)) return fmt::format("{}", *whole);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "1" : "0";
  return "";
}

namespace {

// The value as a number, if it is one (a boolean is 1/0).
std::optional<double> as_number(const io::SummaryValue& value) {
  if (const auto* number = std::get_if<double>(&value)) return *number;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  if (const auto* whole = std::get_if<std::uint64_t>(&value)) return static_cast<double>(*whole);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? 1.0 : 0.0;
  return std::nullopt;
}

// Equal as cells: the same type and value (-0 and 0 differ, as their cells do).
bool same_value(const io::SummaryValue& a, const io::SummaryValue& b) {
  if (a.index() != b.index()) return false;
  if (const auto* number = std::get_if<double>(&a)) {
    const double other = std::get<double>(b);
    return *number == other && std::signbit(*number) == std::signbit(other);
  }
  return a == b;
}

}  // namespace

std::pair<io::SummaryValue, io::SummaryValue> aggregate_cells(
    const std::vector<io::SummaryValue>& cells, bool all_must_hold) {
  if (cells.empty()) return {};
  const bool all_same = std::all_of(cells.begin(), cells.end(),
                                    [&](const auto& cell) { return same_value(cell, cells[0]); });
  if (all_same) {
    // A text that reads as a number (a scenario named "7") counts as one, as it always has.
    const auto* text = std::get_if<std::string>(&cells[0]);
    const bool number = text != nullptr ? io::parse_double(*text).status == io::NumberStatus::kOk
                                        : as_number(cells[0]).has_value();
    return {cells[0], cells.size() >= 2 && number ? io::SummaryValue(0.0) : io::SummaryValue()};
  }
  stats::Tally tally;
  for (const auto& cell : cells) {
    std::optional<double> value = as_number(cell);
    if (const auto* text = std::get_if<std::string>(&cell)) {
      const auto parsed = io::parse_double(*text);
      if (parsed.status == io::NumberStatus::kOk) value = parsed.value;
    }
    if (!value) return {};
    tally.record(*value);
  }
  // A point holds only if every replication does: its mean row shows the minimum.
  if (all_must_hold) return {std::int64_t{0}, std::monostate{}};
  return {tally.mean(), stats::ci95_half_width(tally.stddev(), tally.count())};
}

std::string sweep_csv_text(const std::vector<std::string>& keys,
                           const std::vector<PointRows>& points) {
  // Figure columns: the union of the rows' keys (see the header).
  std::vector<std::string> columns;
  std::unordered_set<std::string> seen;
  for (const auto& point : points) {
    for (const auto& figures : point.replications) {
      const std::string* previous = nullptr;
      for (const auto& [key, value] : figures) {
        if (seen.insert(key).second) {
          auto at = columns.begin();
          if (previous != nullptr) at = std::find(columns.begin(), columns.end(), *previous) + 1;
          columns.insert(at, key);
        }
        previous = &key;
      }
    }
  }
  const std::unordered_set<std::string> swept(keys.begin(), keys.end());
  std::erase_if(columns, [&](const std::string& key) { return swept.count(key) != 0; });

  std::string out;
  const auto append_line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t idx = 0; idx < cells.size(); ++idx) {
      if (idx > 0) out += ',';
      out += io::csv_field(cells[idx]);
    }
    out += '\n';
  };
  std::vector<std::string> header = keys;
  header.emplace_back(kReplicationColumn);
  header.insert(header.end(), columns.begin(), columns.end());
  append_line(header);

  for (const auto& point : points) {
    // cells[column][replication]
    std::vector<std::vector<io::SummaryValue>> cells(
        columns.size(), std::vector<io::SummaryValue>(point.replications.size()));
    for (std::size_t rep = 0; rep < point.replications.size(); ++rep) {
      std::unordered_map<std::string_view, const io::SummaryValue*> by_key;
      for (const auto& [key, value] : point.replications[rep]) by_key.emplace(key, &value);
      for (std::size_t col = 0; col < columns.size(); ++col) {
        const auto found = by_key.find(columns[col]);
        if (found != by_key.end()) cells[col][rep] = *found->second;
      }
    }
    const auto row_with = [&](const std::string& replication) {
      std::vector<std::string> row = point.values;
      row.push_back(replication);
      return row;
    };
    for (std::size_t rep = 0; rep < point.replications.size(); ++rep) {
      std::vector<std::string> row = row_with(std::to_string(rep));
      for (std::size_t col = 0; col < columns.size(); ++col) {
        row.push_back(cell_text(cells[col][rep]));
      }
      append_line(row);
    }
    std::vector<std::string> mean = row_with("mean");
    std::vector<std::string> ci95 = row_with("ci95");
    for (std::size_t col = 0; col < columns.size(); ++col) {
      const Metric* declared = find_metric(columns[col]);
      const auto [m, half] =
          aggregate_cells(cells[col], declared != nullptr && declared->combine == Combine::kAll);
      mean.push_back(cell_text(m));
      ci95.push_back(cell_text(half));
    }
    append_line(mean);
    append_line(ci95);
  }
  return out;
}

SweepOutcome run_sweep(const SweepPlan& plan, const SweepOptions& options, MpiWorld& world) {
  SweepOutcome outcome;
  const std::vector<std::size_t> mine =
      shard_points(plan.points.size(), options.shard_index, options.shard_count);
  outcome.points = mine.size();
  const auto reps = static_cast<std::uint64_t>(plan.replications);
  const fs::path dir(options.output_dir);
  outcome.csv_path = (dir / "sweep.csv").string();
  const bool root = world.rank() == 0;

  RowTable rows(plan.points.size());
  for (const std::size_t point : mine) rows[point].resize(reps);
  std::optional<RowLog> log;
  std::vector<std::uint64_t> todo;
  const std::string fingerprint = plan_fingerprint(plan, mine);

  // A row: run it, and leave its point files (outputs: cdf) before it is logged.
  const RowCompute compute = [&](const SweepPoint& point, int replication) {
    ReplicationResult result =
        run_replication(point.config, static_cast<std::uint64_t>(replication));
    if (plan.outputs.cdf) write_replication_files(dir, point.id, replication, result);
    std::vector<ReplicationResult> one;
    one.push_back(std::move(result));
    return summary_figures(summarize(point.config, one));
  };

  if (!options.merge.empty()) {
    if (!root) return outcome;
    rows = merge_rows(plan, options.merge);
    outcome.points = plan.points.size();
    for (const auto& point_rows : rows) outcome.rows_resumed += point_rows.size();
  } else {
    if (root) {
      std::error_code error;
      fs::create_directories(dir, error);
      if (error || !fs::is_directory(dir)) {
        throw core::ConfigError("cannot create output directory '" + dir.string() + "'" +
                                (error ? ": " + error.message() : ""));
      }
      // A finished sweep of this very plan: nothing to do (docs/sweep.md).
      std::error_code exists_error;
      if (options.resume && !fs::exists(dir / kRowLogName, exists_error) &&
          fs::is_regular_file(dir / "sweep.csv", exists_error) &&
          read_small_file(dir / kDoneName) == fingerprint) {
        outcome.already_done = true;
      }
    }
    std::vector<std::uint64_t> done_flag{outcome.already_done ? 1U : 0U};
    world.broadcast(done_flag);
    outcome.already_done = !done_flag.empty() && done_flag.front() == 1;
    if (outcome.already_done) return outcome;
    if (root) {
      std::error_code error;
      fs::remove(dir / kDoneName, error);
      log.emplace(dir / kRowLogName, options.resume);
      std::unordered_map<std::string, std::vector<std::size_t>> by_id;
      for (const std::size_t point : mine) by_id[plan.points[point].id].push_back(point);
      for (const LoggedRow& row : log->recovered()) {
        const auto found = by_id.find(row.point_id);
        if (found == by_id.end() || static_cast<std::uint64_t>(row.replication) >= reps) continue;
        for (const std::size_t point : found->second) {
          auto& slot = rows[point][static_cast<std::size_t>(row.replication)];
          if (!slot) {
            slot = row.figures;
            ++outcome.rows_resumed;
          }
        }
      }
      for (const std::size_t point : mine) {
        for (std::uint64_t rep = 0; rep < reps; ++rep) {
          // A logged row without its point files (outputs: cdf turned on since) runs again.
          if (rows[point][rep] && plan.outputs.cdf &&
              !has_replication_files(dir, plan.points[point].id, static_cast<int>(rep))) {
            rows[point][rep].reset();
            --outcome.rows_resumed;
          }
          if (!rows[point][rep]) todo.push_back(point * reps + rep);
        }
      }
    }
    world.broadcast(todo);
    outcome.rows_run = todo.size();

    // This rank's share: every size()-th item of the list, from its rank on.
    std::vector<std::uint64_t> items;
    for (std::size_t idx = static_cast<std::size_t>(world.rank()); idx < todo.size();
         idx += static_cast<std::size_t>(world.size())) {
      items.push_back(todo[idx]);
    }

    std::mutex mutex;  // guards rows, done and the progress callback
    std::size_t done = 0;
    const auto accept = [&](std::uint64_t item, Figures figures) {
      const std::size_t point = item / reps;
      const auto rep = static_cast<std::size_t>(item % reps);
      log->append(LoggedRow{plan.points[point].id, static_cast<int>(rep), figures});
      const std::lock_guard lock(mutex);
      rows[point][rep] = std::move(figures);
      ++done;
      if (options.progress) options.progress(done, todo.size());
    };

    if (world.size() == 1) {
      if (options.progress) options.progress(0, todo.size());
      run_items(plan, items, options.jobs, compute, accept);
    } else if (root) {
      if (options.progress) options.progress(0, todo.size());
      std::exception_ptr error;
      std::thread local([&] {
        try {
          run_items(plan, items, options.jobs, compute, accept);
        } catch (...) {
          error = std::current_exception();
        }
      });
      std::size_t remote = todo.size() - items.size();
      while (remote > 0) {
        if (std::optional<std::string> message = world.poll_message()) {
          auto [item, row] = parse_row_message(*message);
          SERVESIM_ASSERT(
              item / reps < plan.points.size() && row.point_id == plan.points[item / reps].id,
              "an MPI rank sent a row of another point");
          accept(item, std::move(row.figures));
          --remote;
        } else {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
      }
      local.join();
      if (error) std::rethrow_exception(error);
    } else {
      // A worker rank: rows go to rank 0 as they finish, sent from this (the MPI) thread.
      std::deque<std::string> outbox;
      std::condition_variable ready;
      bool finished = false;
      std::exception_ptr error;
      std::thread local([&] {
        try {
          run_items(plan, items, options.jobs, compute, [&](std::uint64_t item, Figures figures) {
            const std::size_t point = item / reps;
            std::string message =
                row_message(item, LoggedRow{plan.points[point].id, static_cast<int>(item % reps),
                                            std::move(figures)});
            const std::lock_guard lock(mutex);
            outbox.push_back(std::move(message));
            ready.notify_one();
          });
        } catch (...) {
          error = std::current_exception();
        }
        const std::lock_guard lock(mutex);
        finished = true;
        ready.notify_one();
      });
      for (;;) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return finished || !outbox.empty(); });
        if (outbox.empty() && finished) break;
        std::deque<std::string> batch;
        batch.swap(outbox);
        lock.unlock();
        for (const auto& message : batch) world.send_to_root(message);
      }
      local.join();
      if (error) std::rethrow_exception(error);
      return outcome;
    }
  }

  // Rank 0: every row of the shard is here; write sweep.csv in point order.
  std::vector<PointRows> table;
  const std::vector<std::size_t> points =
      options.merge.empty() ? mine : shard_points(plan.points.size(), 0, 1);
  for (const std::size_t point : points) {
    PointRows point_rows;
    point_rows.values = point_cells(plan, plan.points[point]);
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
      if (!rows[point][rep]) {
        SERVESIM_ASSERT(!options.merge.empty(), "a finished sweep is missing a row");
        throw core::ConfigError(
            fmt::format("no row for replication {} of point {} in the merged "
                        "files",
                        rep, io::overrides_text(plan.points[point].overrides)));
      }
      Figures figures = std::move(*rows[point][rep]);
      // Where the point's own files are, relative to sweep.csv (a figure, not a key: two sweeps
      // of different base scenarios still compare point by point).
      if (plan.outputs.cdf && options.merge.empty()) {
        figures.insert(figures.begin(),
                       {std::string(kPointDirColumn), "points/" + plan.points[point].id});
      }
      point_rows.replications.push_back(std::move(figures));
    }
    table.push_back(std::move(point_rows));
  }
  if (plan.outputs.cdf && options.merge.empty()) {
    for (const std::size_t point : points) {
      write_point_cdfs(dir, plan.points[point].id, plan.replications);
    }
  }
  io::OutputDir output(dir);
  output.open("sweep.csv") << sweep_csv_text(csv_keys(plan), table);
  if (options.merge.empty()) output.open(kDoneName) << fingerprint;
  output.commit();
  if (log) log->remove();
  if (plan.outputs.cdf && options.merge.empty()) {
    for (const std::size_t point : points) {
      remove_replication_files(dir, plan.points[point].id, plan.replications);
    }
  }
  outcome.wrote = true;
  return outcome;
}

}  // namespace servesim::run
