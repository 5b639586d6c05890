// File: sim/io/ensemble_yaml.cpp
#include "sim/io/ensemble_yaml.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "sim/io/accuracy_table.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/referenced_file.hpp"
#include "sim/io/time_range.hpp"
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

using policy::EnsembleConfig;

const FieldTable<EnsembleConfig>& accuracy_fields() {
  static const FieldTable<EnsembleConfig> table = {
      custom_field<EnsembleConfig>(
          "table",
          {"path", "", "", "an existing CSV",
           "A member-subset accuracy table: a CSV with the columns of `servesim metrics --file "
           "ensemble_accuracy` (listed in docs/scenario.md)."},
          [](const YamlValue& value, EnsembleConfig& out, const MapReader&) {
            out.accuracy_table = read_referenced_file(value).resolved;
          },
          [](YAML::Emitter& out, const EnsembleConfig& ensemble) {
            out << ensemble.accuracy_table;
          })
          .must_be_given(),
      string_field<EnsembleConfig>("dataset", &EnsembleConfig::accuracy_dataset,
                                   "Its `dataset` column.")
          .must_be_given(),
      choice_field<EnsembleConfig>(
          "fallback", &EnsembleConfig::fallback, "fallback", {"best_member"},
          "What to do for a member subset the table lacks. With `\"\"`, it is an error at load "
          "time if the run could need that subset: the full ensemble, or any subset when there "
          "is a deadline. With `best_member`, the most accurate member's accuracy is used, and "
          "every single member then needs a row.")
          .printed_when([](const EnsembleConfig& ensemble) { return !ensemble.fallback.empty(); }),
  };
  return table;
}

void parse_accuracy(const YamlValue& value, policy::EnsembleConfig& out, double deadline) {
  const MapReader map = read_map(value, accuracy_fields(), out);
  const ReferencedFile table = read_referenced_file(map.require(accuracy_fields().front().name));
  const std::string& dataset = out.accuracy_dataset;
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

// An optional distribution member, printed without a comment (flow context).
Field<EnsembleConfig> optional_delay(std::string name,
                                     std::optional<dist::DistributionSpec> EnsembleConfig::*member,
                                     std::string meaning) {
  return custom_field<EnsembleConfig>(
             std::move(name), {"DIST", "ms", "none (0)", "", std::move(meaning)},
             [member](const YamlValue& value, EnsembleConfig& out, const MapReader&) {
               out.*member = parse_distribution(value);
             },
             [member](YAML::Emitter& out, const EnsembleConfig& ensemble) {
               emit_distribution(out, *(ensemble.*member), false);
             })
      .printed_when(
          [member](const EnsembleConfig& ensemble) { return (ensemble.*member).has_value(); });
}

const FieldTable<EnsembleConfig>& orchestrator_fields() {
  static const FieldTable<EnsembleConfig> table = {
      optional_delay("transition", &EnsembleConfig::transition,
                     "Latency of each state transition."),
      optional_delay("branch", &EnsembleConfig::branch,
                     "Latency of starting each parallel branch."),
      number_field<EnsembleConfig>("usd_per_transition", &EnsembleConfig::usd_per_transition,
                                   at_least(0), "USD",
                                   "Price of one state transition. Each request counts n + 1 "
                                   "transitions when serial and n + 2 when parallel (n members)."),
  };
  return table;
}

using Models = std::map<std::string, cluster::ModelConfig>;

// `models` checks the members; null for the printer and the docs.
FieldTable<EnsembleConfig> ensemble_fields(const Models* models = nullptr) {
  return {
      custom_field<EnsembleConfig>(
          "members",
          {"list of strings", "", "", "1 to 16 distinct keys of `models`", "The member models."},
          [models](const YamlValue& value, EnsembleConfig& out, const MapReader&) {
            std::set<std::string> seen;
            for (const YamlValue& member : value.as_list()) {
              const std::string name = member.as_string();
              if (!models->count(name)) throw member.error("no model named '" + name + "'");
              if (!seen.insert(name).second) throw member.error("'" + name + "' is listed twice");
              out.members.push_back(name);
            }
            if (out.members.empty() ||
                out.members.size() >
                    static_cast<std::size_t>(policy::EnsemblePolicy::kMaxMembers)) {
              throw value.error("must list 1 to " +
                                std::to_string(policy::EnsemblePolicy::kMaxMembers) + " members");
            }
          },
          [](YAML::Emitter& out, const EnsembleConfig& ensemble) {
            out << YAML::Flow << ensemble.members;
          })
          .must_be_given(),
      custom_field<EnsembleConfig>(
          "execution",
          {"string", "", "parallel", "parallel, serial",
           "How the members run: all at once, or one after another."},
          [](const YamlValue& value, EnsembleConfig& out, const MapReader&) {
            out.execution = value.as_choice("execution", {"parallel", "serial"}) == "serial"
                                ? policy::EnsembleExecution::kSerial
                                : policy::EnsembleExecution::kParallel;
          },
          [](YAML::Emitter& out, const EnsembleConfig& ensemble) {
            out << (ensemble.execution == policy::EnsembleExecution::kSerial ? "serial"
                                                                             : "parallel");
          }),
      number_field<EnsembleConfig>("deadline", &EnsembleConfig::deadline, duration_ms_range(), "ms",
                                   "Time after arrival at which the request is answered with "
                                   "the members done so far (`partial`). 0 means wait for all "
                                   "members."),
      optional_delay("aggregation", &EnsembleConfig::aggregation,
                     "Time to combine the members' outputs, paid once all members (or the "
                     "deadline's subset) are in."),
      custom_field<EnsembleConfig>(
          "orchestrator", {"map", "", "", "", "Orchestrator overheads and prices (keys below)."},
          [](const YamlValue& value, EnsembleConfig& out, const MapReader&) {
            read_map(value, orchestrator_fields(), out);
          },
          [](YAML::Emitter& out, const EnsembleConfig& ensemble) {
            out << YAML::BeginMap;
            print_fields(out, orchestrator_fields(), ensemble);
            out << YAML::EndMap;
          })
          .with_keys(orchestrator_fields),
      // Read last: which subsets need a row depends on the members and the deadline.
      custom_field<EnsembleConfig>(
          "accuracy", {"map", "", "not set", "", "Member-subset accuracy (keys below)."},
          [](const YamlValue& value, EnsembleConfig& out, const MapReader&) {
            parse_accuracy(value, out, out.deadline);
          },
          [](YAML::Emitter& out, const EnsembleConfig& ensemble) {
            out << YAML::Flow << YAML::BeginMap;
            print_fields(out, accuracy_fields(), ensemble);
            out << YAML::EndMap;
          })
          .printed_when(
              [](const EnsembleConfig& ensemble) { return !ensemble.accuracy_table.empty(); })
          .with_keys(accuracy_fields),
  };
}

}  // namespace

const FieldTable<policy::EnsembleConfig>& ensemble_keys() {
  static const FieldTable<EnsembleConfig> table = ensemble_fields();
  return table;
}

policy::EnsembleConfig parse_ensemble(const YamlValue& value, const Models& models) {
  EnsembleConfig out;
  read_map(value, ensemble_fields(&models), out);
  return out;
}

void print_ensemble(YAML::Emitter& out, const EnsembleConfig& ensemble) {
  out << YAML::BeginMap;
  print_fields(out, ensemble_keys(), ensemble);
  out << YAML::EndMap;
}

}  // namespace servesim::io
