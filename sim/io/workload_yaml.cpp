// File: sim/io/workload_yaml.cpp
//
// `workload:` and its `arrival:`, declared in workload_fields() and arrival_fields()
// (field_table.hpp). The arrival's keys depend on its kind: each row names the kinds that take
// it, and the reading is per kind (parse_mmpp, parse_trace), since a trace's file is read after
// the settings that say how.
#include "sim/io/workload_yaml.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "sim/io/distribution_yaml.hpp"
#include "sim/io/field_table.hpp"
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

using cluster::ArrivalConfig;

// A key of some arrival kinds: declared here for the allowed keys, the per-kind checks and the
// docs; read by the kind's code below.
Field<ArrivalConfig> arrival_key(std::string name, std::vector<std::string> kinds, KeyDoc doc) {
  Field<ArrivalConfig> field = custom_field<ArrivalConfig>(std::move(name), std::move(doc), {});
  field.kinds = std::move(kinds);
  return field;
}

const FieldTable<ArrivalConfig>& arrival_fields() {
  static const FieldTable<ArrivalConfig> table = {
      arrival_key("kind", {},
                  {"", "string", "", "poisson", "poisson, gamma, mmpp, trace",
                   "Which process. Each kind takes only its own keys."}),
      arrival_key("rate", {"poisson", "gamma"},
                  {"", "number", "per s", format_number(ArrivalConfig{}.rate),
                   rate_range().describe(),
                   "`poisson`, `gamma`: mean arrival rate (1 / mean gap)."}),
      arrival_key("cv", {"gamma"},
                  {"", "number", "", format_number(ArrivalConfig{}.cv), gamma_cv_range().describe(),
                   "`gamma`: coefficient of variation of the gaps. 1 is Poisson; larger is "
                   "burstier."}),
      arrival_key("rates", {"mmpp"},
                  {"", "list of numbers", "per s", "required",
                   "each 0 or in [1e-09, 1000000000]; >= 2 states; at least one > 0",
                   "`mmpp`: arrival rate in each state."}),
      arrival_key("switch_rates", {"mmpp"},
                  {"", "n x n list of lists", "per s", "required", "each >= 0; n rows of n",
                   "`mmpp`: `[i][j]` is the rate of leaving state i for state j. The diagonal "
                   "is ignored. Every state needs some rate out of it (> 0 off the diagonal)."}),
      arrival_key("file", {"trace"},
                  {"", "path", "", "required", "an existing text file",
                   "`trace`: the trace CSV (traces/README.md), found by the path rules."}),
      arrival_key("format", {"trace"},
                  {"", "string", "", "timestamps", "timestamps, counts",
                   "`trace`: `timestamps`: one arrival time per row. `counts`: one arrival count "
                   "per interval."}),
      arrival_key("interval_s", {"trace"},
                  {"", "number", "s", "required with counts", duration_s_range(true).describe(),
                   "`trace`: length of the interval each row counts; rejected with "
                   "`timestamps`."}),
      arrival_key("speedup", {"trace"},
                  {"", "number", "factor", format_number(ArrivalConfig{}.speedup),
                   "in [1e-09, 1000000000]",
                   "`trace`: time compression: every trace time is divided by it (2 replays "
                   "twice as fast)."}),
      arrival_key("repeat", {"trace"},
                  {"", "boolean", "", "true", "true, false",
                   "`trace`: loop the trace when it runs out, each pass shifted by the trace's "
                   "span. With `false` the arrivals end with the trace."}),
      arrival_key("resample", {"trace"},
                  {"", "map {block_s: B}", "s (trace time)", "not set",
                   "0 < B <= the trace's span; for timestamps also B >= span / arrivals",
                   "`trace`: block bootstrap: each pass replays ⌈span / B⌉ blocks of B trace "
                   "seconds, each copied from a start drawn uniformly over the trace (stream "
                   "`workload/resample`), so replications replay different arrangements."}),
  };
  return table;
}

// The keys `kind` takes: `kind` itself and the rows that name it.
std::vector<std::string> arrival_keys_of(const std::string& kind) {
  std::vector<std::string> names;
  for (const Field<ArrivalConfig>& field : arrival_fields()) {
    if (field.kinds.empty() ||
        std::find(field.kinds.begin(), field.kinds.end(), kind) != field.kinds.end()) {
      names.push_back(field.name);
    }
  }
  return names;
}

void parse_arrival(const YamlValue& value, cluster::ArrivalConfig& out) {
  const MapReader map(value, field_names(arrival_fields()));
  std::string kind = "poisson";
  if (map.has("kind")) {
    kind = map.require("kind").as_choice("arrival kind", {"poisson", "gamma", "mmpp", "trace"});
  }
  const std::string what = "arrival kind '" + kind + "'";
  if (kind == "poisson") {
    map.restrict_to(arrival_keys_of(kind), what);
    out.kind = cluster::ArrivalKind::kPoisson;
    map.number("rate", out.rate, rate_range());
  } else if (kind == "gamma") {
    map.restrict_to(arrival_keys_of(kind), what);
    out.kind = cluster::ArrivalKind::kGamma;
    map.number("rate", out.rate, rate_range());
    map.number("cv", out.cv, gamma_cv_range());
  } else if (kind == "mmpp") {
    map.restrict_to(arrival_keys_of(kind), what);
    out.kind = cluster::ArrivalKind::kMmpp;
    parse_mmpp(map, out);
  } else {
    map.restrict_to(arrival_keys_of(kind), what);
    out.kind = cluster::ArrivalKind::kTrace;
    parse_trace(map, out);
  }
}

