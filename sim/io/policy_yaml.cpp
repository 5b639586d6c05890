// File: sim/io/policy_yaml.cpp
#include "sim/io/policy_yaml.hpp"
#include "sim/io/time_range.hpp"

#include "sim/io/accuracy_table.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/policy/redundancy/parity.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::io {

// The valid names come from the policy registries, so io never keeps a list of its own.
const std::vector<std::string>& load_balancer_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : policy::load_balancer_registry()) out.emplace_back(entry.name);
    return out;
  }();
  return names;
}

const std::vector<std::string>& redundancy_kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : policy::redundancy_registry()) out.emplace_back(entry.name);
    return out;
  }();
  return names;
}

std::string parse_load_balancer(const YamlValue& value) {
  // load_balancer: how a per_instance pool picks an instance on arrival: round_robin, random,
  // shortest_queue, power_of_two, least_outstanding. Default round_robin.
  return value.as_choice("load balancer", load_balancer_names());
}

namespace {
std::string describe_row(const AccuracyRow& row) {
  std::string text = row.dataset + "/" + row.model;
  if (row.k) text += " k=" + std::to_string(*row.k);
  if (row.r) text += " r=" + std::to_string(*row.r);
  if (!row.encoder.empty()) text += " encoder=" + row.encoder;
  if (!row.decoder.empty()) text += " decoder=" + row.decoder;
  return text;
}

using Row = policy::RedundancyConfig::AccuracyRow;

// The accuracy row being looked up, with the table file it names.
struct AccuracyRowInput {
  policy::RedundancyConfig::AccuracyRow row;
  ReferencedFile table;
};

// A key column of the row, a string member of AccuracyRow.
Field<AccuracyRowInput> row_key(std::string name, std::string Row::*member, std::string default_value,
                                std::string meaning) {
  return custom_field<AccuracyRowInput>(
      std::move(name), {"", "string", "", std::move(default_value), "", std::move(meaning)},
      [member](const YamlValue& value, AccuracyRowInput& out, const MapReader&) {
        out.row.*member = value.as_string();
      },
      [member](YAML::Emitter& emitter, const AccuracyRowInput& config) {
        emitter << config.row.*member;
      });
}

const FieldTable<AccuracyRowInput>& accuracy_row_fields() {
  static const FieldTable<AccuracyRowInput> table = {
      custom_field<AccuracyRowInput>(
          "table",
          {"", "path", "", "", "an existing CSV",
           "The accuracy table, e.g. `models/accuracy/parity.csv`."},
          [](const YamlValue& value, AccuracyRowInput& out, const MapReader&) {
            out.table = read_referenced_file(value);
            out.row.table = out.table.resolved;
          },
          [](YAML::Emitter& emitter, const AccuracyRowInput& config) {
            emitter << config.row.table;
          })
          .must_be_given(),
      row_key("dataset", &Row::dataset, "", "Row key: the `dataset` column.").must_be_given(),
      row_key("model", &Row::model, "", "Row key: the `model` column.").must_be_given(),
      row_key("encoder", &Row::encoder, "\"\"",
              "Row key: the `encoder` column (`\"\"` matches an empty cell)."),
      row_key("decoder", &Row::decoder, "\"\"", "Row key: the `decoder` column."),
  };
  return table;
}

void parse_accuracy_row(const YamlValue& value, policy::RedundancyConfig& out) {
  AccuracyRowInput input;
  read_map(value, accuracy_row_fields(), input);
  const Row& wanted = input.row;
  const std::vector<AccuracyRow> rows = parse_accuracy_table(input.table.text, input.table.resolved);
  for (const AccuracyRow& row : rows) {
    if (row.dataset != wanted.dataset || row.model != wanted.model) continue;
    if (out.kind == "parity" && (row.k != out.k || row.r != out.r)) continue;
    if (row.encoder != wanted.encoder || row.decoder != wanted.decoder) continue;
    out.accuracy = wanted;
    out.available_accuracy = row.available_accuracy;
    out.degraded_accuracy = row.degraded_accuracy;
    return;
  }
  std::string have;
  for (const AccuracyRow& row : rows) have += (have.empty() ? " " : "; ") + describe_row(row);
  throw value.error("no row for " + wanted.dataset + "/" + wanted.model + " k=" +
                    std::to_string(out.k) + " r=" + std::to_string(out.r) +
                    (wanted.encoder.empty() ? "" : " encoder=" + wanted.encoder) +
                    (wanted.decoder.empty() ? "" : " decoder=" + wanted.decoder) + " in '" +
                    input.table.written + "'; it has:" + (have.empty() ? std::string(" no rows") : have));
}

using Redundancy = policy::RedundancyConfig;

// An optional distribution key of a parity coder: read when given, printed when set.
Field<Redundancy> coder_latency(std::optional<dist::DistributionSpec> Redundancy::*member,
                                std::string meaning) {
  return custom_field<Redundancy>(
             "latency", {"", "DIST", "ms", "none (0)", "", std::move(meaning)},
             [member](const YamlValue& value, Redundancy& out, const MapReader&) {
               out.*member = parse_distribution(value);
             },
             [member](YAML::Emitter& emitter, const Redundancy& config) {
               emit_distribution(emitter, *(config.*member), false);
             })
      .printed_when([member](const Redundancy& config) { return (config.*member).has_value(); });
}

const FieldTable<Redundancy>& encoder_fields() {
  static const FieldTable<Redundancy> table = {
      coder_latency(&Redundancy::encoder_latency,
                    "`parity`: encoding time, paid once the k-th member of a group has arrived."),
      number_field<Redundancy>("parity_bytes", &Redundancy::parity_bytes, bytes_range(), "bytes",
                               "`parity`: size of each parity query on the frontend → instance "
                               "hop."),
  };
  return table;
}

const FieldTable<Redundancy>& decoder_fields() {
  static const FieldTable<Redundancy> table = {
      coder_latency(&Redundancy::decoder_latency,
                    "`parity`: decoding time, paid once any k of a group's k + r outputs are "
                    "back."),
  };
  return table;
}

// A sub-map whose keys fill fields of the redundancy config itself (encoder, decoder), printed
// as a flow map when `printed` holds.
Field<Redundancy> coder_map(std::string name, const FieldTable<Redundancy>& (*fields)(),
                            std::string meaning, Field<Redundancy>::Condition printed) {
  return custom_field<Redundancy>(
             std::move(name), {"", "map", "", "none", "", std::move(meaning)},
             [fields](const YamlValue& value, Redundancy& out, const MapReader&) {
               read_map(value, fields(), out);
             },
             [fields](YAML::Emitter& emitter, const Redundancy& config) {
               emitter << YAML::Flow << YAML::BeginMap;
               print_fields(emitter, fields(), config);
               emitter << YAML::EndMap;
             })
      .printed_when(std::move(printed))
      .with_keys(fields);
}

// An accuracy in [0, 1] that stays unknown (nullopt) unless given.
Field<Redundancy> optional_accuracy(std::string name, std::optional<double> Redundancy::*member,
                                    std::string default_value, std::string meaning) {
  const NumberRange unit = between(0, 1);
  return custom_field<Redundancy>(
             std::move(name),
             {"", "number", "fraction", std::move(default_value), unit.describe(),
              std::move(meaning)},
             [member, unit](const YamlValue& value, Redundancy& out, const MapReader&) {
               out.*member = value.as_number(unit);
             },
             [member](YAML::Emitter& emitter, const Redundancy& config) {
               emitter << format_number(*(config.*member));
             })
      .printed_when([member](const Redundancy& config) { return (config.*member).has_value(); });
}

}  // namespace

