// File: sim/run/sweep.hpp
//
// Running a SweepPlan: every (point, replication) on a pool of threads, optionally spread over
// MPI ranks, with each finished row appended to a crash-safe row log so that `--resume` skips
// what is done, and at the end DIR/sweep.csv written all at once in (point, replication) order.
//
// Determinism: a row depends only on its point's scenario and its replication index (streams
// are seeded from (seed, replication, stream name)); rows are put in point order before
// anything is written; aggregates are computed from the rows' text in replication order. So
// sweep.csv is byte-identical for every -j, every number of MPI ranks, sharded-then-merged or
// not, and killed-then-resumed or not.
//
// sweep.csv: columns = swept keys, `replication`, then the figures of io::Summary in summary
// order (wall-clock figures left out). Per point: one row per replication (replication = 0,
// 1, ...), then a row `replication = mean` (mean over the replications) and a row
// `replication = ci95` (Student-t 95% half-width of that mean; empty with one replication).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/summary.hpp"
#include "sim/run/sweep_mpi.hpp"
#include "sim/run/sweep_plan.hpp"

namespace servesim::run {

// sweep.csv's fixed columns, named once (the writer, the readers and `servesim metrics --file
// sweep` use these): `label` after the swept keys when points are labelled, `replication` (a
// replication's index, `mean` or `ci95`), and with `outputs: {cdf: true}` `point_dir`, the first
// figure column.
inline constexpr std::string_view kLabelColumn = "label";
inline constexpr std::string_view kReplicationColumn = "replication";
inline constexpr std::string_view kPointDirColumn = "point_dir";

// One row's figures: (column, value), in summary order. Values stay numbers until sweep.csv
// (or the row log) is written; an absent value is monostate.
using Figures = std::vector<std::pair<std::string, io::SummaryValue>>;

// The columns before `replication`: the swept keys, then `label` when points are labelled.
std::vector<std::string> csv_keys(const SweepPlan& plan);
// A point's cells in those columns.
std::vector<std::string> point_cells(const SweepPlan& plan, const SweepPoint& point);

// The figures of a summary as sweep.csv columns (each metric's column name, metrics.hpp),
// without the wall-clock ones.
Figures summary_figures(const io::Summary& summary);

// Runs replication `replication` of `point` and returns its row.
Figures run_row(const SweepPoint& point, int replication);

// A value as a sweep.csv cell: numbers in shortest round-trip form, booleans 1/0, absent "".
std::string cell_text(const io::SummaryValue& value);

// Mean and 95% half-width of one figure over a point's replication values (in replication
// order). Values that are all the same: that value, and 0 as half-width if it is a number
// (with two or more replications). Values that are all numbers: their mean and, with two or
// more, their Student-t half-width. Anything else (a missing value in some replication, text
// that differs): absent. `all_must_hold` (Combine::kAll, `stable`): the mean is 0 as soon as
// one replication is 0, without a half-width.
std::pair<io::SummaryValue, io::SummaryValue> aggregate_cells(
    const std::vector<io::SummaryValue>& cells, bool all_must_hold = false);

// The rows of one point, for writing: its swept values and one Figures per replication.
struct PointRows {
  std::vector<std::string> values;  // cells of the swept keys
  std::vector<Figures> replications;
};

// The whole sweep.csv text. Figure columns: the union of every row's keys, each new key placed
// right after the key it follows in the first row that has it (so a pool that only some points
// have sits beside the other pools' figures); a figure column whose key is a swept key is left
// out (the swept value is already there). A row without a figure has an empty cell.
std::string sweep_csv_text(const std::vector<std::string>& keys,
                           const std::vector<PointRows>& points);

struct SweepOptions {
  std::string output_dir;
  int jobs = 1;         // worker threads (per MPI rank)
  int shard_index = 0;  // --shard I/N
  int shard_count = 1;
  bool resume = false;
  // sweep.csv files of shards to combine instead of running (--merge).
  std::vector<std::string> merge;
  // Called on rank 0 after each finished row (from one thread at a time): rows done in this
  // run and rows this run has to do.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct SweepOutcome {
  bool wrote = false;  // false on MPI ranks other than 0
  std::string csv_path;
  std::size_t points = 0;        // points in this shard
  std::size_t rows_run = 0;      // (point, replication) rows computed by this run, all ranks
  std::size_t rows_resumed = 0;  // rows taken from the row log (--resume) or merged files
  // --resume found DIR/sweep.csv already complete for this plan (DIR/sweep.done): nothing ran
  // and nothing was written.
  bool already_done = false;
};

// The row log's file name inside the output directory.
inline constexpr const char* kRowLogName = "sweep.rows.jsonl";

// Runs (or resumes, or merges) the sweep and writes DIR/sweep.csv on rank 0. Every rank of
// `world` must call it with the same plan and options. Throws core::ConfigError for user errors
// (an unwritable directory, a row log of another format, merge inputs that do not fit).
SweepOutcome run_sweep(const SweepPlan& plan, const SweepOptions& options, MpiWorld& world);

}  // namespace servesim::run
