// File: sim/io/cluster_yaml.cpp
//
// `network:`, `pools:` and `interference:`, one field table per config (field_table.hpp). Tables
// whose checks need the scenario read so far (the models a pool names, the pools background load
// names) are built per read with that context; built without it they serve the printer and the
// docs, which never read.
#include "sim/io/cluster_yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "sim/io/did_you_mean.hpp"
#include "sim/io/distribution_yaml.hpp"
#include "sim/io/field_table.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/time_range.hpp"

namespace servesim::io {

namespace {

using Models = std::map<std::string, cluster::ModelConfig>;
using Pools = std::vector<cluster::PoolConfig>;

std::vector<std::string> pool_names(const Pools& pools) {
  std::vector<std::string> names;
  for (const auto& pool : pools) names.push_back(pool.name);
  return names;
}

// Reads, and prints back, a map of `Sub`'s table held in member `member` of `Config`.
template <class Config, class Sub>
Field<Config> sub_map(std::string name, Sub Config::*member, const FieldTable<Sub>& (*fields)(),
                      std::string meaning, bool flow) {
  return custom_field<Config>(
             std::move(name), {"map", "", "", "", std::move(meaning)},
             [member, fields](const YamlValue& value, Config& out, const MapReader&) {
               read_map(value, fields(), out.*member);
             },
             [member, fields, flow](YAML::Emitter& out, const Config& config) {
               if (flow) out << YAML::Flow;
               out << YAML::BeginMap;
               print_fields(out, fields(), config.*member);
               out << YAML::EndMap;
             })
      .with_keys(fields);
}

// A distribution member, printed with its readable comment.
template <class Config>
Field<Config> distribution_field(std::string name, dist::DistributionSpec Config::*member,
                                 std::string unit, std::string meaning,
                                 dist::DistributionSpec (*parse)(const YamlValue&)) {
  return custom_field<Config>(
      std::move(name), {"DIST", std::move(unit), "", "", std::move(meaning)},
      [member, parse](const YamlValue& value, Config& out, const MapReader&) {
        out.*member = parse(value);
      },
      [member](YAML::Emitter& out, const Config& config) {
        emit_distribution(out, config.*member, true);
      });
}

// A slowdown factor's distribution: a mean of 0 would make slowed batches take no time.
dist::DistributionSpec parse_slowdown(const YamlValue& value) {
  dist::DistributionSpec spec = parse_distribution(value);
  if (!(dist::mean_of(spec) > 0)) value.fail("must have a mean > 0 (a factor on service times)");
  return spec;
}

// A period distribution whose mean is below 1 ns would make an instance switch forever at one
// instant (the engine's progress guarantee, core/engine.hpp).
dist::DistributionSpec parse_period(const YamlValue& value) {
  dist::DistributionSpec spec = parse_distribution(value);
  if (!(dist::mean_of(spec) >= 1e-6)) {
    value.fail("must have a mean >= 1e-06 ms (1 ns, the clock's resolution)");
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------
// network

using cluster::NetworkConfig;

Field<NetworkConfig> hop(std::string name,
                         std::optional<dist::DistributionSpec> NetworkConfig::*member,
                         std::string meaning) {
  return custom_field<NetworkConfig>(
      std::move(name), {"DIST or null", "ms, one way", "none (0)", "", std::move(meaning)},
      [member](const YamlValue& value, NetworkConfig& out, const MapReader&) {
        out.*member = parse_optional_distribution(value);
      },
      [member](YAML::Emitter& out, const NetworkConfig& network) {
        emit_optional_distribution(out, network.*member);
      });
}

using cluster::StallConfig;

const FieldTable<StallConfig>& stall_fields() {
  static const FieldTable<StallConfig> table = {
      custom_field<StallConfig>(
          "probability",
          {"number, or list of numbers", "", "", "each in [0, 1]; a list has >= 1 entry",
           "Chance that one crossing stalls; a list gives it by the number m of bulk transfers "
           "at the NIC the crossing goes through when it starts (entry m from 0, the last for "
           "larger m)."},
          [](const YamlValue& value, StallConfig& out, const MapReader&) {
            out.probability_by_bulk.clear();
            if (!value.is_list()) {
              out.probability_by_bulk.push_back(value.as_number(between(0, 1)));
              return;
            }
            for (const YamlValue& item : value.as_list()) {
              out.probability_by_bulk.push_back(item.as_number(between(0, 1)));
            }
            if (out.probability_by_bulk.empty()) value.fail("needs at least one probability");
          },
          [](YAML::Emitter& out, const StallConfig& stall) {
            out << YAML::Flow << YAML::BeginSeq;
            for (double p : stall.probability_by_bulk) out << format_number(p);
            out << YAML::EndSeq;
          })
          .must_be_given(),
      distribution_field<StallConfig>("delay", &StallConfig::delay, "ms",
                                      "Extra delay of a crossing that stalls.",
                                      parse_distribution)
          .must_be_given(),
  };
  return table;
}

const FieldTable<NetworkConfig>& network_fields() {
  static const FieldTable<NetworkConfig> table = {
      hop("client_frontend", &NetworkConfig::client_frontend,
          "Delay of one client ↔ frontend crossing. Absent or `~` means no delay."),
      hop("frontend_instance", &NetworkConfig::frontend_instance,
          "Delay of one frontend ↔ instance crossing. Absent or `~` means no delay."),
      custom_field<NetworkConfig>(
          "bandwidth_gbps",
          {"number", "Gbit/s", format_number(default_config<NetworkConfig>().bandwidth_gbps),
           "0, or " + bandwidth_gbps_range().describe(),
           "Bandwidth of each flow on the frontend ↔ instance hop; 0 means infinite (no "
           "transfer time). A crossing adds `payload_bytes × 8 / bandwidth_gbps` ns frontend → "
           "instance (a parity query: `redundancy.encoder.parity_bytes`) and `response_bytes × "
           "8 / bandwidth_gbps` ns back. With `sharing: per_flow` flows do not share the "
           "bandwidth; with `sharing: nic` it is each host's NIC (> 0)."},
          [](const YamlValue& value, NetworkConfig& out, const MapReader&) {
            out.bandwidth_gbps = value.as_number(at_least(0));
            if (out.bandwidth_gbps != 0)
              out.bandwidth_gbps = value.as_number(bandwidth_gbps_range());
          },
          [](YAML::Emitter& out, const NetworkConfig& network) {
            out << format_number(network.bandwidth_gbps);
          }),
      // Printed when not the default, so scenarios without them print as before.
      custom_field<NetworkConfig>(
          "sharing",
          {"string", "", "per_flow", "per_flow, nic",
           "`per_flow`: every crossing has the whole bandwidth to itself. `nic`: every host (the "
           "frontend, each instance) has a NIC of `bandwidth_gbps` shared fairly by the "
           "crossings on it and the bulk transfers of `interference.shuffles`. Servers only."},
          [](const YamlValue& value, NetworkConfig& out, const MapReader&) {
            const bool nic = value.as_choice("sharing", {"per_flow", "nic"}) == "nic";
            out.sharing = nic ? cluster::NetworkSharing::kNic : cluster::NetworkSharing::kPerFlow;
            if (nic && out.bandwidth_gbps == 0) {
              value.fail("nic needs a finite network.bandwidth_gbps (> 0) for the NICs");
            }
          },
          [](YAML::Emitter& out, const NetworkConfig& network) {
            out << (network.sharing == cluster::NetworkSharing::kNic ? "nic" : "per_flow");
          })
          .printed_when([](const NetworkConfig& network) {
            return network.sharing != cluster::NetworkSharing::kPerFlow;
          }),
      custom_field<NetworkConfig>(
          "dispatch",
          {"string", "", "pool", "pool, frontend",
           "Where a pool's queue is. `pool`: a copy crosses to its pool's queue and an instance "
           "is held for its compute. `frontend` (ParM, Clipper): the queue stays at the "
           "frontend and an instance is held for the round trip, both crossings through its "
           "NIC. Servers only."},
          [](const YamlValue& value, NetworkConfig& out, const MapReader&) {
            out.dispatch = value.as_choice("dispatch", {"pool", "frontend"}) == "frontend"
                               ? cluster::Dispatch::kFrontend
                               : cluster::Dispatch::kPool;
          },
          [](YAML::Emitter& out, const NetworkConfig& network) {
            out << (network.dispatch == cluster::Dispatch::kFrontend ? "frontend" : "pool");
          })
          .printed_when([](const NetworkConfig& network) {
            return network.dispatch != cluster::Dispatch::kPool;
          }),
      sub_map<NetworkConfig, cluster::StallConfig>(
          "stall", &NetworkConfig::stall, stall_fields,
          "Rare long delays of frontend ↔ instance crossings, e.g. retransmission timeouts. "
          "Servers only.",
          /*flow=*/false)
          .default_is("none")
          .printed_when([](const NetworkConfig& network) { return network.stall.enabled(); }),
  };
  return table;
}

// ---------------------------------------------------------------------------------------------
// pools

using cluster::BatchingConfig;
using cluster::PoolConfig;

const FieldTable<BatchingConfig>& batching_fields() {
  static const FieldTable<BatchingConfig> table = {
      integer_field<BatchingConfig>("max_batch", &BatchingConfig::max_batch, 1, kMaxBatchSize,
                                    "queries",
                                    "Largest batch an instance runs. Values above the model's "
                                    "largest measured size need ≥ 2 measured sizes."),
      number_field<BatchingConfig>(
          "timeout", &BatchingConfig::timeout, duration_ms_range(), "ms",
          "How long an idle instance waits for a batch to fill, counted from when the oldest "
          "queued query arrived; 0 means run whatever is queued at once. With `redundancy.kind: "
          "parity` the frontend forms the first pool's batches instead (coded batches) and waits "
          "this long for one to fill; 0 means it waits for a full batch."),
  };
  return table;
}

// `models` and `earlier` (the pools before this one) check the names; null for docs/printing.
FieldTable<PoolConfig> pool_fields(const Models* models = nullptr, const Pools* earlier = nullptr) {
  return {
      custom_field<PoolConfig>(
          "name",
          {"string", "", "", "non-empty, unique",
           "Names the pool's random streams (`pools/<name>/service`, …) and its figures in "
           "`summary.json`."},
          [earlier](const YamlValue& value, PoolConfig& out, const MapReader&) {
            out.name = value.as_string();
            if (out.name.empty()) value.fail("a pool name must not be empty");
            for (std::size_t other = 0; other < earlier->size(); ++other) {
              if ((*earlier)[other].name == out.name) {
                value.fail(
                    fmt::format("duplicate pool name '{}' (also pools.{})", out.name, other));
              }
            }
          },
          [](YAML::Emitter& out, const PoolConfig& pool) { out << pool.name; })
          .must_be_given(),
      custom_field<PoolConfig>(
          "model", {"string", "", "", "a key of `models`", "The model its instances run."},
          [models](const YamlValue& value, PoolConfig& out, const MapReader&) {
            out.model = value.as_string();
            if (models->find(out.model) == models->end()) {
              std::vector<std::string> names;
              for (const auto& [model_name, unused] : *models) names.push_back(model_name);
              value.fail(unknown_name_message("model", out.model, names));
            }
          },
          [](YAML::Emitter& out, const PoolConfig& pool) { out << pool.model; })
          .must_be_given(),
      integer_field<PoolConfig>("instances", &PoolConfig::instances, 1, kMaxInstances, "instances",
                                "Number of instances. `equal_resources` grows the first pool "
                                "(see redundancy)."),
      custom_field<PoolConfig>(
          "queue",
          {"string", "", "shared", "shared, per_instance",
           "`shared`: one FIFO that idle instances pull from. `per_instance`: one FIFO per "
           "instance, and the `load_balancer` picks the instance when a query arrives."},
          [](const YamlValue& value, PoolConfig& out, const MapReader&) {
            out.queue = value.as_choice("queue", {"shared", "per_instance"}) == "shared"
                            ? cluster::QueueKind::kShared
                            : cluster::QueueKind::kPerInstance;
          },
          [](YAML::Emitter& out, const PoolConfig& pool) {
            out << (pool.queue == cluster::QueueKind::kShared ? "shared" : "per_instance");
          }),
      // A model with one batch size cannot be extrapolated to larger batches
      // (cluster/service_model.hpp); said here, where max_batch's position is known.
      custom_field<PoolConfig>(
          "batching", {"map", "", "", "", "How instances form batches (keys below)."},
          [models](const YamlValue& value, PoolConfig& out, const MapReader&) {
            const MapReader batching = read_map(value, batching_fields(), out.batching);
            const auto& table = models->at(out.model).latency_by_batch;
            const int largest = table.rbegin()->first;
            const std::string& max_batch = batching_fields().front().name;
            if (table.size() < 2 && out.batching.max_batch > largest && batching.has(max_batch)) {
              batching.require(max_batch).fail(fmt::format(
                  "model '{}' has a latency for batch size {} only; max_batch {} needs at least "
                  "two batch sizes to extrapolate from",
                  out.model, largest, out.batching.max_batch));
            }
          },
          [](YAML::Emitter& out, const PoolConfig& pool) {
            out << YAML::Flow << YAML::BeginMap;
            print_fields(out, batching_fields(), pool.batching);
            out << YAML::EndMap;
          })
          .with_keys(batching_fields),
      integer_field<PoolConfig>("queue_capacity", &PoolConfig::queue_capacity, std::int64_t{0},
                                std::numeric_limits<std::int64_t>::max(), "queries",
                                "Most queries the pool holds waiting, over all its queues; an "
                                "arrival beyond that is refused, and a request all of whose "
                                "copies are refused is `dropped`. 0 means unbounded."),
  };
}

const FieldTable<PoolConfig>& pool_docs() {
  static const FieldTable<PoolConfig> table = pool_fields();
  return table;
}

// ---------------------------------------------------------------------------------------------
// interference

using cluster::BackgroundLoadConfig;
using cluster::EpisodeConfig;
using cluster::FailureConfig;
using cluster::InterferenceConfig;
using cluster::ShuffleConfig;
using cluster::StragglerConfig;
using cluster::TenantConfig;

const FieldTable<StragglerConfig>& straggler_fields() {
  static const FieldTable<StragglerConfig> table = {
      number_field<StragglerConfig>("fraction", &StragglerConfig::fraction, between(0, 1),
                                    "probability",
                                    "Chance that a **batch execution** straggles. Each batch "
                                    "decides independently (stream `pools/<name>/stragglers`)."),
      distribution_field<StragglerConfig>(
          "slowdown", &StragglerConfig::slowdown, "factor",
          "A straggling batch's service time is multiplied by one draw of this.", parse_slowdown)
          .default_is("1 (constant)")
          .valid("mean > 0"),
  };
  return table;
}

const FieldTable<EpisodeConfig>& episode_fields() {
  static const FieldTable<EpisodeConfig> table = {
      number_field<EpisodeConfig>("instance_fraction", &EpisodeConfig::instance_fraction,
                                  between(0, 1), "fraction",
                                  "Share of each pool's instances that have episodes, rounded "
                                  "down: the first ⌊fraction × instances⌋."),
      distribution_field<EpisodeConfig>("on", &EpisodeConfig::on, "ms", "Length of an episode.",
                                        parse_period)
          .must_be_given()
          .valid("mean >= 1e-06 (1 ns)"),
      distribution_field<EpisodeConfig>("off", &EpisodeConfig::off, "ms", "Time between episodes.",
                                        parse_period)
          .must_be_given()
          .valid("mean >= 1e-06 (1 ns)"),
      distribution_field<EpisodeConfig>("slowdown", &EpisodeConfig::slowdown, "factor",
                                        "Factor applied during one episode.", parse_slowdown)
          .must_be_given()
          .valid("mean > 0"),
  };
  return table;
}

using Step = BackgroundLoadConfig::Step;

const FieldTable<Step>& step_fields() {
  static const FieldTable<Step> table = {
      number_field<Step>("at", &Step::at, duration_ms_range(), "ms", "Start of the step.")
          .must_be_given()
          .valid(">= 0; the first is 0; strictly ascending"),
      number_field<Step>("factor", &Step::factor, greater_than(0), "factor",
                         "Slowdown during the step.")
          .must_be_given(),
  };
  return table;
}

FieldTable<BackgroundLoadConfig> background_fields(const Pools* pools = nullptr) {
  // The pool the entry names, once `pool` has been read.
  const auto named = [pools](const BackgroundLoadConfig& load) {
    return std::find_if(pools->begin(), pools->end(),
                        [&](const PoolConfig& p) { return p.name == load.pool; });
  };
  return {
      custom_field<BackgroundLoadConfig>(
          "pool", {"string", "", "", "a pool name", "The pool it affects."},
          [pools, named](const YamlValue& value, BackgroundLoadConfig& out, const MapReader&) {
            out.pool = value.as_string();
            if (named(out) == pools->end()) {
              value.fail(unknown_name_message("pool", out.pool, pool_names(*pools)));
            }
          },
          [](YAML::Emitter& out, const BackgroundLoadConfig& load) { out << load.pool; })
          .must_be_given(),
      custom_field<BackgroundLoadConfig>(
          "instances",
          {"list of integers", "", "", "each in [0, instances - 1], no repeats, >= 1 entry",
           "Indices of the affected instances."},
          [named](const YamlValue& value, BackgroundLoadConfig& out, const MapReader&) {
            const int count = named(out)->instances;
            for (const YamlValue& index : value.as_list()) {
              const int instance = index.as_int(0, count - 1);
              if (std::find(out.instances.begin(), out.instances.end(), instance) !=
                  out.instances.end()) {
                index.fail(fmt::format("instance {} is listed twice", instance));
              }
              out.instances.push_back(instance);
            }
            if (out.instances.empty()) value.fail("needs at least one instance index");
          },
          [](YAML::Emitter& out, const BackgroundLoadConfig& load) {
            out << YAML::Flow << YAML::BeginSeq;
            for (int instance : load.instances) out << fmt::format("{}", instance);
            out << YAML::EndSeq;
          })
          .must_be_given(),
      custom_field<BackgroundLoadConfig>(
          "schedule",
          {"list of {at, factor}", "", "", ">= 1 step",
           "From `at` ms into the period, the instances run `factor` times slower."},
          [](const YamlValue& value, BackgroundLoadConfig& out, const MapReader&) {
            for (const YamlValue& step_value : value.as_list()) {
              Step step;
              const MapReader step_map = read_map(step_value, step_fields(), step);
              const std::string& at_key = step_fields().front().name;
              if (out.schedule.empty() && step.at != 0) {
                step_map.require(at_key).fail("the first step must be at 0");
              }
              if (!out.schedule.empty() && !(step.at > out.schedule.back().at)) {
                step_map.require(at_key).fail(
                    fmt::format("steps must be in ascending order of `at` (got {} after {})",
                                format_number(step.at), format_number(out.schedule.back().at)));
              }
              out.schedule.push_back(step);
            }
            if (out.schedule.empty()) value.fail("needs at least one step");
          },
          [](YAML::Emitter& out, const BackgroundLoadConfig& load) {
            out << YAML::Flow << YAML::BeginSeq;
            for (const Step& step : load.schedule) {
              out << YAML::Flow << YAML::BeginMap;
              print_fields(out, step_fields(), step);
              out << YAML::EndMap;
            }
            out << YAML::EndSeq;
          })
          .must_be_given()
          .with_keys(step_fields, "J"),
      custom_field<BackgroundLoadConfig>(
          "period",
          {"number", "ms", "0", "0, or > the last step's `at`",
           "The schedule repeats every `period` ms. 0 means it never repeats and the last factor "
           "holds."},
          [](const YamlValue& value, BackgroundLoadConfig& out, const MapReader&) {
            out.period = value.as_number(duration_ms_range());
            if (out.period > 0 && out.period < 1e-6) {
              value.fail("must be 0 or >= 1e-06 ms (1 ns, the clock's resolution) (got " +
                         format_number(out.period) + ")");
            }
            if (out.period > 0 && !(out.period > out.schedule.back().at)) {
              value.fail(fmt::format("must be 0 or greater than the last step's at ({})",
                                     format_number(out.schedule.back().at)));
            }
          },
          [](YAML::Emitter& out, const BackgroundLoadConfig& load) {
            out << format_number(load.period);
          }),
  };
}

const FieldTable<BackgroundLoadConfig>& background_docs() {
  static const FieldTable<BackgroundLoadConfig> table = background_fields();
  return table;
}

const FieldTable<FailureConfig>& failure_fields() {
  static const FieldTable<FailureConfig> table = {
      number_field<FailureConfig>("mttf_s", &FailureConfig::mttf_s, duration_s_range(), "s",
                                  "Mean time to failure of each instance, exponential (stream "
                                  "`pools/<name>/failures`). 0 means no failures."),
      number_field<FailureConfig>("mttr_s", &FailureConfig::mttr_s, duration_s_range(), "s",
                                  "Mean time to repair, exponential.")
          .valid(duration_s_range().describe() + "; > 0 when mttf_s > 0"),
  };
  return table;
}

void check_failures(const MapReader& map, const FailureConfig& out) {
  const std::string& mttf = failure_fields()[0].name;
  const std::string& mttr = failure_fields()[1].name;
  // A failure and its repair are one cycle of a self-rescheduling process: at least 1 ns.
  if (out.mttf_s > 0 && out.mttf_s + out.mttr_s < 1e-9) {
    map.require(mttf).fail(
        "mttf_s + mttr_s must be >= 1e-09 s (1 ns, the clock's "
        "resolution) (got " +
        format_number(out.mttf_s) + ")");
  }
  if (out.mttf_s > 0 && !(out.mttr_s > 0)) {
    const std::string message = "must be > 0 when mttf_s > 0";
    if (const auto given = map.get(mttr))
      given->fail(message + " (got " + format_number(out.mttr_s) + ")");
    map.require(mttr);  // absent: "required key is missing"
  }
}

const FieldTable<ShuffleConfig>& shuffle_fields() {
  static const FieldTable<ShuffleConfig> table = {
      integer_field<ShuffleConfig>("count", &ShuffleConfig::count, 0, 10000, "transfers",
                                   "Concurrent bulk transfers between random instance pairs "
                                   "(ParM: 4, swept 2..5). 0 means off."),
      integer_field<ShuffleConfig>("min_mb", &ShuffleConfig::min_mb, 1, 1000000, "MB",
                                   "Smallest transfer, each way (ParM: 128)."),
      integer_field<ShuffleConfig>("max_mb", &ShuffleConfig::max_mb, 1, 1000000, "MB",
                                   "Largest transfer, each way (ParM: 256).")
          .valid("in [1, 1000000], >= min_mb"),
      number_field<ShuffleConfig>("bandwidth_gbps", &ShuffleConfig::bandwidth_gbps,
                                  bandwidth_gbps_range(), "Gbit/s", "Each instance's NIC."),
      // Read before slowdown_per_transfer, which is required only without it.
      custom_field<ShuffleConfig>(
          "slowdown_by_transfers",
          {"list of numbers", "factor", "none",
           "each in [1e-06, 1000000], >= 1 entry; not with slowdown_per_transfer",
           "The coupling as a table, for one that is not linear (measured or fitted): entry i "
           "is the factor on an instance's batches while it takes part in i + 1 transfers; the "
           "last entry holds for more; 0 transfers is 1."},
          [](const YamlValue& value, ShuffleConfig& out, const MapReader&) {
            out.slowdown_by_transfers.clear();
            for (const YamlValue& item : value.as_list()) {
              out.slowdown_by_transfers.push_back(item.as_number(between(1e-6, 1e6)));
            }
            if (out.slowdown_by_transfers.empty()) value.fail("needs at least one factor");
          },
          [](YAML::Emitter& out, const ShuffleConfig& shuffles) {
            out << YAML::Flow << YAML::BeginSeq;
            for (double factor : shuffles.slowdown_by_transfers) out << format_number(factor);
            out << YAML::EndSeq;
          })
          .printed_when(
              [](const ShuffleConfig& shuffles) { return !shuffles.slowdown_by_transfers.empty(); }),
      [] {
        auto field = number_field<ShuffleConfig>(
            "slowdown_per_transfer", &ShuffleConfig::slowdown_per_transfer, at_least(0),
            "factor per transfer",
            "Extra slowdown per transfer an instance takes part in. No source measures this "
            "coupling, so it is the scenario's assumption and has no default.");
        auto read = field.read;
        field.read = [read](const YamlValue& value, ShuffleConfig& out, const MapReader& map) {
          if (!out.slowdown_by_transfers.empty()) {
            value.fail("give slowdown_per_transfer or slowdown_by_transfers, not both");
          }
          read(value, out, map);
        };
        return field;
      }()
          .must_be_given_if(
              [](const ShuffleConfig& out) {
                return out.count > 0 && out.slowdown_by_transfers.empty();
              },
              "when count > 0, unless slowdown_by_transfers is given")
          .printed_when(
              [](const ShuffleConfig& shuffles) { return shuffles.slowdown_by_transfers.empty(); }),
  };
  return table;
}

FieldTable<TenantConfig> tenant_fields(const Pools* pools = nullptr,
                                       const Models* models = nullptr) {
  // With rate 0 the tenants are off and the other keys are not read.
  const auto on = [](const TenantConfig& out) { return out.rate > 0; };
  return {
      custom_field<TenantConfig>(
          "rate",
          {"number", "jobs per s", "0", "0, or " + rate_range().describe(),
           "Co-located jobs per second (ParM: 28 on GPU, 16 on CPU). 0 means off, and the other "
           "keys are then not read."},
          [](const YamlValue& value, TenantConfig& out, const MapReader&) {
            out.rate = read_rate_or_zero(value);
          },
          [](YAML::Emitter& out, const TenantConfig& tenants) {
            out << format_number(tenants.rate);
          }),
      custom_field<TenantConfig>(
          "pool", {"string", "", "", "a pool name", "The host pool."},
          [pools, on](const YamlValue& value, TenantConfig& out, const MapReader&) {
            if (!on(out)) return;
            out.pool = value.as_string();
            if (std::none_of(pools->begin(), pools->end(),
                             [&](const PoolConfig& pool) { return pool.name == out.pool; })) {
              value.fail("no pool named '" + out.pool + "'");
            }
          },
          [](YAML::Emitter& out, const TenantConfig& tenants) { out << tenants.pool; })
          .must_be_given_if(on, "when rate > 0"),
      custom_field<TenantConfig>(
          "instances",
          {"integer", "instances", "", "in [1, the pool's instances]",
           "How many of the pool's instances (the first ones) host a tenant (ParM: 2)."},
          [pools, on](const YamlValue& value, TenantConfig& out, const MapReader&) {
            if (!on(out)) return;
            const auto pool = std::find_if(pools->begin(), pools->end(),
                                           [&](const PoolConfig& p) { return p.name == out.pool; });
            out.instances = value.as_int(1, pool->instances);
          },
          [](YAML::Emitter& out, const TenantConfig& tenants) {
            out << fmt::format("{}", tenants.instances);
          })
          .must_be_given_if(on, "when rate > 0"),
      custom_field<TenantConfig>(
          "model",
          {"string", "", "", "a key of `models`", "The tenant's model (its batch-1 latency)."},
          [models, on](const YamlValue& value, TenantConfig& out, const MapReader&) {
            if (!on(out)) return;
            out.model = value.as_string();
            if (!models->count(out.model)) value.fail("no model named '" + out.model + "'");
          },
          [](YAML::Emitter& out, const TenantConfig& tenants) { out << tenants.model; })
          .must_be_given_if(on, "when rate > 0"),
      custom_field<TenantConfig>(
          "slowdown",
          {"number", "factor", "", at_least(1).describe(),
           "Factor on the host's batches while a tenant job runs; an assumption of the scenario "
           "(2 = fair time-sharing of one accelerator)."},
          [on](const YamlValue& value, TenantConfig& out, const MapReader&) {
            if (on(out)) out.slowdown = value.as_number(at_least(1));
          },
          [](YAML::Emitter& out, const TenantConfig& tenants) {
            out << format_number(tenants.slowdown);
          })
          .must_be_given_if(on, "when rate > 0"),
  };
}

const FieldTable<TenantConfig>& tenant_docs() {
  static const FieldTable<TenantConfig> table = tenant_fields();
  return table;
}

FieldTable<InterferenceConfig> interference_fields(const Pools* pools = nullptr,
                                                   const Models* models = nullptr) {
  return {
      sub_map<InterferenceConfig, StragglerConfig>("stragglers", &InterferenceConfig::stragglers,
                                                   straggler_fields, "Independent slow batches.",
                                                   false),
      // Present = enabled.
      custom_field<InterferenceConfig>(
          "episodes",
          {"map", "", "not set", "",
           "Instances alternating normal and slow periods; present means enabled."},
          [](const YamlValue& value, InterferenceConfig& out, const MapReader&) {
            out.episodes.enabled = true;
            read_map(value, episode_fields(), out.episodes);
          },
          [](YAML::Emitter& out, const InterferenceConfig& interference) {
            out << YAML::BeginMap;
            print_fields(out, episode_fields(), interference.episodes);
            out << YAML::EndMap;
          })
          .printed_when(
              [](const InterferenceConfig& interference) { return interference.episodes.enabled; })
          .with_keys(episode_fields),
      custom_field<InterferenceConfig>(
          "background", {"list", "", "[]", "", "Time-varying co-located load (entries below)."},
          [pools](const YamlValue& value, InterferenceConfig& out, const MapReader&) {
            out.background.clear();
            const FieldTable<BackgroundLoadConfig> fields = background_fields(pools);
            for (const YamlValue& entry : value.as_list()) {
              BackgroundLoadConfig load;
              read_map(entry, fields, load);
              out.background.push_back(std::move(load));
            }
          },
          [](YAML::Emitter& out, const InterferenceConfig& interference) {
            if (interference.background.empty()) out << YAML::Flow;
            out << YAML::BeginSeq;
            for (const BackgroundLoadConfig& load : interference.background) {
              out << YAML::BeginMap;
              print_fields(out, background_docs(), load);
              out << YAML::EndMap;
            }
            out << YAML::EndSeq;
          })
          .with_keys(background_docs, "I"),
      custom_field<InterferenceConfig>(
          "failures", {"map", "", "", "", "Instances fail and are repaired (keys below)."},
          [](const YamlValue& value, InterferenceConfig& out, const MapReader&) {
            check_failures(read_map(value, failure_fields(), out.failures), out.failures);
          },
          [](YAML::Emitter& out, const InterferenceConfig& interference) {
            out << YAML::Flow << YAML::BeginMap;
            print_fields(out, failure_fields(), interference.failures);
            out << YAML::EndMap;
          })
          .with_keys(failure_fields),
      custom_field<InterferenceConfig>(
          "shuffles",
          {"map", "", "not set", "", "ParM's bulk transfers between random instance pairs."},
          [](const YamlValue& value, InterferenceConfig& out, const MapReader&) {
            ShuffleConfig& shuffles = out.shuffles;
            const MapReader map = read_map(value, shuffle_fields(), shuffles);
            if (shuffles.max_mb < shuffles.min_mb) {
              map.require(shuffle_fields()[2].name)
                  .fail("must be >= min_mb (" + std::to_string(shuffles.min_mb) + ")");
            }
          },
          [](YAML::Emitter& out, const InterferenceConfig& interference) {
            out << YAML::Flow << YAML::BeginMap;
            print_fields(out, shuffle_fields(), interference.shuffles);
            out << YAML::EndMap;
          })
          .printed_when([](const InterferenceConfig& interference) {
            return interference.shuffles.count > 0;
          })
          .with_keys(shuffle_fields),
      custom_field<InterferenceConfig>(
          "tenants", {"map", "", "not set", "", "ParM's co-located second serving system."},
          [pools, models](const YamlValue& value, InterferenceConfig& out, const MapReader&) {
            read_map(value, tenant_fields(pools, models), out.tenants);
          },
          [](YAML::Emitter& out, const InterferenceConfig& interference) {
            out << YAML::Flow << YAML::BeginMap;
            print_fields(out, tenant_docs(), interference.tenants);
            out << YAML::EndMap;
          })
          .printed_when(
              [](const InterferenceConfig& interference) { return interference.tenants.rate > 0; })
          .with_keys(tenant_docs),
  };
}

}  // namespace

const FieldTable<NetworkConfig>& network_keys() { return network_fields(); }
const FieldTable<PoolConfig>& pool_keys() { return pool_docs(); }
const FieldTable<InterferenceConfig>& interference_keys() {
  static const FieldTable<InterferenceConfig> table = interference_fields();
  return table;
}

void parse_network(const YamlValue& value, NetworkConfig& out) {
  read_map(value, network_fields(), out);
}

void print_network(YAML::Emitter& out, const NetworkConfig& network) {
  out << YAML::BeginMap;
  print_fields(out, network_fields(), network);
  out << YAML::EndMap;
}

Pools parse_pools(const YamlValue& value, const Models& models) {
  Pools pools;
  for (const YamlValue& item : value.as_list()) {
    PoolConfig pool;
    read_map(item, pool_fields(&models, &pools), pool);
    pools.push_back(std::move(pool));
  }
  if (pools.empty()) value.fail("needs at least one pool");
  return pools;
}

void print_pools(YAML::Emitter& out, const Pools& pools) {
  out << YAML::BeginSeq;
  for (const PoolConfig& pool : pools) {
    out << YAML::BeginMap;
    print_fields(out, pool_docs(), pool);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void parse_interference(const YamlValue& value, const Pools& pools, const Models& models,
                        InterferenceConfig& out) {
  read_map(value, interference_fields(&pools, &models), out);
}

void print_interference(YAML::Emitter& out, const InterferenceConfig& interference) {
  out << YAML::BeginMap;
  print_fields(out, interference_keys(), interference);
  out << YAML::EndMap;
}

}  // namespace servesim::io
