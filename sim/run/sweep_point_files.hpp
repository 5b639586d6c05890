// File: sim/run/sweep_point_files.hpp
//
// The per-point files of a sweep with `outputs: {cdf: true}`, under DIR/points/<point id>/:
//   cdf.csv       the point's latency CDF over all its replications pooled (as `servesim run`
//                 writes it), and with several replications
//   cdf.<r>.csv   each replication's own CDF (for confidence bands across replications);
//   timeseries.csv  replication 0's time series (as `servesim run` writes it: timeseries_csv.hpp),
//                 written when that row finishes, before it is logged.
// While the sweep runs, each finished row leaves `latency.<r>.hist`, its latency histogram in
// text (non-empty buckets), written atomically *before* the row enters the row log, so a logged
// row always has its histogram and `--resume` can pool rows of earlier runs exactly. The CDFs are
// written from those files when the sweep completes, and the histograms then removed.
// Point ids are hashes of the resolved scenario, so the files of an unchanged point keep their
// place when a grid is edited.
//
// Thread-safety: functions may run concurrently for different (point, replication) pairs, and
// for the same pair (two points with one id): each file is written to a unique temporary name
// and renamed into place.
#pragma once

#include <filesystem>
#include <string>

#include "sim/run/simulation.hpp"

namespace servesim::run {

std::filesystem::path point_dir(const std::filesystem::path& dir, const std::string& point_id);

// Writes what a finished row leaves for its point's files (its latency histogram; replication 0
// also the point's timeseries.csv).
void write_replication_files(const std::filesystem::path& dir, const std::string& point_id,
                             int replication, const ReplicationResult& result);

// Whether the row's files are there (else a logged row must be run again for its CDF).
bool has_replication_files(const std::filesystem::path& dir, const std::string& point_id,
                           int replication);

// Writes cdf.csv (and cdf.<r>.csv when replications >= 2) from the rows' histograms.
// Throws core::ConfigError when a histogram is missing or unreadable.
void write_point_cdfs(const std::filesystem::path& dir, const std::string& point_id,
                      int replications);

// Removes the rows' histograms (after sweep.csv is in place).
void remove_replication_files(const std::filesystem::path& dir, const std::string& point_id,
                              int replications);

}  // namespace servesim::run
