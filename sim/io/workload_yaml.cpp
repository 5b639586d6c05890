// File: sim/io/workload_yaml.cpp
//
// `workload:` and its `arrival:`, declared in workload_fields() and arrival_fields()
// (field_table.hpp). The arrival's keys depend on its kind: each row names the kinds that take
// it (read_kind_map). Rows are read in table order, so a trace's `file` row, which parses the
// file, comes after the rows that say how (`format`, `interval_s`, `speedup`).
#include "sim/io/workload_yaml.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/time_range.hpp"
#include "sim/io/trace_loader.hpp"

namespace servesim::io {

namespace {

using cluster::ArrivalConfig;
using cluster::ArrivalKind;
using cluster::WorkloadConfig;

// The arrival as its rows read and print it: the config, plus what the config does not keep
// (a trace's format and interval live in its loaded trace) and whether workload.load sets the
// mean rate.
struct ArrivalKeys : ArrivalConfig {
  std::string format = "timestamps";  // trace: timestamps | counts
  double interval_s = 0;              // trace, counts: seconds each row counts
  bool from_load = false;             // printing: workload.load gives the rate
  std::string load_key;               // reading: the path of workload.load when it is given
};

constexpr const char* kCounts = "counts";

bool counts(const ArrivalKeys& keys) { return keys.format == kCounts; }

struct KindName {
  ArrivalKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {{ArrivalKind::kPoisson, "poisson"},
                                   {ArrivalKind::kGamma, "gamma"},
                                   {ArrivalKind::kMmpp, "mmpp"},
                                   {ArrivalKind::kTrace, "trace"}};

std::vector<std::string> kind_names() {
  std::vector<std::string> names;
  for (const KindName& each : kKindNames) names.push_back(each.name);
  return names;
}

std::string kind_name(const ArrivalKeys& keys) {
  const KindName* found = nullptr;
  for (const KindName& each : kKindNames) {
    if (each.kind == keys.kind) found = &each;
  }
  SERVESIM_ASSERT(found != nullptr, "an arrival kind without a name in kKindNames");
  return found->name;
}

// A key that workload.load sets (load_resolver.hpp): refused next to it, and left out of
// `check`'s output with it, so that the printed scenario loads again. `kind_key`: the kind row's
// name, for the advice.
Field<ArrivalKeys> set_by_load(Field<ArrivalKeys> field, std::string kind_key) {
  field.read = [read = field.read, kind_key](const YamlValue& value, ArrivalKeys& out,
                                             const MapReader& map) {
    if (!out.load_key.empty()) {
      // The usual way here is --set workload.load on a scenario written with a rate: say how to
      // drop the rate from the command line too.
      value.fail(
          fmt::format("give either {} or {}, not both (load sets the rate); from the "
                      "command line, replace the arrival too, e.g. --set '{}={{{}: "
                      "poisson}}'",
                      out.load_key, value.path(), map.path(), kind_key));
    }
    read(value, out, map);
  };
  field.printed = [](const ArrivalKeys& keys) { return !keys.from_load; };
  return field;
}

std::vector<double> read_state_rates(const YamlValue& value) {
  std::vector<double> rates;
  for (const YamlValue& rate : value.as_list()) rates.push_back(read_rate_or_zero(rate));
  if (rates.size() < 2) {
    value.fail(fmt::format("an mmpp needs at least 2 states (got {})", rates.size()));
  }
  bool any_positive = false;
  for (double rate : rates) any_positive = any_positive || rate > 0;
  if (!any_positive) value.fail("at least one state needs an arrival rate > 0");
  return rates;
}

// REQUIRES: `states` >= 2 (the rates, read before).
std::vector<std::vector<double>> read_switch_rates(const YamlValue& value, std::size_t states) {
  const std::vector<YamlValue> rows = value.as_list();
  if (rows.size() != states) {
    value.fail(fmt::format("expected {} rows ({} x {}, one per state), got {}", states, states,
                           states, rows.size()));
  }
  std::vector<std::vector<double>> switch_rates(states);
  for (std::size_t from = 0; from < states; ++from) {
    const std::vector<YamlValue> row = rows[from].as_list();
    if (row.size() != states) {
      rows[from].fail(fmt::format("expected {} rates (one per state), got {}", states, row.size()));
    }
    double leave = 0;
    for (std::size_t to = 0; to < states; ++to) {
      const double rate = to == from ? row[to].as_number(at_least(0)) : read_rate_or_zero(row[to]);
      switch_rates[from].push_back(rate);
      if (to != from) leave += rate;
    }
    if (!(leave > 0)) {
      rows[from].fail(fmt::format("state {} never switches (every rate out of it is 0)", from));
    }
  }
  return switch_rates;
}

void print_numbers(YAML::Emitter& out, const std::vector<double>& numbers) {
  out << YAML::Flow << YAML::BeginSeq;
  for (double number : numbers) out << format_number(number);
  out << YAML::EndSeq;
}

// `resample:`'s keys. REQUIRES: the trace is loaded (the `file` row is read before).
const FieldTable<ArrivalKeys>& resample_fields() {
  static const FieldTable<ArrivalKeys> table = {
      custom_field<ArrivalKeys>(
          "block_s",
          {"number", "s (trace time)", "required",
           "0 < B <= the trace's span; for timestamps also B >= span / arrivals",
           "Length B of a block: each pass replays ⌈span / B⌉ blocks of B trace seconds, each "
           "copied from a start drawn uniformly over the trace (stream `workload/resample`), so "
           "replications replay different arrangements."},
          [](const YamlValue& value, ArrivalKeys& out, const MapReader&) {
            out.resample_block_s = value.as_number(greater_than(0));
            const cluster::ArrivalTrace& trace = *out.trace;
            if (out.resample_block_s > trace.span_s) {
              value.fail(fmt::format("a block longer than the trace ({} s) cannot be resampled",
                                     trace.span_s));
            }
            // At least one arrival per block on average: a block stream that finds the next
            // arrival only after many empty blocks would stall (a block of 1e-300 s never ends
            // a pass).
            const std::size_t arrivals = trace.times_s.size();
            const double mean_gap_s = trace.span_s / static_cast<double>(arrivals);
            if (trace.interval_s <= 0 && arrivals > 0 && out.resample_block_s < mean_gap_s) {
              value.fail(fmt::format(
                  "must be >= the trace's mean gap between arrivals ({} s: {} arrivals over {} "
                  "s), so that a block holds an arrival on average",
                  format_number(mean_gap_s), arrivals, format_number(trace.span_s)));
            }
          },
          [](YAML::Emitter& out, const ArrivalKeys& keys) {
            out << format_number(keys.resample_block_s);
          })
          .must_be_given(),
  };
  return table;
}

FieldTable<ArrivalKeys> make_arrival_fields() {
  const Field<ArrivalKeys> kind = custom_field<ArrivalKeys>(
      "kind",
      {"string", "", "poisson", join_names(kind_names()),
       "Which process. Each kind takes only its own keys."},
      [](const YamlValue& value, ArrivalKeys& out, const MapReader&) {
        const std::string name = value.as_choice("arrival kind", kind_names());
        for (const KindName& each : kKindNames) {
          if (name == each.name) out.kind = each.kind;
        }
      },
      [](YAML::Emitter& out, const ArrivalKeys& keys) { out << kind_name(keys); });

  const Field<ArrivalKeys> format =
      choice_field<ArrivalKeys>("format", &ArrivalKeys::format, "trace format",
                                {"timestamps", kCounts},
                                "`trace`: `timestamps`: one arrival time per row. `counts`: one "
                                "arrival count per interval.")
          .only_for({"trace"});

  Field<ArrivalKeys> interval_s =
      number_field<ArrivalKeys>("interval_s", &ArrivalKeys::interval_s, duration_s_range(true), "s",
                                "`trace`: length of the interval each row counts; rejected with "
                                "`timestamps`.")
          .only_for({"trace"})
          .must_be_given_if(counts, "with counts")
          .printed_when(counts);
  interval_s.read = [read = interval_s.read, own = interval_s.name, format_key = format.name](
                        const YamlValue& value, ArrivalKeys& out, const MapReader& map) {
    if (!counts(out)) {
      value.fail(fmt::format("{} is only valid with {}: {}", own, format_key, kCounts));
    }
    read(value, out, map);
  };

  const Field<ArrivalKeys> speedup =
      set_by_load(number_field<ArrivalKeys>(
                      "speedup", &ArrivalKeys::speedup, with_note(between(1e-9, 1e9)), "factor",
                      "`trace`: time compression: every trace time is divided by it (2 "
                      "replays twice as fast).")
                      .only_for({"trace"}),
                  kind.name);

  // Parses the trace, now that its format, interval and speedup are known.
  const Field<ArrivalKeys> file =
      custom_field<ArrivalKeys>(
          "file",
          {"path", "", "", "an existing text file",
           "`trace`: the trace CSV (traces/README.md), found by the path rules."},
          [speedup_key = speedup.name](const YamlValue& value, ArrivalKeys& out,
                                       const MapReader& map) {
            const ReferencedFile file = read_referenced_file(value);
            out.file = file.resolved;
            out.trace = counts(out) ? parse_count_trace(file.text, file.resolved, out.interval_s)
                                    : parse_timestamp_trace(file.text, file.resolved);
            // A pass of the trace, sped up, must fit the clock, and so must the repeat after it.
            const double pass_s = out.trace->span_s / out.speedup;
            if (pass_s > kMaxInputDurationS / 2) {
              const std::optional<YamlValue> speedup = map.get(speedup_key);
              (speedup ? *speedup : value)
                  .fail(fmt::format("one pass of the trace takes {} s at {} {}; at most {} s; {}",
                                    format_number(pass_s), speedup_key, format_number(out.speedup),
                                    format_number(kMaxInputDurationS / 2), kTimeDomainNote));
            }
          },
          [](YAML::Emitter& out, const ArrivalKeys& keys) { out << keys.file; })
          .must_be_given()
          .only_for({"trace"});

  return {
      kind,
      set_by_load(number_field<ArrivalKeys>("rate", &ArrivalKeys::rate, rate_range(), "per s",
                                            "`poisson`, `gamma`: mean arrival rate (1 / mean "
                                            "gap).")
                      .only_for({"poisson", "gamma"}),
                  kind.name),
      number_field<ArrivalKeys>("cv", &ArrivalKeys::cv, gamma_cv_range(), "",
                                "`gamma`: coefficient of variation of the gaps. 1 is Poisson; "
                                "larger is burstier.")
          .only_for({"gamma"}),
      custom_field<ArrivalKeys>(
          "rates",
          {"list of numbers", "per s", "",
           "each 0 or in [1e-09, 1000000000]; >= 2 states; at least one > 0",
           "`mmpp`: arrival rate in each state."},
          [](const YamlValue& value, ArrivalKeys& out, const MapReader&) {
            out.rates = read_state_rates(value);
          },
          [](YAML::Emitter& out, const ArrivalKeys& keys) { print_numbers(out, keys.rates); })
          .must_be_given()
          .only_for({"mmpp"}),
      custom_field<ArrivalKeys>(
          "switch_rates",
          {"n x n list of lists", "per s", "", "each >= 0; n rows of n",
           "`mmpp`: `[i][j]` is the rate of leaving state i for state j. The diagonal is "
           "ignored. Every state needs some rate out of it (> 0 off the diagonal)."},
          [](const YamlValue& value, ArrivalKeys& out, const MapReader&) {
            out.switch_rates = read_switch_rates(value, out.rates.size());
          },
          [](YAML::Emitter& out, const ArrivalKeys& keys) {
            out << YAML::Flow << YAML::BeginSeq;
            for (const auto& row : keys.switch_rates) print_numbers(out, row);
            out << YAML::EndSeq;
          })
          .must_be_given()
          .only_for({"mmpp"}),
      format,
      interval_s,
      speedup,
      boolean_field<ArrivalKeys>("repeat", &ArrivalKeys::repeat,
                                 "`trace`: loop the trace when it runs out, each pass shifted by "
                                 "the trace's span. With `false` the arrivals end with the trace.")
          .only_for({"trace"}),
      file,
      custom_field<ArrivalKeys>(
          "resample", {"map", "", "not set", "", "`trace`: block bootstrap (keys below)."},
          [](const YamlValue& value, ArrivalKeys& out, const MapReader&) {
            read_map(value, resample_fields(), out);
          },
          [](YAML::Emitter& out, const ArrivalKeys& keys) {
            out << YAML::Flow << YAML::BeginMap;
            print_fields(out, resample_fields(), keys);
            out << YAML::EndMap;
          })
          .printed_when([](const ArrivalKeys& keys) { return keys.resample_block_s > 0; })
          .with_keys(resample_fields)
          .only_for({"trace"}),
  };
}

const FieldTable<ArrivalKeys>& arrival_fields() {
  static const FieldTable<ArrivalKeys> table = make_arrival_fields();
  return table;
}

// The rate it gives is a comment: reading `load` again recomputes it.
const Field<WorkloadConfig>& load_field() {
  static const Field<WorkloadConfig> field =
      custom_field<WorkloadConfig>(
          "load",
          {"number", "ρ per instance", "not set", "in (0, 10]",
           "Offered load per instance of the first pool, instead of the arrival's rate: give "
           "one of `load` and `arrival.rate` (or trace `speedup`), not both."},
          [](const YamlValue& value, WorkloadConfig& out, const MapReader&) {
            out.load = value.as_number(NumberRange{0, 10, true, false});
          },
          [](YAML::Emitter& out, const WorkloadConfig& workload) {
            out << format_number(workload.load)
                << YAML::Comment("arrival rate " + format_number(workload.load_rate_per_s) +
                                 " per second");
          })
          .printed_when([](const WorkloadConfig& workload) { return workload.load > 0; });
  return field;
}

// The arrival as the rows see it: `out`, with what the config does not keep.
ArrivalKeys arrival_keys(const WorkloadConfig& workload) {
  ArrivalKeys keys;
  static_cast<ArrivalConfig&>(keys) = workload.arrival;
  keys.from_load = workload.load > 0;
  if (keys.trace != nullptr && keys.trace->interval_s > 0) {
    keys.format = kCounts;
    keys.interval_s = keys.trace->interval_s;
  }
  return keys;
}

// "{kind: poisson, rate: 100}", as `check` prints the default arrival.
std::string printed_default_arrival() {
  const ArrivalKeys keys;
  YAML::Emitter out;
  out << YAML::Flow << YAML::BeginMap;
  print_fields_of_kind(out, arrival_fields(), keys, kind_name(keys));
  out << YAML::EndMap;
  return out.c_str();
}

}  // namespace

const FieldTable<WorkloadConfig>& workload_fields() {
  static const FieldTable<WorkloadConfig> table = {
      custom_field<WorkloadConfig>(
          "arrival",
          {"map", "", printed_default_arrival(), "",
           "The arrival process of client requests (keys below)."},
          [](const YamlValue& value, WorkloadConfig& out, const MapReader& map) {
            ArrivalKeys keys = arrival_keys(out);
            // With `load`, the mean rate comes from it (load_resolver.hpp): the arrival's rate
            // and speedup are refused.
            if (map.has(load_field().name))
              keys.load_key = join_path(map.path(), load_field().name);
            read_kind_map(value, arrival_fields(), keys, kind_name, "arrival kind");
            out.arrival = std::move(keys);
          },
          [](YAML::Emitter& out, const WorkloadConfig& workload) {
            const ArrivalKeys keys = arrival_keys(workload);
            out << YAML::Flow << YAML::BeginMap;
            print_fields_of_kind(out, arrival_fields(), keys, kind_name(keys));
            out << YAML::EndMap;
          })
          .with_keys(arrival_fields),
      load_field(),
      number_field<WorkloadConfig>("payload_bytes", &WorkloadConfig::payload_bytes, bytes_range(),
                                   "bytes",
                                   "Size of each query sent frontend → instance. It adds `bytes "
                                   "× 8 / bandwidth_gbps` ns to that hop."),
      number_field<WorkloadConfig>("response_bytes", &WorkloadConfig::response_bytes, bytes_range(),
                                   "bytes",
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