const FieldTable<policy::RedundancyConfig>& redundancy_fields() {
  // Every key is accepted with every kind and ignored by kinds that do not use it, so that a
  // sweep can switch `redundancy.kind` while `k`, `r` or `delay` stay fixed (SPEC §2 uses
  // `--set redundancy.k=3`); for the same reason `check` prints every key.
  static const FieldTable<Redundancy> table = {
      choice_field<Redundancy>("kind", &Redundancy::kind, "redundancy kind",
                               redundancy_kind_names(), "The scheme."),
      integer_field<Redundancy>("k", &Redundancy::k, 1, kMaxCodeParameter, "requests",
                                "`parity`: group size. `equal_resources`: data units of the "
                                "(k, r) code it matches."),
      // parity: r <= k. Any k of a group's k + r outputs decode it, so with r > k the parities
      // alone would outnumber the group they protect: more parity queries than requests, which
      // is not the setting of parity models (ParM codes k requests into r parities, r usually
      // 1). Checked here, before the accuracy row is looked up for this k and r; `kind` and `k`
      // are read before `r`, and r's default (1) is <= any k.
      custom_field<Redundancy>(
          "r",
          {"", "integer", "", fmt::format("{}", Redundancy{}.r),
           integer_range_text(1, kMaxCodeParameter) +
               fmt::format("; parity <= k and <= {}; replicate <= 15",
                           policy::ParityCoding::kMaxParities),
           "`parity`: parity queries per group. `equal_resources`: parity units of the code it "
           "matches. `replicate`: extra copies per request."},
          [](const YamlValue& value, Redundancy& out, const MapReader&) {
            out.r = value.as_int(1, kMaxCodeParameter);
            if (out.kind == "parity" && out.r > out.k) {
              value.fail("must be <= k for parity (got r = " + std::to_string(out.r) +
                         " with k = " + std::to_string(out.k) + ")");
            }
            if (out.kind == "parity" && out.r > policy::ParityCoding::kMaxParities) {
              value.fail("must be <= " + std::to_string(policy::ParityCoding::kMaxParities) +
                         " for parity (got " + std::to_string(out.r) + ")");
            }
          },
          [](YAML::Emitter& emitter, const Redundancy& config) {
            emitter << fmt::format("{}", config.r);
          }),
      number_field<Redundancy>("delay", &Redundancy::delay, duration_ms_range(), "ms",
                               "`hedge`: send the second copy this long after the first. In "
                               "percentile mode it applies, when > 0, until `min_samples` "
                               "latencies have been seen; with 0 no request is hedged until "
                               "then."),
      // A value in (0, 1) is a fraction written where a percent is meant, refused with the
      // percent it likely means.
      custom_field<Redundancy>(
          "percentile",
          {"", "number", "percent", "0", "0 or in [1, 100)",
           "`hedge`: when > 0, wait for this percentile of the last `window` first-copy "
           "latencies instead of `delay`, recomputed with every first-copy answer. 0 means use "
           "`delay`. A value in (0, 1) is refused with a did-you-mean (`95`, not `0.95`)."},
          [](const YamlValue& value, Redundancy& out, const MapReader&) {
            NumberRange range = at_least(0);
            range.max = 100;
            range.max_open = true;
            out.percentile = value.as_number(range);
            if (out.percentile > 0 && out.percentile < 1) {
              value.fail("is a percent in [1, 100), not a fraction (got " +
                         format_number(out.percentile) + "; did you mean " +
                         format_number(out.percentile * 100) + "?)");
            }
          },
          [](YAML::Emitter& emitter, const Redundancy& config) {
            emitter << format_number(config.percentile);
          }),
      integer_field<Redundancy>("min_samples", &Redundancy::min_samples, 1,
                                std::numeric_limits<int>::max(), "latencies",
                                "`hedge`: first-copy latencies seen before the percentile is "
                                "trusted."),
      integer_field<Redundancy>("window", &Redundancy::window, 1, 10'000'000, "latencies",
                                "`hedge`: the percentile is over this many most recent "
                                "first-copy latencies (hedge-won ones censored)."),
      number_field<Redundancy>("fraction", &Redundancy::fraction,
                               NumberRange{0, 1, true, false}, "fraction",
                               "`replicate`, `hedge`: share of requests that get redundancy (the "
                               "others get one copy), chosen per request by a draw from the "
                               "stream `redundancy/fraction`."),
      choice_field<Redundancy>("copy_priority", &Redundancy::copy_priority, "copy priority",
                               {"normal", "low"},
                               "`replicate`, `hedge`: `low` queues every replica or hedge copy "
                               "behind every first copy in each pool queue (tied requests with "
                               "low-priority duplicates). A started copy is not preempted."),
      string_field<Redundancy>("pool", &Redundancy::pool,
                               "`parity`: the pool serving parity queries; `\"\"`: a pool named "
                               "`parity`, else one built from the first pool with ⌈n r / k⌉ "
                               "instances. `backup`: the backup pool; `\"\"`: the pool named "
                               "`backup`.")
          .valid("a pool name"),
      coder_map("encoder", encoder_fields, "`parity`: the encoder (keys below).",
                [](const Redundancy& config) {
                  return config.encoder_latency.has_value() || config.parity_bytes > 0;
                }),
      coder_map("decoder", decoder_fields, "`parity`: the decoder (keys below).",
                [](const Redundancy& config) { return config.decoder_latency.has_value(); }),
      number_field<Redundancy>("fill_timeout", &Redundancy::fill_timeout, duration_ms_range(),
                               "ms",
                               "`parity`: encode a partial group once its first member has "
                               "waited this long (with coded batches, a partial batch goes out "
                               "with it). 0 means never (as ParM). An extension, off by "
                               "default."),
      number_field<Redundancy>("default_after", &Redundancy::default_after, duration_ms_range(),
                               "ms",
                               "Answer a request still unanswered this long after it reached "
                               "the frontend with a default prediction (served as `default`). "
                               "0 means never."),
      number_field<Redundancy>("timeout", &Redundancy::timeout, duration_ms_range(), "ms",
                               "`backup`: serve the backup's answer only once the request has "
                               "been out this long. 0 means the running median of original "
                               "latency (ParM's scoring)."),
      optional_accuracy("default_accuracy", &Redundancy::default_accuracy, "unknown",
                        "Accuracy of a default prediction."),
      optional_accuracy("backup_accuracy", &Redundancy::backup_accuracy,
                        "the backup pool model's accuracy",
                        "`backup`: accuracy of the backup's answers."),
      // The row of an accuracy table (models/accuracy/*.csv) giving available and degraded-mode
      // accuracy for this k and r; read last, since the row depends on kind, k and r.
      custom_field<Redundancy>(
          "accuracy",
          {"", "map", "", "none", "",
           "A row of an accuracy table that gives available and degraded-mode accuracy (keys "
           "below)."},
          [](const YamlValue& value, Redundancy& out, const MapReader&) {
            parse_accuracy_row(value, out);
          },
          [](YAML::Emitter& emitter, const Redundancy& config) {
            AccuracyRowInput input{*config.accuracy, {}};
            emitter << YAML::Flow << YAML::BeginMap;
            print_fields(emitter, accuracy_row_fields(), input);
            emitter << YAML::EndMap;
          })
          .printed_when([](const Redundancy& config) { return config.accuracy.has_value(); })
          .with_keys(accuracy_row_fields),
  };
  return table;
}

void parse_redundancy(const YamlValue& value, policy::RedundancyConfig& out) {
  read_map(value, redundancy_fields(), out);
}

void print_redundancy(YAML::Emitter& out, const policy::RedundancyConfig& redundancy) {
  out << YAML::BeginMap;
  print_fields(out, redundancy_fields(), redundancy);
  out << YAML::EndMap;
}

}  // namespace servesim::io
