// File: sim/run/summarize.cpp
#include "sim/run/summarize.hpp"

#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "sim/io/number_text.hpp"
#include "sim/run/cost_breakdown.hpp"
#include "sim/stats/tally.hpp"

namespace servesim::run {

namespace {

using Extract = std::function<std::optional<double>(const ReplicationResult&)>;

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
  if (reps.size() >= 2) out.ci95 = stats::ci95_half_width(std::sqrt(tally.variance()), tally.count());
  return out;
}

void add_figure(io::Summary& summary, const std::string& key,
                const std::vector<ReplicationResult>& reps, const Extract& extract) {
  const Aggregate agg = aggregate(reps, extract);
  if (agg.mean) {
    summary.add(key, *agg.mean, agg.ci95);
  } else {
    summary.add(key, std::monostate{});
  }
}

std::optional<double> quantile_ms(const ReplicationResult& rep, double p) {
  if (rep.latency.count() == 0) return std::nullopt;
  return rep.latency.quantile_ns(p) * 1e-6;
}

double fraction(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

stats::LatencyHistogram merged_latency(const std::vector<ReplicationResult>& replications) {
  stats::LatencyHistogram merged;
  for (const auto& rep : replications) merged.merge(rep.latency);
  return merged;
}

io::Summary summarize(const scenario::ScenarioConfig& config,
                      const std::vector<ReplicationResult>& reps) {
  io::Summary summary;
  summary.add("scenario", config.name);
  summary.add("seed", config.seed);
  std::uint64_t measured = 0;
  for (const auto& rep : reps) measured += rep.measured;
  summary.add("requests", static_cast<std::int64_t>(measured));
  summary.add("replications", static_cast<std::int64_t>(reps.size()));

  add_figure(summary, "latency_ms.mean", reps, [](const ReplicationResult& rep) -> std::optional<double> {
    if (rep.latency.count() == 0) return std::nullopt;
    return rep.latency.mean_ns() * 1e-6;
  });
  const std::pair<const char*, double> quantiles[] = {
      {"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p999", 0.999}, {"p9999", 0.9999}};
  for (const auto& [name, p] : quantiles) {
    add_figure(summary, std::string("latency_ms.") + name, reps,
               [p = p](const ReplicationResult& rep) { return quantile_ms(rep, p); });
  }
  add_figure(summary, "latency_ms.max", reps, [](const ReplicationResult& rep) -> std::optional<double> {
    if (rep.latency.count() == 0) return std::nullopt;
    return static_cast<double>(rep.latency.max_ns()) * 1e-6;
  });

  for (int path = 0; path < policy::kServedAsCount; ++path) {
    const auto idx = static_cast<std::size_t>(path);
    const auto mean = aggregate(reps, [idx](const ReplicationResult& rep) {
      return std::optional<double>(fraction(rep.served[idx], rep.measured));
    });
    summary.add(std::string("served.") + policy::served_as_name(static_cast<policy::ServedAs>(path)),
                *mean.mean);
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
      summary.add("accuracy", clean(*agg.mean),
                  agg.ci95 ? std::optional<double>(clean(*agg.ci95 < 1e-12 ? 0 : *agg.ci95))
                           : std::nullopt);
    } else {
      summary.add("accuracy", std::monostate{});
    }
  }
  add_figure(summary, "cost.usd_total", reps,
             [](const ReplicationResult& rep) { return std::optional<double>(rep.cost_usd); });
  add_figure(summary, "cost.usd_per_million_requests", reps, [](const ReplicationResult& rep) {
    return std::optional<double>(rep.offered == 0 ? 0.0 : rep.cost_usd / static_cast<double>(rep.offered) * 1e6);
  });
  add_cost_breakdown(summary, reps);
  summary.add("slo.target_ms", config.slo_ms > 0 ? io::SummaryValue(config.slo_ms) : io::SummaryValue());
  if (config.slo_ms > 0) {
    add_figure(summary, "slo.attainment", reps, [](const ReplicationResult& rep) {
      return std::optional<double>(fraction(rep.within_slo, rep.measured));
    });
  } else {
    summary.add("slo.attainment", std::monostate{});
  }
  add_figure(summary, "redundancy.copies_per_request", reps, [](const ReplicationResult& rep) {
    return std::optional<double>(fraction(rep.copies_sent, rep.offered));
  });
  add_figure(summary, "redundancy.cancelled_per_request", reps, [](const ReplicationResult& rep) {
    return std::optional<double>(fraction(rep.copies_cancelled, rep.offered));
  });
  if (config.redundancy.kind == "hedge") {
    // The hedge delay in force when the run ended (null when it sent no hedges then).
    add_figure(summary, "redundancy.hedge_threshold_ms", reps,
               [](const ReplicationResult& rep) { return rep.hedge_threshold_ms; });
  }
  for (std::size_t pool = 0; pool < reps.front().pools.size(); ++pool) {
    const std::string prefix = "pools." + reps.front().pools[pool].name + ".";
    summary.add(prefix + "instances", static_cast<std::int64_t>(reps.front().pools[pool].instances));
    add_figure(summary, prefix + "utilization", reps, [pool](const ReplicationResult& rep) {
      return std::optional<double>(rep.pools[pool].utilization);
    });
    const std::pair<const char*, std::uint64_t cluster::PoolStats::*> counters[] = {
        {"failures", &cluster::PoolStats::failures},
        {"requeued", &cluster::PoolStats::requeued},
        {"cancelled_queued", &cluster::PoolStats::tasks_cancelled_queued},
        {"discarded", &cluster::PoolStats::tasks_discarded},
        {"refused", &cluster::PoolStats::tasks_refused}};
    for (const auto& [name, member] : counters) {
      std::uint64_t total = 0;
      for (const auto& rep : reps) total += rep.pools[pool].stats.*member;
      summary.add(prefix + name, static_cast<std::int64_t>(total));
    }
    add_figure(summary, prefix + "mean_batch", reps, [pool](const ReplicationResult& rep) {
      const auto& stats = rep.pools[pool].stats;
      return std::optional<double>(fraction(stats.batched_queries, stats.batches));
    });
    if (config.platform.kind == cluster::PlatformKind::kServerless) {
      // Serverless: batches are invocations. cold_start_fraction: invocations that waited for a
      // sandbox to load; throttled_fraction: invocation tries refused by a concurrency limit
      // (each retry is a try). Both over the whole run, warm-up included.
      for (const auto& [name, member] :
           {std::pair{"cold_starts", &cluster::PoolStats::cold_starts},
            std::pair{"throttled", &cluster::PoolStats::throttled}}) {
        std::uint64_t total = 0;
        for (const auto& rep : reps) total += rep.pools[pool].stats.*member;
        summary.add(prefix + name, static_cast<std::int64_t>(total));
      }
      add_figure(summary, prefix + "cold_start_fraction", reps,
                 [pool](const ReplicationResult& rep) {
                   const auto& stats = rep.pools[pool].stats;
                   return std::optional<double>(fraction(stats.cold_starts, stats.batches));
                 });
      add_figure(summary, prefix + "throttled_fraction", reps,
                 [pool](const ReplicationResult& rep) {
                   const auto& stats = rep.pools[pool].stats;
                   return std::optional<double>(
                       fraction(stats.throttled, stats.batches + stats.throttled));
                 });
      // Sandbox-seconds alive over the run (which ends with the last answer; the keep-alive
      // left then is not counted): the provider's memory-time, which keep-alive policies trade
      // for cold starts.
      add_figure(summary, prefix + "sandbox_s", reps, [pool](const ReplicationResult& rep) {
        return std::optional<double>(rep.pools[pool].sandbox_s);
      });
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
  summary.add("stability.stable", stable);
  summary.add("stability.reason", reason);

  std::uint64_t events = 0;
  double wall_s = 0;
  double simulated_s = 0;
  for (const auto& rep : reps) {
    events += rep.events;
    wall_s += rep.wall_s;
    simulated_s += rep.simulated_s;
  }
  summary.add("sim.events", static_cast<std::int64_t>(events));
  summary.entries.push_back({"sim.wall_s", wall_s, std::nullopt, true});
  summary.entries.push_back(
      {"sim.events_per_s", wall_s > 0 ? static_cast<double>(events) / wall_s : 0.0, std::nullopt, true});
  std::uint64_t offered = 0;
  for (const auto& rep : reps) offered += rep.offered;
  summary.entries.push_back({"sim.requests_per_s",
                             wall_s > 0 ? static_cast<double>(offered) / wall_s : 0.0,
                             std::nullopt, true});
  summary.add("sim.simulated_s", simulated_s);
  std::uint64_t saturated = 0;
  for (const auto& rep : reps) saturated += rep.saturated_samples;
  summary.add("sim.saturated_samples", static_cast<std::int64_t>(saturated));
  return summary;
}

}  // namespace servesim::run
