// File: sim/io/workload_yaml.cpp
//
// workload:
//   arrival:          the arrival process; `kind` picks it (default poisson):
//     kind: poisson   rate (per second, > 0, default 100)
//     kind: gamma     rate (per second, > 0), cv (of the inter-arrival gaps, > 0; 1 = poisson)
//     kind: mmpp      rates (per second per state, >= 0, at least 2 states, one > 0),
//                     switch_rates (n x n, per second, >= 0; [i][j] = rate of leaving state i
//                     for j; the diagonal is ignored; every state needs a way out)
//     kind: trace     file (CSV, traces/README.md), format (timestamps | counts, default
//                     timestamps), interval_s (counts only, required, > 0), speedup (> 0,
//                     default 1; 2 = replay twice as fast), repeat (loop the trace, default true),
//                     resample ({block_s: B}: block bootstrap of B-second blocks, 0 < B <= the
//                     trace's span; replications then replay different arrangements)
//   payload_bytes:    bytes sent with each query, frontend -> instance (>= 0, default 0)
//   response_bytes:   bytes of each answer, instance -> frontend (>= 0, default 0)
#include "sim/io/workload_yaml.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "sim/io/distribution_yaml.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/time_range.hpp"
#include "sim/io/trace_loader.hpp"

namespace servesim::io {

namespace {

void parse_mmpp(const MapReader& map, cluster::ArrivalConfig& out) {
  const YamlValue rates_value = map.require("rates");
  out.rates.clear();
  for (const YamlValue& rate : rates_value.as_list())
    out.rates.push_back(read_rate_or_zero(rate));
  if (out.rates.size() < 2) {
    rates_value.fail(fmt::format("an mmpp needs at least 2 states (got {})", out.rates.size()));
  }
  bool any_positive = false;
  for (double rate : out.rates) any_positive = any_positive || rate > 0;
  if (!any_positive) rates_value.fail("at least one state needs an arrival rate > 0");

  const std::size_t states = out.rates.size();
  const YamlValue switch_value = map.require("switch_rates");
  const std::vector<YamlValue> rows = switch_value.as_list();
  if (rows.size() != states) {
    switch_value.fail(fmt::format("expected {} rows ({} x {}, one per state), got {}", states,
                                  states, states, rows.size()));
  }
  out.switch_rates.assign(states, {});
  for (std::size_t from = 0; from < states; ++from) {
    const std::vector<YamlValue> row = rows[from].as_list();
    if (row.size() != states) {
      rows[from].fail(fmt::format("expected {} rates (one per state), got {}", states, row.size()));
    }
    double leave = 0;
    for (std::size_t to = 0; to < states; ++to) {
      const double rate = to == from ? row[to].as_number(at_least(0)) : read_rate_or_zero(row[to]);
      out.switch_rates[from].push_back(rate);
      if (to != from) leave += rate;
    }
    if (!(leave > 0)) {
      rows[from].fail(fmt::format("state {} never switches (every rate out of it is 0)", from));
    }
  }
}

void parse_trace(const MapReader& map, cluster::ArrivalConfig& out) {
  const std::string format =
      map.has("format") ? map.require("format").as_choice("trace format", {"timestamps", "counts"})
                        : "timestamps";
  double interval_s = 0;
  if (format == "counts") {
    // Length of the interval each row counts, seconds.
    interval_s = map.require("interval_s").as_number(duration_s_range(true));
  } else if (const auto interval = map.get("interval_s")) {
    interval->fail("interval_s is only valid with format: counts");
  }
  map.number("speedup", out.speedup, with_note(between(1e-9, 1e9)));
  map.boolean("repeat", out.repeat);
  const ReferencedFile file = read_referenced_file(map.require("file"));
  out.file = file.resolved;
  out.trace = format == "counts" ? parse_count_trace(file.text, file.resolved, interval_s)
                                 : parse_timestamp_trace(file.text, file.resolved);
  // A pass of the trace, sped up, must fit the clock, and so must the repeat after it.
  if (out.trace->span_s / out.speedup > kMaxInputDurationS / 2) {
    const std::optional<YamlValue> speedup = map.get("speedup");
    (speedup ? *speedup : map.require("file"))
        .fail(fmt::format("one pass of the trace takes {} s at speedup {}; at most {} s; {}",
                          format_number(out.trace->span_s / out.speedup),
                          format_number(out.speedup), format_number(kMaxInputDurationS / 2),
                          kTimeDomainNote));
  }
  if (const auto resample = map.get("resample")) {
    const MapReader block(*resample, {"block_s"});
    const YamlValue block_s = block.require("block_s");
    out.resample_block_s = block_s.as_number(greater_than(0));
    if (out.resample_block_s > out.trace->span_s) {
      block_s.fail(fmt::format("a block longer than the trace ({} s) cannot be resampled",
                               out.trace->span_s));
    }
    // At least one arrival per block on average: a block stream that finds the next arrival
    // only after many empty blocks would stall (a block of 1e-300 s never ends a pass).
    const std::size_t arrivals = out.trace->times_s.size();
    if (out.trace->interval_s <= 0 && arrivals > 0 &&
        out.resample_block_s < out.trace->span_s / static_cast<double>(arrivals)) {
      block_s.fail(fmt::format("must be >= the trace's mean gap between arrivals ({} s: {} "
                               "arrivals over {} s), so that a block holds an arrival on average",
                               format_number(out.trace->span_s / static_cast<double>(arrivals)),
                               arrivals, format_number(out.trace->span_s)));
    }
  }
}

void parse_arrival(const YamlValue& value, cluster::ArrivalConfig& out) {
  const MapReader map(value, {"kind", "rate", "cv", "rates", "switch_rates", "file", "format",
                              "interval_s", "speedup", "repeat", "resample"});
  std::string kind = "poisson";
  if (map.has("kind")) {
    kind = map.require("kind").as_choice("arrival kind", {"poisson", "gamma", "mmpp", "trace"});
  }
  const std::string what = "arrival kind '" + kind + "'";
  if (kind == "poisson") {
    map.restrict_to({"kind", "rate"}, what);
    out.kind = cluster::ArrivalKind::kPoisson;
    map.number("rate", out.rate, rate_range());
  } else if (kind == "gamma") {
    map.restrict_to({"kind", "rate", "cv"}, what);
    out.kind = cluster::ArrivalKind::kGamma;
    map.number("rate", out.rate, rate_range());
    map.number("cv", out.cv, gamma_cv_range());
  } else if (kind == "mmpp") {
    map.restrict_to({"kind", "rates", "switch_rates"}, what);
    out.kind = cluster::ArrivalKind::kMmpp;
    parse_mmpp(map, out);
  } else {
    map.restrict_to({"kind", "file", "format", "interval_s", "speedup", "repeat", "resample"},
                    what);
    out.kind = cluster::ArrivalKind::kTrace;
    parse_trace(map, out);
  }
}

}  // namespace

std::vector<std::string> workload_key_names() {
  return {"arrival", "payload_bytes", "response_bytes", "load"};
}

void parse_workload(const YamlValue& value, cluster::WorkloadConfig& out) {
  const MapReader map(value, workload_key_names());
  if (const auto arrival = map.get("arrival")) parse_arrival(*arrival, out.arrival);
  // load: offered load per instance of the first pool, in (0, 10]; the arrival's rate, rates or
  // speedup then follow from it (load_resolver.hpp), so they must not be given too.
  if (const auto load = map.get("load")) {
    NumberRange range = greater_than(0);
    range.max = 10;
    out.load = load->as_number(range);
    if (const auto arrival = map.get("arrival")) {
      const MapReader given(*arrival, {"kind", "rate", "cv", "rates", "switch_rates", "file",
                                       "format", "interval_s", "speedup", "repeat", "resample"});
      for (const char* key : {"rate", "speedup"}) {
        if (const auto clash = given.get(key)) {
          // The usual way here is --set workload.load on a scenario written with a rate: say
          // how to drop the rate from the command line too.
          clash->fail(std::string("give either workload.load or workload.arrival.") + key +
                      ", not both (load sets the rate); from the command line, replace the "
                      "arrival too, e.g. --set 'workload.arrival={kind: poisson}'");
        }
      }
    }
  }
    map.number("payload_bytes", out.payload_bytes, bytes_range());
  map.number("response_bytes", out.response_bytes, bytes_range());
}

}  // namespace servesim::io
