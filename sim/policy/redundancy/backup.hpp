// File: sim/policy/redundancy/backup.hpp
//
// ParM's "cheap" baseline (Kosaian et al., SOSP'19): every query also goes to a pool of an
// approximate model; the backup's answer is served only once the request has been out for a
// threshold (default: the running median of original latency), otherwise the original's. This is
// the online form of the paper's scoring min(original, max(median of originals, backup)).
// Originals are never cancelled, so the running median sees every original, not only those that
// beat the backup (which would bias it downwards).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/policy/redundancy/redundancy_policy.hpp"
#include "sim/stats/latency_histogram.hpp"

namespace servesim::policy {

class ApproximateBackup final : public RedundancyPolicy {
 public:
  explicit ApproximateBackup(const RedundancyConfig& config);
  void on_request(RedundancyContext& ctx, RequestSlot request) override;
  void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                    core::Time copy_latency) override;
  void on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy) override;
  void on_timer(RedundancyContext& ctx, RequestSlot request) override;
  // An original that kept running after its request was served by the backup.
  void on_task_done(RedundancyContext& ctx, std::uint64_t arrived_ns) override;

 private:
  void record_original(core::Time latency);
  // Serves the backup's answer; the original keeps running so that its latency still enters
  // the median (ParM never cancels originals in this baseline; it scores them offline).
  void serve_backup(RedundancyContext& ctx, RequestSlot request);
  // Time after arrival from which a backup answer may be served; Time::max() until the running
  // median is known.
  core::Time threshold() const { return threshold_; }

  const int backup_pool_;
  const bool fixed_threshold_;
  const std::uint64_t min_samples_;
  static constexpr std::uint64_t kRefreshEvery = 1000;  // see Hedge: quantile scans are costly
  core::Time threshold_;
  stats::LatencyHistogram original_latency_;
  std::vector<std::uint8_t> backup_ready_;  // by request slot
};

}  // namespace servesim::policy
