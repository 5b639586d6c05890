// File: sim/run/timeseries_csv.cpp
#include "sim/run/timeseries_csv.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>

#include "sim/io/sweep_csv.hpp"

namespace servesim::run {

namespace {

// One interval: the sample that ends it and the one before (cumulative counters are
// differenced).
struct Interval {
  const ReplicationResult& replication;
  const MonitorSample& sample;
  const MonitorSample& previous;
  double span_s;
};

// What a row of the table stands for in the file.
enum class Over {
  kInterval,   // one column
  kPool,       // one column per pool, in pool order
  kPath,       // one column per served path (policy::ServedAs order, dropped last)
  kPoolGroup,  // consecutive kPoolGroup rows are written pool by pool: busy.a, cold_starts.a, ...
};

constexpr std::string_view kServerlessPools = "serverless pools";

struct TimeseriesColumn {
  io::OutputColumn doc;
  Over over;
  // Appends the cell's text (without separator) for the pool or path `index`.
  void (*cell)(const Interval& at, std::size_t index, std::string& out);

  bool serverless_only() const { return doc.when == kServerlessPools; }
};

template <typename T>
void put(std::string& out, T value) {
  fmt::format_to(std::back_inserter(out), "{}", value);
}

void latency_cell(const Interval& at, double quantile, std::string& out) {
  // Empty when no measured request was answered in the interval.
  if (at.sample.latency.count() > 0) put(out, at.sample.latency.quantile_ns(quantile) * 1e-6);
}

// The table, in file order.
const std::array<TimeseriesColumn, 14> kColumns = {{
    {{"time_s", "s", "", "end of the interval (simulated seconds)"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) {
       put(out, static_cast<double>(at.sample.at_ns) * 1e-9);
     }},
    {{"arrivals_per_s", "1/s", "", "requests sent by clients in the interval, per second"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) {
       put(out, static_cast<double>(at.sample.sent - at.previous.sent) / at.span_s);
     }},
    {{"resolved_per_s", "1/s", "", "requests answered or dropped in the interval, per second"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) {
       put(out, static_cast<double>(at.sample.resolved - at.previous.resolved) / at.span_s);
     }},
    {{"in_system", "count", "",
      "requests sent and not yet resolved, at `time_s` (an instant, not a time average)"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) { put(out, at.sample.in_system); }},
    {{"utilization.<pool>", "fraction", "",
      "busy instance-time / (instances x interval length), per pool"},
     Over::kPool,
     [](const Interval& at, std::size_t pool, std::string& out) {
       const double busy_s =
           static_cast<double>(at.sample.busy_ns[pool] - at.previous.busy_ns[pool]) * 1e-9;
       const int instances = at.replication.pools[pool].instances;
       put(out, instances > 0 ? busy_s / (instances * at.span_s) : 0.0);
     }},
    {{"cost_usd", "USD", "", "cost of all pools from time 0 to `time_s`"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) { put(out, at.sample.cost_usd); }},
    {{"hedge_threshold_ms", "ms", "", "the hedge delay in force at `time_s`; empty when none"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) {
       if (at.sample.hedge_threshold_ms >= 0) put(out, at.sample.hedge_threshold_ms);
     }},
    {{"served.<path>", "count", "",
      "measured requests (after the warm-up) answered in the interval by each path (primary, "
      "reconstructed, replica, backup, partial, default), and dropped"},
     Over::kPath,
     [](const Interval& at, std::size_t path, std::string& out) {
       put(out, at.sample.served[path] - at.previous.served[path]);
     }},
    {{"latency_p50_ms", "ms", "",
      "median latency of the measured requests answered in the interval, from a coarse "
      "histogram (relative error <= 6.25%, stats/interval_histogram.hpp); empty when none was "
      "answered"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) { latency_cell(at, 0.5, out); }},
    {{"latency_p99_ms", "ms", "", "99th percentile, as `latency_p50_ms`"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) { latency_cell(at, 0.99, out); }},
    {{"latency_p999_ms", "ms", "", "99.9th percentile, as `latency_p50_ms`"},
     Over::kInterval,
     [](const Interval& at, std::size_t, std::string& out) { latency_cell(at, 0.999, out); }},
    {{"busy.<pool>", "count", "", "time-average busy instances (utilization x instances)"},
     Over::kPoolGroup,
     [](const Interval& at, std::size_t pool, std::string& out) {
       put(out, static_cast<double>(at.sample.busy_ns[pool] - at.previous.busy_ns[pool]) * 1e-9 /
                    at.span_s);
     }},
    {{"cold_starts.<pool>", "count", kServerlessPools,
      "invocations that started a new sandbox in the interval"},
     Over::kPoolGroup,
     [](const Interval& at, std::size_t pool, std::string& out) {
       put(out, at.sample.cold_starts[pool] - at.previous.cold_starts[pool]);
     }},
    {{"sandboxes.<pool>", "count", kServerlessPools,
      "time-average sandboxes alive (initialising, busy or idle)"},
     Over::kPoolGroup,
     [](const Interval& at, std::size_t pool, std::string& out) {
       put(out, (at.sample.sandbox_s[pool] - at.previous.sandbox_s[pool]) / at.span_s);
     }},
}};

// Calls `emit(column, index, name_fill)` for every column of the file in order: the walk that
// both the header and each row follow, so they cannot disagree.
template <typename Emit>
void walk(const ReplicationResult& replication, bool serverless, Emit&& emit) {
  for (std::size_t row = 0; row < kColumns.size(); ++row) {
    const TimeseriesColumn& column = kColumns[row];
    switch (column.over) {
      case Over::kInterval:
        emit(column, 0, std::string_view());
        break;
      case Over::kPool:
        for (std::size_t pool = 0; pool < replication.pools.size(); ++pool) {
          emit(column, pool, std::string_view(replication.pools[pool].name));
        }
        break;
      case Over::kPath:
        for (int path = 0; path < policy::kServedAsCount; ++path) {
          emit(column, static_cast<std::size_t>(path),
               std::string_view(policy::served_as_name(static_cast<policy::ServedAs>(path))));
        }
        break;
      case Over::kPoolGroup: {
        std::size_t end = row;
        while (end < kColumns.size() && kColumns[end].over == Over::kPoolGroup) ++end;
        for (std::size_t pool = 0; pool < replication.pools.size(); ++pool) {
          for (std::size_t member = row; member < end; ++member) {
            if (kColumns[member].serverless_only() && !serverless) continue;
            emit(kColumns[member], pool, std::string_view(replication.pools[pool].name));
          }
        }
        row = end - 1;
        break;
      }
    }
  }
}

}  // namespace

std::vector<io::OutputColumn> timeseries_columns() {
  std::vector<io::OutputColumn> columns;
  for (const TimeseriesColumn& column : kColumns) columns.push_back(column.doc);
  return columns;
}

std::string timeseries_csv(const ReplicationResult& replication) {
  // A scenario's pools are all servers or all serverless functions; the latter have
  // sandbox-seconds (a function never invoked has none, but its siblings do).
  bool serverless = false;
  for (const PoolResult& pool : replication.pools) serverless = serverless || pool.sandbox_s > 0;

  std::string out;
  bool first = true;
  walk(replication, serverless,
       [&](const TimeseriesColumn& column, std::size_t, std::string_view fill) {
         if (!first) out += ',';
         first = false;
         out += io::csv_field(column.doc.key(fill));
       });
  out += '\n';
  MonitorSample previous;
  previous.busy_ns.assign(replication.pools.size(), 0);
  previous.cold_starts.assign(replication.pools.size(), 0);
  previous.sandbox_s.assign(replication.pools.size(), 0);
  for (const MonitorSample& sample : replication.timeseries) {
    const double span_s = static_cast<double>(sample.at_ns - previous.at_ns) * 1e-9;
    if (span_s <= 0) continue;
    const Interval at{replication, sample, previous, span_s};
    first = true;
    walk(replication, serverless,
         [&](const TimeseriesColumn& column, std::size_t index, std::string_view) {
           if (!first) out += ',';
           first = false;
           column.cell(at, index, out);
         });
    out += '\n';
    previous = sample;
  }
  return out;
}

}  // namespace servesim::run
