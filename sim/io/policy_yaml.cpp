// File: sim/io/policy_yaml.cpp
#include "sim/io/policy_yaml.hpp"

#include "sim/io/limits.hpp"

namespace servesim::io {

const std::vector<std::string>& load_balancer_names() {
  static const std::vector<std::string> names = {"round_robin", "random", "shortest_queue",
                                                 "power_of_two", "least_outstanding"};
  return names;
}

const std::vector<std::string>& redundancy_kind_names() {
  static const std::vector<std::string> names = {"none", "equal_resources", "replicate", "hedge"};
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
  if (const auto kind = map.get("kind")) out.kind = kind->as_choice("redundancy kind", redundancy_kind_names());
  const std::string what = "redundancy kind '" + out.kind + "'";
  if (out.kind == "none") {
    map.restrict_to({"kind"}, what);
  } else if (out.kind == "equal_resources") {
    map.restrict_to({"kind", "k", "r"}, what);
  } else if (out.kind == "replicate") {
    map.restrict_to({"kind", "r"}, what);
  } else {
    map.restrict_to({"kind", "delay", "percentile", "min_samples"}, what);
  }
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
