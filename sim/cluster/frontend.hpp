// File: sim/cluster/frontend.hpp
//
// The frontend: receives requests from clients, lets the redundancy policy decide which copies
// go out, carries copies across the network to the pool and answers back, cancels what is no
// longer needed, and reports each request once to the recorder.
//
// Life of a request: client send --client_frontend--> frontend (policy.on_request) --
// frontend_instance + payload/bandwidth--> pool queue --> batch --frontend_instance +
// response/bandwidth--> frontend (policy.on_copy_done) --> answer --client_frontend--> client.
// A zero-delay hop is a direct call, not an event.
//
// Invariants: each request is answered exactly once; after its answer no copy of it is
// outstanding (queued ones are cancelled, running ones finish and are discarded).
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <vector>

#include "sim/cluster/arrival_process.hpp"
#include "sim/cluster/host_network.hpp"
#include "sim/cluster/pool.hpp"
#include "sim/cluster/network_config.hpp"
#include "sim/cluster/request_recorder.hpp"
#include "sim/cluster/round_trip_carrier.hpp"
#include "sim/cluster/task.hpp"
#include "sim/core/engine.hpp"
#include "sim/dist/sampler.hpp"
#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::cluster {

struct FrontendSetup {
  NetworkConfig network;
  double payload_bytes = 0;
  double response_bytes = 0;
  std::uint64_t total_requests = 0;  // warm-up included; the run stops when all are resolved
  // Requests in the system at which the run stops as unstable (run.max_queued).
  std::uint64_t max_queued = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  bool fast_paths = true;  // false: the direct path (frontend.cpp) is off
};

struct FrontendStats {
  std::uint64_t requests_sent = 0;
  std::uint64_t requests_resolved = 0;  // answered or dropped
  std::uint64_t copies_sent = 0;
  std::uint64_t copies_cancelled = 0;
  std::uint64_t policy_tasks_sent = 0;       // e.g. parity queries
  std::uint64_t policy_tasks_cancelled = 0;
};

