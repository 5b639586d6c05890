// File: sim/io/ensemble_yaml.cpp
#include "sim/io/ensemble_yaml.hpp"
#include "sim/io/time_range.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "sim/io/accuracy_table.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/policy/ensemble/ensemble_policy.hpp"

namespace servesim::io {

namespace {

// Splits "a+b+c" into its sorted names, so subsets match whatever order a table writes them in.
std::vector<std::string> subset_names(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream stream(text);
  std::string name;
  while (std::getline(stream, name, '+')) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string key_in_member_order(const std::vector<std::string>& members, std::uint32_t mask) {
  std::string key;
  for (std::size_t idx = 0; idx < members.size(); ++idx) {
    if (mask & (1u << idx)) key += (key.empty() ? "" : "+") + members[idx];
  }
  return key;
}

void parse_accuracy(const YamlValue& value, policy::EnsembleConfig& out, double deadline) {
  const MapReader map(value, {"table", "dataset", "fallback"});
  const ReferencedFile table = read_referenced_file(map.require("table"));
  const std::string dataset = map.require("dataset").as_string();
  // fallback: for a subset the table lacks: "" (an error) or best_member.
  if (const auto fallback = map.get("fallback")) {
    out.fallback = fallback->as_choice("fallback", {"best_member"});
  }
  out.accuracy_table = table.resolved;
  out.accuracy_dataset = dataset;
  const std::vector<EnsembleAccuracyRow> rows = parse_ensemble_table(table.text, table.resolved);
  const std::uint32_t all = (1u << out.members.size()) - 1;
  std::set<std::string> missing;
  for (std::uint32_t mask = 1; mask <= all; ++mask) {
    // Without a deadline only the full ensemble answers; with one any subset can.
    const bool needed = mask == all || deadline > 0 ||
                        (out.fallback == "best_member" && std::popcount(mask) == 1);
    std::vector<std::string> names;
    for (std::size_t idx = 0; idx < out.members.size(); ++idx) {
      if (mask & (1u << idx)) names.push_back(out.members[idx]);
    }
    std::sort(names.begin(), names.end());
    bool found = false;
    for (const auto& row : rows) {
      if (row.dataset == dataset && subset_names(row.members) == names) {
        out.subset_accuracy[key_in_member_order(out.members, mask)] = row.accuracy;
        found = true;
      }
    }
    if (!found && needed) missing.insert(key_in_member_order(out.members, mask));
  }
  if (!missing.empty() && out.fallback.empty()) {
    std::string list;
    for (const auto& key : missing) list += (list.empty() ? "" : ", ") + key;
    throw value.error("'" + table.written + "' has no " + dataset + " accuracy for: " + list +
                      (deadline > 0 ? " (a deadline can answer with any subset)" : "") +
                      "; add the rows or declare `fallback: best_member`");
  }
  if (!missing.empty() && out.fallback == "best_member") {
    for (const auto& key : missing) {
      if (key.find('+') == std::string::npos) {
        throw value.error("fallback best_member needs every single member's accuracy; '" +
                          table.written + "' has none for " + key);
      }
    }
  }
}

}  // namespace

policy::EnsembleConfig parse_ensemble(const YamlValue& value,
                                      const std::map<std::string, cluster::ModelConfig>& models) {
  const MapReader map(value, {"members", "execution", "deadline", "aggregation", "orchestrator",
                              "accuracy"});
  policy::EnsembleConfig out;
  // members: the models of the ensemble (keys of models), 1..16, distinct. Required.
  const YamlValue members = map.require("members");
  std::set<std::string> seen;
  for (const YamlValue& member : members.as_list()) {
    const std::string name = member.as_string();
    if (!models.count(name)) throw member.error("no model named '" + name + "'");
    if (!seen.insert(name).second) throw member.error("'" + name + "' is listed twice");
    out.members.push_back(name);
  }
  if (out.members.empty() ||
      out.members.size() > static_cast<std::size_t>(policy::EnsemblePolicy::kMaxMembers)) {
    throw members.error("must list 1 to " + std::to_string(policy::EnsemblePolicy::kMaxMembers) +
                        " members");
  }
  // execution: parallel (all at once) or serial (one after another). Default parallel.
  if (const auto execution = map.get("execution")) {
    out.execution = execution->as_choice("execution", {"parallel", "serial"}) == "serial"
                        ? policy::EnsembleExecution::kSerial
                        : policy::EnsembleExecution::kParallel;
  }
  // deadline: ms after which the members done so far answer (`partial`); 0 = none. >= 0.
  map.number("deadline", out.deadline, duration_ms_range());
  // aggregation: DIST (ms) to combine the members' outputs; default none (free).
  if (const auto aggregation = map.get("aggregation")) out.aggregation = parse_distribution(*aggregation);
  // orchestrator: {transition: DIST ms, branch: DIST ms, usd_per_transition >= 0}.
  if (const auto orchestrator = map.get("orchestrator")) {
    const MapReader orch(*orchestrator, {"transition", "branch", "usd_per_transition"});
    if (const auto transition = orch.get("transition")) out.transition = parse_distribution(*transition);
    if (const auto branch = orch.get("branch")) out.branch = parse_distribution(*branch);
    orch.number("usd_per_transition", out.usd_per_transition, at_least(0));
  }
  // accuracy: {table: FILE, dataset, fallback}: member-subset accuracy.
  if (const auto accuracy = map.get("accuracy")) parse_accuracy(*accuracy, out, out.deadline);
  return out;
}

}  // namespace servesim::io
