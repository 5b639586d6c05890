// File: sim/run/timeseries_csv.cpp
#include "sim/run/timeseries_csv.hpp"

#include <fmt/format.h>

#include "sim/io/sweep_csv.hpp"

namespace servesim::run {

std::string timeseries_csv(const ReplicationResult& replication) {
  std::string out = "time_s,arrivals_per_s,resolved_per_s,in_system";
  for (const PoolResult& pool : replication.pools) {
    out += ',';
    out += io::csv_field(std::string("utilization.").append(pool.name));
  }
  out += ",cost_usd,hedge_threshold_ms";
  for (int path = 0; path < policy::kServedAsCount; ++path) {
    out += ",served.";
    out += policy::served_as_name(static_cast<policy::ServedAs>(path));
  }
  out += ",latency_p50_ms,latency_p99_ms,latency_p999_ms";
  // A scenario's pools are all servers or all serverless functions; the latter have
  // sandbox-seconds (a function never invoked has none, but its siblings do).
  bool serverless = false;
  for (const PoolResult& pool : replication.pools) serverless = serverless || pool.sandbox_s > 0;
  for (std::size_t pool = 0; pool < replication.pools.size(); ++pool) {
    const std::string& name = replication.pools[pool].name;
    out += ',';
    out += io::csv_field(std::string("busy.").append(name));
    if (!serverless) continue;
    out += ',';
    out += io::csv_field(std::string("cold_starts.").append(name));
    out += ',';
    out += io::csv_field(std::string("sandboxes.").append(name));
  }
  out += '\n';
  MonitorSample previous;
  previous.busy_ns.assign(replication.pools.size(), 0);
  previous.cold_starts.assign(replication.pools.size(), 0);
  previous.sandbox_s.assign(replication.pools.size(), 0);
  for (const MonitorSample& sample : replication.timeseries) {
    const double span_s = static_cast<double>(sample.at_ns - previous.at_ns) * 1e-9;
    if (span_s <= 0) continue;
    out += fmt::format("{},{},{},{}", static_cast<double>(sample.at_ns) * 1e-9,
                       static_cast<double>(sample.sent - previous.sent) / span_s,
                       static_cast<double>(sample.resolved - previous.resolved) / span_s,
                       sample.in_system);
    for (std::size_t pool = 0; pool < replication.pools.size(); ++pool) {
      const double busy_s =
          static_cast<double>(sample.busy_ns[pool] - previous.busy_ns[pool]) * 1e-9;
      const int instances = replication.pools[pool].instances;
      out += fmt::format(",{}", instances > 0 ? busy_s / (instances * span_s) : 0.0);
    }
    out += fmt::format(",{},", sample.cost_usd);
    if (sample.hedge_threshold_ms >= 0) out += fmt::format("{}", sample.hedge_threshold_ms);
    for (std::size_t path = 0; path < sample.served.size(); ++path) {
      out += fmt::format(",{}", sample.served[path] - previous.served[path]);
    }
    for (const double p : {0.5, 0.99, 0.999}) {
      out += ',';
      if (sample.latency.count() > 0)
        out += fmt::format("{}", sample.latency.quantile_ns(p) * 1e-6);
    }
    for (std::size_t pool = 0; pool < replication.pools.size(); ++pool) {
      out += fmt::format(",{}", static_cast<double>(sample.busy_ns[pool] - previous.busy_ns[pool]) *
                                    1e-9 / span_s);
      if (!serverless) continue;
      out += fmt::format(",{},{}", sample.cold_starts[pool] - previous.cold_starts[pool],
                         (sample.sandbox_s[pool] - previous.sandbox_s[pool]) / span_s);
    }
    out += '\n';
    previous = sample;
  }
  return out;
}

}  // namespace servesim::run