class Frontend final : public policy::RedundancyContext,
                       public PoolListener,
                       public HostNetworkListener {
 public:
  // Largest number of copies one request may have (replicate r <= kMaxCopies - 1).
  static constexpr int kMaxCopies = policy::kMaxCopiesPerRequest;

  // pools[0] serves requests; the others serve what the policy sends them (parity, backup).
  Frontend(core::Engine& engine, const FrontendSetup& setup, ArrivalProcess arrivals,
           std::vector<Pool*> pools, TaskTable& tasks, policy::RedundancyPolicy& policy,
           RequestRecorder& recorder);

  // Schedules the first arrival.
  void start();
  // Frontend<->instance crossings go through `network` (NetworkConfig::uses_hosts) instead of
  // the per-hop delay; with a `carrier` (network.dispatch frontend) copies join their pool's
  // queue at once and the carrier moves them and their answers. Call before start(); both must
  // outlive the run.
  void use_network(HostNetwork& network, RoundTripCarrier* carrier = nullptr);
  const FrontendStats& stats() const { return stats_; }
  std::size_t requests_in_flight() const {
    return static_cast<std::size_t>(stats_.requests_sent - stats_.requests_resolved);
  }

  // RedundancyContext
  core::Time now() const override { return engine_.now(); }
  int send_copy(policy::RequestSlot request, policy::CopyRole role, int pool,
                policy::Placement placement) override;
  policy::PolicyTask send_task(int pool, std::uint64_t tag, double payload_bytes,
                               int queries) override;
  policy::PolicyTask send_batch(int pool, std::uint64_t tag,
                                std::span<const policy::RequestSlot> requests) override;
  void cancel_task(policy::PolicyTask task) override;
  void start_policy_timer(core::Time delay, std::uint64_t tag) override;
  core::Time arrived_at(policy::RequestSlot request) const override;
  void detach_copies(policy::RequestSlot request, std::uint64_t tag) override;
  int outstanding_copies(policy::RequestSlot request) const override;
  void answer(policy::RequestSlot request, policy::ServedAs served) override;
  void answer_with_accuracy(policy::RequestSlot request, policy::ServedAs served,
                            double accuracy) override;
  void start_timer(policy::RequestSlot request, core::Time delay) override;

  // PoolListener
  void on_task_finished(TaskSlot task) override;
  void on_task_refused(TaskSlot task) override;

  // HostNetworkListener: a crossing sent by dispatch or on_task_finished has landed.
  void on_crossed(std::uint64_t token) override;

  // Event handlers.
  void on_client_send(std::uint64_t unused);
  void on_frontend_arrival(std::uint64_t request);
  void on_task_at_pool(std::uint64_t task);
  void on_task_at_frontend(std::uint64_t task);
  void on_timer(std::uint64_t request);
  void on_policy_timer(std::uint64_t tag);

 private:
  struct Request {
    std::uint64_t index = 0;
    core::Time sent;
    core::Time at_frontend;
    std::array<TaskSlot, kMaxCopies> copies{};  // valid where live_copy bit is set
    std::uint32_t live_copy_mask = 0;
    std::uint8_t copies_sent = 0;
    core::EventId timer;

    // For SlotPool::acquire: as a fresh Request, but `copies` is left as it was (it is read only
    // where live_copy_mask has a bit set): 64 bytes fewer to write per request.
    void reuse() {
      index = 0;
      sent = core::Time{};
      at_frontend = core::Time{};
      live_copy_mask = 0;
      copies_sent = 0;
      timer = core::EventId{};
    }
  };

  core::Time hop_delay(const std::optional<dist::Sampler>& hop, core::RngStream& rng,
                       double bytes) const;
  void handle_answer_at_frontend(TaskSlot task);
  void detach_copy(Request& request, int copy);
  void cancel_task_slot(TaskSlot task);
  // A policy-owned task of `queries` queries for `pool`, not yet dispatched.
  TaskSlot new_policy_task(int pool, std::uint64_t tag, std::size_t queries);
  void dispatch(TaskSlot task, double payload_bytes);
  inline void schedule_next_arrival();  // defined in the .cpp, its only user
  void resolve(policy::RequestSlot request, policy::ServedAs served, std::optional<double> accuracy);
  // Records the answered (or dropped) request; may stop the run. Defined here so that it
  // inlines into the direct path, once per request (docs/performance.md).
  void record(std::uint64_t index, core::Time sent, core::Time latency, policy::ServedAs served,
              std::optional<double> accuracy) {
    recorder_.on_request_done(index, sent, latency, served, accuracy);
    ++stats_.requests_resolved;
    if (stats_.requests_resolved == setup_.total_requests ||
        (arrivals_done_ && stats_.requests_resolved == stats_.requests_sent)) {
      engine_.stop();
    }
  }

  core::Engine& engine_;
  const FrontendSetup setup_;
  ArrivalProcess arrivals_;
  std::vector<Pool*> pools_;
  TaskTable& tasks_;
  policy::RedundancyPolicy& policy_;
  RequestRecorder& recorder_;
  core::SlotPool<Request> requests_;

  std::optional<dist::Sampler> client_frontend_;
  std::optional<dist::Sampler> frontend_instance_;
  double ns_per_byte_ = 0;
  core::RngStream client_net_rng_;
  core::RngStream instance_net_rng_;
  FrontendStats stats_;
  HostNetwork* network_ = nullptr;  // null: crossings are per-hop delays (hop_delay)
  RoundTripCarrier* carrier_ = nullptr;  // network.dispatch frontend
  static constexpr std::uint64_t kToFrontend = std::uint64_t{1} << 32;  // in a crossing's token
  bool arrivals_done_ = false;  // a non-repeating trace ran out before total_requests
  // The policy is single_primary_copy() and neither hop has a delay: requests take the direct
  // path of on_client_send and on_task_finished (docs/performance.md). Such a request has no
  // request slot (its task carries its index and send time) unless its pool refuses it.
  bool direct_ = false;
  // Refusals that a pool reports from inside a policy call (it refused at submit, with no network
  // hop between): delivered once the outermost policy call returns, so a policy that sends
  // several copies in one call never sees "no copy outstanding" before it has sent them all.
  // Every kind x queue_capacity then answers or drops each request exactly once (issue 12).
  class PolicyCall;
  int policy_depth_ = 0;
  std::vector<TaskSlot> deferred_refusals_;
  void refuse(TaskSlot task);
  [[noreturn]] void report_overload() const;  // throws the run.max_queued ConfigError
  void deliver_deferred_refusals();
};

}  // namespace servesim::cluster