// from_load: the mean rate (poisson/gamma `rate`, trace `speedup`) comes from workload.load and
// is left out, so that the printed scenario loads again.
void print_arrival(YAML::Emitter& out, const cluster::ArrivalConfig& arrival, bool from_load) {
  out << YAML::Flow << YAML::BeginMap;
  switch (arrival.kind) {
    case cluster::ArrivalKind::kPoisson:
      out << YAML::Key << "kind" << YAML::Value << "poisson";
      if (!from_load) out << YAML::Key << "rate" << YAML::Value << format_number(arrival.rate);
      break;
    case cluster::ArrivalKind::kGamma:
      out << YAML::Key << "kind" << YAML::Value << "gamma";
      if (!from_load) out << YAML::Key << "rate" << YAML::Value << format_number(arrival.rate);
      out << YAML::Key << "cv" << YAML::Value << format_number(arrival.cv);
      break;
    case cluster::ArrivalKind::kMmpp:
      out << YAML::Key << "kind" << YAML::Value << "mmpp";
      out << YAML::Key << "rates" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (double rate : arrival.rates) out << format_number(rate);
      out << YAML::EndSeq;
      out << YAML::Key << "switch_rates" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const auto& row : arrival.switch_rates) {
        out << YAML::Flow << YAML::BeginSeq;
        for (double rate : row) out << format_number(rate);
        out << YAML::EndSeq;
      }
      out << YAML::EndSeq;
      break;
    case cluster::ArrivalKind::kTrace: {
      const bool counts = arrival.trace != nullptr && arrival.trace->interval_s > 0;
      out << YAML::Key << "kind" << YAML::Value << "trace";
      out << YAML::Key << "file" << YAML::Value << arrival.file;
      out << YAML::Key << "format" << YAML::Value << (counts ? "counts" : "timestamps");
      if (counts)
        out << YAML::Key << "interval_s" << YAML::Value << format_number(arrival.trace->interval_s);
      if (!from_load) out << YAML::Key << "speedup" << YAML::Value << format_number(arrival.speedup);
      out << YAML::Key << "repeat" << YAML::Value << (arrival.repeat ? "true" : "false");
      if (arrival.resample_block_s > 0) {
        out << YAML::Key << "resample" << YAML::Value << YAML::Flow << YAML::BeginMap
            << YAML::Key << "block_s" << YAML::Value << format_number(arrival.resample_block_s)
            << YAML::EndMap;
      }
      break;
    }
  }
  out << YAML::EndMap;
}

}  // namespace

using cluster::WorkloadConfig;

const FieldTable<WorkloadConfig>& workload_fields() {
  static const FieldTable<WorkloadConfig> table = {
      custom_field<WorkloadConfig>(
          "arrival",
          {"", "map", "", "{kind: poisson, rate: 100}", "",
           "The arrival process of client requests (keys below)."},
          [](const YamlValue& value, WorkloadConfig& out, const MapReader&) {
            parse_arrival(value, out.arrival);
          },
          // With `load`, the mean rate (poisson/gamma `rate`, trace `speedup`) comes from it and
          // is left out, so that the printed scenario loads again.
          [](YAML::Emitter& out, const WorkloadConfig& workload) {
            print_arrival(out, workload.arrival, workload.load > 0);
          })
          .with_keys(arrival_fields),
      // The arrival's rate, rates or speedup then follow from the load (load_resolver.hpp), so
      // they must not be given too.
      custom_field<WorkloadConfig>(
          "load",
          {"", "number", "ρ per instance", "not set", "in (0, 10]",
           "Offered load per instance of the first pool, instead of the arrival's rate: give "
           "one of `load` and `arrival.rate` (or trace `speedup`), not both."},
          [](const YamlValue& value, WorkloadConfig& out, const MapReader& map) {
            out.load = value.as_number(NumberRange{0, 10, true, false});
            if (const auto arrival = map.get(workload_fields().front().name)) {
              const MapReader given(*arrival, field_names(arrival_fields()));
              for (const char* key : {"rate", "speedup"}) {
                if (const auto clash = given.get(key)) {
                  // The usual way here is --set workload.load on a scenario written with a
                  // rate: say how to drop the rate from the command line too.
                  clash->fail(std::string("give either workload.load or workload.arrival.") + key +
                              ", not both (load sets the rate); from the command line, replace "
                              "the arrival too, e.g. --set 'workload.arrival={kind: poisson}'");
                }
              }
            }
          },
          // The rate it gives is a comment: reading `load` again recomputes it.
          [](YAML::Emitter& out, const WorkloadConfig& workload) {
            out << format_number(workload.load)
                << YAML::Comment("arrival rate " + format_number(workload.load_rate_per_s) +
                                 " per second");
          })
          .printed_when([](const WorkloadConfig& workload) { return workload.load > 0; }),
      number_field<WorkloadConfig>("payload_bytes", &WorkloadConfig::payload_bytes, bytes_range(),
                                   "bytes",
                                   "Size of each query sent frontend → instance. It adds `bytes "
                                   "× 8 / bandwidth_gbps` ns to that hop."),
      number_field<WorkloadConfig>("response_bytes", &WorkloadConfig::response_bytes,
                                   bytes_range(), "bytes",
                                   "Size of each answer sent instance → frontend, timed the same "
                                   "way."),
  };
  return table;
}

void parse_workload(const YamlValue& value, WorkloadConfig& out) {
  read_map(value, workload_fields(), out);
}

void print_workload(YAML::Emitter& out, const WorkloadConfig& workload) {
  out << YAML::BeginMap;
  print_fields(out, workload_fields(), workload);
  out << YAML::EndMap;
}

}  // namespace servesim::io
