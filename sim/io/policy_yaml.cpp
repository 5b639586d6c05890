// File: sim/io/policy_yaml.cpp
#include "sim/io/policy_yaml.hpp"
#include "sim/io/time_range.hpp"

#include "sim/io/accuracy_table.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/policy/load_balancer/load_balancer.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"
#include "sim/policy/registry_lookup.hpp"

namespace servesim::io {

// The valid names come from the policy registries, so io never keeps a list of its own.
const std::vector<std::string>& load_balancer_names() {
  static const std::vector<std::string> names =
      policy::registry_names(policy::load_balancer_registry());
  return names;
}

const std::vector<std::string>& redundancy_kind_names() {
  static const std::vector<std::string> names =
      policy::registry_names(policy::redundancy_registry());
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

void parse_accuracy_row(const YamlValue& value, policy::RedundancyConfig& out) {
  const MapReader map(value, {"table", "dataset", "model", "encoder", "decoder"});
  const ReferencedFile table = read_referenced_file(map.require("table"));
  policy::RedundancyConfig::AccuracyRow wanted;
  wanted.table = table.resolved;
  wanted.dataset = map.require("dataset").as_string();
  wanted.model = map.require("model").as_string();
  map.string("encoder", wanted.encoder);
  map.string("decoder", wanted.decoder);
  const std::vector<AccuracyRow> rows = parse_accuracy_table(table.text, table.resolved);
  for (const AccuracyRow& row : rows) {
    if (row.dataset != wanted.dataset || row.model != wanted.model) continue;
    if (policy::redundancy_entry(out.kind).needs.accuracy_row_by_code &&
        (row.k != out.k || row.r != out.r)) {
      continue;
    }
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
                    table.written + "'; it has:" + (have.empty() ? std::string(" no rows") : have));
}
}  // namespace

void parse_redundancy(const YamlValue& value, policy::RedundancyConfig& out) {
  const MapReader map(value, {"kind", "k", "r", "delay", "percentile", "min_samples", "pool",
                              "encoder", "decoder", "fill_timeout", "default_after",
                              "default_accuracy", "timeout", "accuracy", "backup_accuracy",
                              "window", "fraction", "copy_priority"});
  // kind: none | equal_resources | replicate | hedge. Default none.
  if (const auto kind = map.get("kind"))
    out.kind = kind->as_choice("redundancy kind", redundancy_kind_names());
  // Every key is accepted with every kind and ignored by kinds that do not use it, so that a
  // sweep can switch `redundancy.kind` while `k`, `r` or `delay` stay fixed (SPEC §2 uses
  // `--set redundancy.k=3`). Unknown keys are still errors.
  // k: data units of the (k, r) code whose resources equal_resources matches, in [1, 1000],
  // default 2.
  map.integer("k", out.k, 1, kMaxCodeParameter);
  // r: equal_resources: parity units of that code; replicate: extra copies per request.
  // In [1, 1000], default 1.
  map.integer("r", out.r, 1, kMaxCodeParameter);
  // Limits on r that the kind's registry row declares (RedundancyNeeds). parity: r <= k. Any
  // k of a group's k + r outputs decode it, so with r > k the parities alone would outnumber
  // the group they protect: more parity queries than requests, which is not the setting of
  // parity models (ParM codes k requests into r parities, r usually 1). replicate: r extra
  // copies, at most 15 (the frontend's copies per request). Checked before the accuracy row is
  // looked up for this k and r. r exceeds its default (1, which is within every limit) only
  // when written, so require("r") finds the position to report.
  const policy::RedundancyNeeds& needs = policy::redundancy_entry(out.kind).needs;
  if (needs.r_at_most_k && out.r > out.k) {
    throw map.require("r").error("must be <= k for " + out.kind + " (got r = " +
                                 std::to_string(out.r) + " with k = " + std::to_string(out.k) +
                                 ")");
  }
  if (needs.max_r > 0 && out.r > needs.max_r) {
    throw map.require("r").error("must be <= " + std::to_string(needs.max_r) + " for " +
                                 out.kind + " (got " + std::to_string(out.r) + ")");
  }
  // delay: hedge: ms after which a second copy is sent, >= 0, default 0.
  map.number("delay", out.delay, duration_ms_range());
  // percentile: hedge: when > 0, send the second copy after this percentile of recent
  // first-copy latency instead, in [1, 100); 0 = use `delay` (default). A value in (0, 1) is a
  // fraction written where a percent is meant, refused with the percent it likely means.
  if (const auto percentile = map.get("percentile")) {
    NumberRange range = at_least(0);
    range.max = 100;
    range.max_open = true;
    out.percentile = percentile->as_number(range);
    if (out.percentile > 0 && out.percentile < 1) {
      percentile->fail("is a percent in [1, 100), not a fraction (got " +
                       format_number(out.percentile) + "; did you mean " +
                       format_number(out.percentile * 100) + "?)");
    }
  }
  // min_samples: hedge: first-copy latencies seen before the percentile is trusted (until then
  // `delay` applies if > 0, else no hedging), integer >= 1, default 100.
  map.integer("min_samples", out.min_samples, 1, std::numeric_limits<int>::max());
  // window: hedge: the percentile is over the last `window` first-copy latencies, integer in
  // [1, 10^7], default 1000.
  map.integer("window", out.window, 1, 10'000'000);
  // fraction: replicate, hedge: share of requests that get redundancy, in (0, 1], default 1.
  if (const auto fraction = map.get("fraction")) {
    NumberRange range = at_least(0);
    range.min_open = true;
    range.max = 1;
    out.fraction = fraction->as_number(range);
  }
  // copy_priority: replicate, hedge: normal (default) | low (replica copies queue behind first
  // copies in every pool queue).
  if (const auto priority = map.get("copy_priority")) {
    static const std::vector<std::string> kPriorities{"normal", "low"};
    out.copy_priority = priority->as_choice("copy priority", kPriorities);
  }
  // pool: parity/backup: name of the pool serving parity/backup queries. Default: "parity" (made
  // from the first pool with ceil(n r / k) instances when absent) or "backup" (must exist).
  map.string("pool", out.pool);
  // encoder: parity: {latency: DIST (ms), parity_bytes: size of each parity query, >= 0}.
  if (const auto encoder = map.get("encoder")) {
    const MapReader enc(*encoder, {"latency", "parity_bytes"});
    if (const auto latency = enc.get("latency")) out.encoder_latency = parse_distribution(*latency);
    enc.number("parity_bytes", out.parity_bytes, bytes_range());
  }
  // decoder: parity: {latency: DIST (ms)}.
  if (const auto decoder = map.get("decoder")) {
    const MapReader dec(*decoder, {"latency"});
    if (const auto latency = dec.get("latency")) out.decoder_latency = parse_distribution(*latency);
  }
  // fill_timeout: parity: ms after which a partial group is encoded; 0 = never (ParM). >= 0.
  map.number("fill_timeout", out.fill_timeout, duration_ms_range());
  // default_after: parity: ms after which an unanswered request gets a default prediction;
  // 0 = never. >= 0.
  map.number("default_after", out.default_after, duration_ms_range());
  // timeout: backup: ms after arrival from which the backup's answer may be served;
  // 0 = the running median of original latency (ParM's scoring). >= 0.
  map.number("timeout", out.timeout, duration_ms_range());
  NumberRange unit = at_least(0);
  unit.max = 1;
  // default_accuracy, backup_accuracy: accuracy of a default prediction / of the backup model's
  // answers, in [0, 1]. backup_accuracy defaults to the backup pool model's `accuracy`.
  if (const auto v = map.get("default_accuracy")) out.default_accuracy = v->as_number(unit);
  if (const auto v = map.get("backup_accuracy")) out.backup_accuracy = v->as_number(unit);
  // accuracy: {table: FILE, dataset, model, encoder, decoder}: the row of an accuracy table
  // (models/accuracy/*.csv) giving available and degraded-mode accuracy for this k and r.
  if (const auto accuracy = map.get("accuracy")) parse_accuracy_row(*accuracy, out);
}

}  // namespace servesim::io
