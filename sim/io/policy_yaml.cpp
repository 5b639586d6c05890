// File: sim/io/policy_yaml.cpp
#include "sim/io/policy_yaml.hpp"

#include "sim/io/limits.hpp"
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

void parse_redundancy(const YamlValue& value, policy::RedundancyConfig& out) {
  const MapReader map(value, {"kind", "k", "r", "delay", "percentile", "min_samples"});
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
  // delay: hedge: ms after which a second copy is sent, >= 0, default 0.
  map.number("delay", out.delay, at_least(0));
  // percentile: hedge: when > 0, send the second copy after this running percentile of
  // first-copy latency instead, in (0, 100); 0 = use `delay` (default).
  if (const auto percentile = map.get("percentile")) {
    NumberRange range = at_least(0);
    range.max = 100;
    range.max_open = true;
    out.percentile = percentile->as_number(range);
  }
  // min_samples: hedge: latencies seen before the percentile is trusted (until then `delay`
  // applies), integer >= 1, default 100.
  map.integer("min_samples", out.min_samples, 1, std::numeric_limits<int>::max());
}

}  // namespace servesim::io
