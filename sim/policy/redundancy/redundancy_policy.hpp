// File: sim/policy/redundancy/redundancy_policy.hpp
//
// A redundancy policy decides, per request, which copies go out, when, and which answer is
// served. It acts only through RedundancyContext, which the cluster's Frontend implements, so a
// policy never sees pools or instances. The frontend keeps each request's copies; a policy keeps
// whatever cross-request state it needs (running percentiles, coding groups).
//
// Contract: every request gets exactly one answer() call (possibly ServedAs::kDropped). After it,
// the frontend cancels the request's queued copies and its timer; running copies finish and are
// discarded.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "sim/core/time.hpp"
#include "sim/policy/redundancy/redundancy_config.hpp"

namespace servesim::policy {

using RequestSlot = std::uint32_t;

// Which path produced the answer a client got. Order matches summary.json "served".
enum class ServedAs : std::uint8_t {
  kPrimary,
  kReconstructed,
  kReplica,
  kBackup,
  kPartial,
  kDefault,
  kDropped,
};
inline constexpr int kServedAsCount = 7;
const char* served_as_name(ServedAs served);

enum class CopyRole : std::uint8_t {
  kPrimary,  // the request itself
  kReplica,  // a replicate or hedge copy of it, to the same pool
  kBackup,   // a copy to a backup pool running an approximate model
};

// Where a copy goes within its pool.
enum class Placement : std::uint8_t {
  kBalancer,          // as any query: the pool's load balancer, or its shared queue
  kLeastOutstanding,  // per_instance queues: the instance with the fewest queries waiting or
                      // running (ties to the lowest index); a shared queue ignores it
};

// A query the policy owns that is not a copy of one request (a parity query). `tag` is the
// policy's own identifier, handed back on completion.
using PolicyTask = std::uint32_t;

class RedundancyContext {
 public:
  virtual ~RedundancyContext() = default;
  virtual core::Time now() const = 0;
  // Sends a copy of the request to `pool` (0 = the first pool, which serves requests), on an
  // instance that holds no other copy of it where the queue is per_instance, chosen as
  // `placement` says. Returns the copy's index within the request.
  virtual int send_copy(RequestSlot request, CopyRole role, int pool = 0,
                        Placement placement = Placement::kBalancer) = 0;
  // Sends a policy-owned task of `queries` queries and `payload_bytes` in all to `pool` (the pool
  // serves it as part of one batch); on_task_done(tag) reports its answer back at the frontend
  // unless it is cancelled first.
  virtual PolicyTask send_task(int pool, std::uint64_t tag, double payload_bytes,
                               int queries) = 0;
  // Sends `requests` to `pool` as one policy-owned batch task (a coding unit of batches): the
  // pool serves them together, on_task_done(tag) reports the batch's answer, and the policy
  // answers each request. Each request counts as one copy sent, and as cancelled if the task is.
  virtual PolicyTask send_batch(int pool, std::uint64_t tag,
                                std::span<const RequestSlot> requests) = 0;
  // REQUIRES: `task` was sent and has not been reported done or refused.
  virtual void cancel_task(PolicyTask task) = 0;
  // Fires on_policy_timer(tag) after `delay`. Timers are not cancellable: a policy recognises
  // stale ones by a generation it keeps in the tag.
  virtual void start_policy_timer(core::Time delay, std::uint64_t tag) = 0;
  // Turns the request's outstanding copies into policy tasks tagged `tag`: they keep running
  // after the request is answered, and on_task_done(tag) reports each when it returns. For
  // policies that must observe every original's latency (the backup baseline's median).
  virtual void detach_copies(RequestSlot request, std::uint64_t tag) = 0;
  // Arrival time at the frontend of a request that has not been answered yet.
  virtual core::Time arrived_at(RequestSlot request) const = 0;
  // Copies sent and not yet finished, dropped or cancelled.
  virtual int outstanding_copies(RequestSlot request) const = 0;
  virtual void answer(RequestSlot request, ServedAs served) = 0;
  // As answer(), with the expected accuracy of this particular answer (an ensemble's subset),
  // which then replaces the path's accuracy for it.
  virtual void answer_with_accuracy(RequestSlot request, ServedAs served, double accuracy) = 0;
  // One timer per request; a new one replaces the old. Fires on_timer unless cancelled.
  virtual void start_timer(RequestSlot request, core::Time delay) = 0;
};

class RedundancyPolicy {
 public:
  virtual ~RedundancyPolicy() = default;
  virtual void on_request(RedundancyContext& ctx, RequestSlot request) = 0;
  // A copy's answer reached the frontend before the request was answered. `copy_latency` is the
  // time from the request's arrival at the frontend to this answer's return there.
  virtual void on_copy_done(RedundancyContext& ctx, RequestSlot request, int copy, CopyRole role,
                            core::Time copy_latency) = 0;
  // A copy was refused by its pool (queue full).
  virtual void on_copy_dropped(RedundancyContext& ctx, RequestSlot request, int copy);
  virtual void on_timer(RedundancyContext& ctx, RequestSlot request);
  // A policy task's answer reached the frontend / its pool refused it.
  virtual void on_task_done(RedundancyContext& ctx, std::uint64_t tag);
  virtual void on_task_refused(RedundancyContext& ctx, std::uint64_t tag);
  virtual void on_policy_timer(RedundancyContext& ctx, std::uint64_t tag);
  // Costs the policy itself incurs (e.g. orchestrator state transitions), in US dollars.
  virtual double extra_cost_usd() const { return 0; }
  // True when replica copies (CopyRole::kReplica) queue behind every request's first copy in
  // each pool queue (`copy_priority: low`).
  virtual bool low_priority_copies() const { return false; }
  // The hedge delay in force now (ms), for summary.json and the time series; nullopt for other
  // policies and while a percentile hedge sends no hedges.
  virtual std::optional<double> hedge_threshold_ms() const { return std::nullopt; }
  // True only for a policy that, for every request, sends exactly one kPrimary copy to pool 0
  // in on_request and answers kPrimary in on_copy_done, and uses no timers and no policy tasks.
  // The frontend may then make those two calls itself (docs/performance.md); refusals still go
  // to on_copy_dropped.
  virtual bool single_primary_copy() const { return false; }
};

// Largest number of copies of one request in flight at once (the frontend keeps them in a fixed
// array; replicate's r <= kMaxCopiesPerRequest - 1).
inline constexpr int kMaxCopiesPerRequest = 16;

// Where a kind's extra queries go besides the first pool (which serves requests).
enum class ExtraPool : std::uint8_t {
  kNone,          // the first pool alone; any other pool in the scenario is an error
  kNamed,         // a pool named `redundancy.pool` (default: the kind's name), which must exist
  kNamedOrBuilt,  // as kNamed, but built from the first pool when the scenario has none
};

// Instances of the extra pool per k deployed ones: they size a built pool (ceil(n units / k))
// and split `hardware.instances` (floor(N k / (k + units)) deployed, the rest extra).
enum class ExtraUnits : std::uint8_t {
  kNone,
  kR,    // r per k (parity: r parity queries per group of k)
  kOne,  // 1 per k (backup: ParM's n/k backup instances, as for a parity pool with r = 1)
};

// What a kind needs from the rest of the scenario. Loading (io/) and wiring (run/) ask the
// kind's registry row for these instead of comparing kind strings.
struct RedundancyNeeds {
  ExtraPool extra_pool = ExtraPool::kNone;
  ExtraUnits extra_units = ExtraUnits::kNone;
  // The first pool gets ceil(n (k + r) / k) instances, the resources a (k, r) code would use.
  bool grows_first_pool = false;
  // Answers of the extra pool are served as `backup`, with its model's accuracy (or
  // redundancy.backup_accuracy).
  bool extra_pool_serves_backup = false;
  // When the first pool batches (max_batch > 1) the frontend forms the batches (coding units)
  // and the pools serve each as one batch.
  bool codes_batches = false;
  // Limits on r besides [1, kMaxCodeParameter]: r <= k, and r <= max_r when max_r > 0.
  bool r_at_most_k = false;
  int max_r = 0;
  // An accuracy table row must also match k and r.
  bool accuracy_row_by_code = false;
  // Runs on serverless platforms (a serverless function scales itself, so a kind that grows
  // server instances cannot).
  bool serverless = true;
  // May be combined with `ensemble` (which takes the place of a redundancy scheme).
  bool with_ensemble = false;
  // Waits for a running threshold before a second copy: summary.json reports it
  // (redundancy.hedge_threshold_ms).
  bool reports_hedge_threshold = false;
  // The redundancy keys it reads besides `kind`, as docs/scenario.md lists them.
  const char* keys = "";
};

struct RedundancyEntry {
  const char* name;
  const char* description;
  std::unique_ptr<RedundancyPolicy> (*make)(const RedundancyConfig& config);
  RedundancyNeeds needs;
};

// The registry table (registry.cpp): the only place a kind is bound to a class and its needs.
std::span<const RedundancyEntry> redundancy_registry();
// The row of `kind`. Throws core::ConfigError listing the valid kinds when it is unknown.
const RedundancyEntry& redundancy_entry(std::string_view kind);
// Throws core::ConfigError listing the valid kinds when config.kind is unknown.
std::unique_ptr<RedundancyPolicy> make_redundancy_policy(const RedundancyConfig& config);

}  // namespace servesim::policy
