// File: sim/run/summarize.cpp
#include "sim/run/summarize.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "sim/core/error.hpp"
#include "sim/io/number_text.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"
#include "sim/run/cost_breakdown.hpp"
#include "sim/run/metrics.hpp"
#include "sim/stats/tally.hpp"

namespace servesim::run {

namespace {

using Extract = std::function<std::optional<double>(const ReplicationResult&)>;
using Count = std::function<std::uint64_t(const ReplicationResult&)>;

// Mean over replications, with a 95% half-width when there are several. nullopt if any
// replication has no value (e.g. a latency quantile when every request was dropped).
struct Aggregate {
  std::optional<double> mean;
  std::optional<double> ci95;
};

Aggregate aggregate(const std::vector<ReplicationResult>& reps, const Extract& extract) {
  stats::Tally tally;
  for (const auto& rep : reps) {
    const std::optional<double> value = extract(rep);
    if (!value) return {};
    tally.record(*value);
  }
  Aggregate out{tally.mean(), std::nullopt};
  if (reps.size() >= 2)
    out.ci95 = stats::ci95_half_width(std::sqrt(tally.variance()), tally.count());
  return out;
}

std::optional<double> quantile_ms(const ReplicationResult& rep, double p) {
  if (rep.latency.count() == 0) return std::nullopt;
  return rep.latency.quantile_ns(p) * 1e-6;
}

double fraction(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Appends figures by their declaration (metrics.hpp): the key and the way replications
// combine come from the table, so neither is written here.
class FigureSink {
 public:
  FigureSink(io::Summary& summary, const std::vector<ReplicationResult>& reps)
      : summary_(summary), reps_(reps) {}

  // A number per replication, combined as declared (kMeanCi or kMean; kSum, kFirst).
  void add(MetricId id, const Extract& extract, std::string_view fill = {}) {
    const Metric& declared = metric(id);
    std::string key = metric_key(id, fill);
    switch (declared.combine) {
      case Combine::kMeanCi:
      case Combine::kMean: {
        const Aggregate agg = aggregate(reps_, extract);
        if (!agg.mean) {
          SERVESIM_ASSERT(declared.nullable, "a figure declared never null has no value");
          summary_.add(std::move(key), std::monostate{});
        } else {
          summary_.add(std::move(key), *agg.mean,
                       declared.combine == Combine::kMeanCi ? agg.ci95 : std::nullopt);
        }
        return;
      }
      case Combine::kSum: {
        double total = 0;
        for (const auto& rep : reps_) {
          const std::optional<double> value = extract(rep);
          SERVESIM_ASSERT(value.has_value(), "a summed figure has no value in a replication");
          total += *value;
        }
        push(declared, std::move(key), total);
        return;
      }
      default:
        SERVESIM_ASSERT(false, "FigureSink::add: combine rule without a per-replication number");
    }
  }
  // A count per replication, combined as declared (kSum or kFirst), exactly in integers.
  void add_count(MetricId id, const Count& count, std::string_view fill = {}) {
    const Metric& declared = metric(id);
    SERVESIM_ASSERT(declared.type == MetricType::kInteger, "add_count of a non-integer figure");
    std::uint64_t total = 0;
    if (declared.combine == Combine::kFirst) {
      total = count(reps_.front());
    } else {
      SERVESIM_ASSERT(declared.combine == Combine::kSum, "add_count: neither kSum nor kFirst");
      for (const auto& rep : reps_) total += count(rep);
    }
    summary_.add(metric_key(id, fill), static_cast<std::int64_t>(total));
  }
  // A value that is not made from replications (a setting; a verdict combined by the caller).
  void set(MetricId id, io::SummaryValue value, std::optional<double> ci95 = std::nullopt) {
    summary_.add(metric_key(id), std::move(value), ci95);
    summary_.entries.back().wall_clock = metric(id).wall_clock;
  }

 private:
  void push(const Metric& declared, std::string key, double value) {
    summary_.add(std::move(key), value);
    summary_.entries.back().wall_clock = declared.wall_clock;
  }

  io::Summary& summary_;
  const std::vector<ReplicationResult>& reps_;
};

}  // namespace

stats::LatencyHistogram merged_latency(const std::vector<ReplicationResult>& replications) {
  stats::LatencyHistogram merged;
  for (const auto& rep : replications) merged.merge(rep.latency);
  return merged;
}

io::Summary summarize(const scenario::ScenarioConfig& config,
                      const std::vector<ReplicationResult>& reps) {
  io::Summary summary;
  FigureSink figures(summary, reps);
  figures.set(MetricId::kScenario, config.name);
  figures.set(MetricId::kSeed, config.seed);
  figures.add_count(MetricId::kRequests, [](const ReplicationResult& rep) { return rep.measured; });
  figures.set(MetricId::kReplications, static_cast<std::int64_t>(reps.size()));

  figures.add(MetricId::kLatencyMean, [](const ReplicationResult& rep) -> std::optional<double> {
    if (rep.latency.count() == 0) return std::nullopt;
    return rep.latency.mean_ns() * 1e-6;
  });
  const std::pair<MetricId, double> quantiles[] = {{MetricId::kLatencyP50, 0.5},
                                                   {MetricId::kLatencyP90, 0.9},
                                                   {MetricId::kLatencyP99, 0.99},
                                                   {MetricId::kLatencyP999, 0.999},
                                                   {MetricId::kLatencyP9999, 0.9999}};
  for (const auto& [id, p] : quantiles) {
    figures.add(id, [p = p](const ReplicationResult& rep) { return quantile_ms(rep, p); });
  }
  figures.add(MetricId::kLatencyMax, [](const ReplicationResult& rep) -> std::optional<double> {
    if (rep.latency.count() == 0) return std::nullopt;
    return static_cast<double>(rep.latency.max_ns()) * 1e-6;
  });

  for (int path = 0; path < policy::kServedAsCount; ++path) {
    const auto served = static_cast<policy::ServedAs>(path);
    const auto idx = static_cast<std::size_t>(path);
    const auto share = [idx](const ReplicationResult& rep) {
      return std::optional<double>(fraction(rep.served[idx], rep.measured));
    };
    if (served == policy::ServedAs::kPrimary) {
      figures.add(MetricId::kServedPrimary, share);
    } else {
      figures.add(MetricId::kServedPath, share, policy::served_as_name(served));
    }
  }
  {
    // Accuracies are table values (0.69758) averaged over requests and replications; rounding
    // to 12 significant digits removes the float noise of those sums (0.6975799999999999)
    // while keeping far more digits than any accuracy table has.
    const auto clean = [](double x) {
      return x == 0 ? 0.0 : io::parse_double(fmt::format("{:.12g}", x)).value;
    };
    const Aggregate agg =
        aggregate(reps, [](const ReplicationResult& rep) { return rep.accuracy; });
    if (agg.mean) {
      figures.set(MetricId::kAccuracy, clean(*agg.mean),
                  agg.ci95 ? std::optional<double>(clean(*agg.ci95 < 1e-12 ? 0 : *agg.ci95))
                           : std::nullopt);
    } else {
      figures.set(MetricId::kAccuracy, std::monostate{});
    }
  }
  figures.add(MetricId::kCostTotal,
              [](const ReplicationResult& rep) { return std::optional<double>(rep.cost_usd); });
  figures.add(MetricId::kCostPerMillion, [](const ReplicationResult& rep) {
    return std::optional<double>(
        rep.offered == 0 ? 0.0 : rep.cost_usd / static_cast<double>(rep.offered) * 1e6);
  });
  add_cost_breakdown(summary, reps);
  figures.set(MetricId::kSloTarget,
              config.slo_ms > 0 ? io::SummaryValue(config.slo_ms) : io::SummaryValue());
  if (config.slo_ms > 0) {
    figures.add(MetricId::kSloAttainment, [](const ReplicationResult& rep) {
      return std::optional<double>(fraction(rep.within_slo, rep.measured));
    });
  } else {
    figures.set(MetricId::kSloAttainment, std::monostate{});
  }
  figures.add(MetricId::kCopiesPerRequest, [](const ReplicationResult& rep) {
    return std::optional<double>(fraction(rep.copies_sent, rep.offered));
  });
  figures.add(MetricId::kCancelledPerRequest, [](const ReplicationResult& rep) {
    return std::optional<double>(fraction(rep.copies_cancelled, rep.offered));
  });
  if (policy::redundancy_entry(config.redundancy.kind).needs.reports_hedge_threshold) {
    figures.add(MetricId::kHedgeThreshold,
                [](const ReplicationResult& rep) { return rep.hedge_threshold_ms; });
  }
  for (std::size_t pool = 0; pool < reps.front().pools.size(); ++pool) {
    const std::string& name = reps.front().pools[pool].name;
    // A figure of this pool, from each replication's PoolResult.
    const auto pool_figure = [&](MetricId id, double (*of)(const PoolResult&)) {
      figures.add(
          id,
          [pool, of](const ReplicationResult& rep) { return std::optional(of(rep.pools[pool])); },
          name);
    };
    const auto pool_count = [&](MetricId id, std::uint64_t cluster::PoolStats::*member) {
      figures.add_count(
          id,
          [pool, member](const ReplicationResult& rep) { return rep.pools[pool].stats.*member; },
          name);
    };
    figures.add_count(
        MetricId::kPoolInstances,
        [pool](const ReplicationResult& rep) {
          return static_cast<std::uint64_t>(rep.pools[pool].instances);
        },
        name);
    pool_figure(MetricId::kPoolUtilization, [](const PoolResult& p) { return p.utilization; });
    pool_count(MetricId::kPoolFailures, &cluster::PoolStats::failures);
    pool_count(MetricId::kPoolRequeued, &cluster::PoolStats::requeued);
    pool_count(MetricId::kPoolCancelledQueued, &cluster::PoolStats::tasks_cancelled_queued);
    pool_count(MetricId::kPoolDiscarded, &cluster::PoolStats::tasks_discarded);
    pool_count(MetricId::kPoolRefused, &cluster::PoolStats::tasks_refused);
    pool_figure(MetricId::kPoolMeanBatch, [](const PoolResult& p) {
      return fraction(p.stats.batched_queries, p.stats.batches);
    });
    if (config.platform.kind == cluster::PlatformKind::kServerless) {
      // Serverless: batches are invocations. Counts over the whole run, warm-up included; each
      // retry of a throttled invocation is a try. The run ends with the last answer, so the
      // keep-alive left then is not in sandbox_s.
      pool_count(MetricId::kPoolColdStarts, &cluster::PoolStats::cold_starts);
      pool_count(MetricId::kPoolThrottled, &cluster::PoolStats::throttled);
      pool_figure(MetricId::kPoolColdStartFraction, [](const PoolResult& p) {
        return fraction(p.stats.cold_starts, p.stats.batches);
      });
      pool_figure(MetricId::kPoolThrottledFraction, [](const PoolResult& p) {
        return fraction(p.stats.throttled, p.stats.batches + p.stats.throttled);
      });
      pool_figure(MetricId::kPoolSandboxS, [](const PoolResult& p) { return p.sandbox_s; });
    }
  }

  // Overloaded runs are flagged (stability.hpp): unstable if any replication is.
  io::SummaryValue stable(std::in_place_type<bool>, true);
  std::string reason;
  for (std::size_t rep = 0; rep < reps.size(); ++rep) {
    if (reps[rep].stability.stable) continue;
    stable = io::SummaryValue(std::in_place_type<bool>, false);
    reason = reps[rep].stability.reason +
             (reps.size() > 1 ? " (replication " + std::to_string(rep) + ")" : "");
    break;
  }
  figures.set(MetricId::kStable, stable);
  figures.set(MetricId::kStabilityReason, reason);

  std::uint64_t events = 0;
  double wall_s = 0;
  std::uint64_t offered = 0;
  for (const auto& rep : reps) {
    events += rep.events;
    wall_s += rep.wall_s;
    offered += rep.offered;
  }
  figures.add_count(MetricId::kEvents, [](const ReplicationResult& rep) { return rep.events; });
  figures.add(MetricId::kWallS,
              [](const ReplicationResult& rep) { return std::optional<double>(rep.wall_s); });
  // Rates of the sums (Combine::kRatioOfSums).
  figures.set(MetricId::kEventsPerS, wall_s > 0 ? static_cast<double>(events) / wall_s : 0.0);
  figures.set(MetricId::kRequestsPerS, wall_s > 0 ? static_cast<double>(offered) / wall_s : 0.0);
  figures.add(MetricId::kSimulatedS,
              [](const ReplicationResult& rep) { return std::optional<double>(rep.simulated_s); });
  figures.add_count(MetricId::kSaturatedSamples,
                    [](const ReplicationResult& rep) { return rep.saturated_samples; });
  return summary;
}

}  // namespace servesim::run
