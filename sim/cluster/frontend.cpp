// File: sim/cluster/frontend.cpp
#include "sim/cluster/frontend.hpp"

#include <bit>

#include <fmt/format.h>

namespace servesim::cluster {

Frontend::Frontend(core::Engine& engine, const FrontendSetup& setup, ArrivalProcess arrivals,
                   std::vector<Pool*> pools, TaskTable& tasks,
                   policy::RedundancyPolicy& policy, RequestRecorder& recorder)
    : engine_(engine),
      setup_(setup),
      arrivals_(std::move(arrivals)),
      pools_(std::move(pools)),
      tasks_(tasks),
      policy_(policy),
      recorder_(recorder),
      client_net_rng_(setup.seed, setup.replication, "network/client_frontend"),
      instance_net_rng_(setup.seed, setup.replication, "network/frontend_instance") {
  if (setup.network.client_frontend) client_frontend_.emplace(*setup.network.client_frontend);
  if (setup.network.frontend_instance) {
    frontend_instance_.emplace(*setup.network.frontend_instance);
  }
  // 1 Gbit/s moves one bit per ns.
  if (setup.network.bandwidth_gbps > 0) ns_per_byte_ = 8.0 / setup.network.bandwidth_gbps;
  direct_ = setup.fast_paths && policy_.single_primary_copy() && !client_frontend_ &&
            !frontend_instance_ && ns_per_byte_ == 0;
}

class Frontend::PolicyCall {
 public:
  explicit PolicyCall(Frontend& frontend) : frontend_(frontend) { ++frontend_.policy_depth_; }
  ~PolicyCall() {
    if (--frontend_.policy_depth_ == 0 && !frontend_.deferred_refusals_.empty()) {
      frontend_.deliver_deferred_refusals();
    }
  }
  PolicyCall(const PolicyCall&) = delete;
  PolicyCall& operator=(const PolicyCall&) = delete;

 private:
  Frontend& frontend_;
};

void Frontend::start() { schedule_next_arrival(); }

void Frontend::use_network(HostNetwork& network, RoundTripCarrier* carrier) {
  network_ = &network;
  carrier_ = carrier;
  direct_ = false;  // the direct path has no network hop
}

void Frontend::on_crossed(std::uint64_t token) {
  const auto task_slot = static_cast<TaskSlot>(token);
  if ((token & kToFrontend) != 0) {
    handle_answer_at_frontend(task_slot);
  } else {
    on_task_at_pool(task_slot);
  }
}

void Frontend::report_overload() const {
  throw core::ConfigError(fmt::format(
      "run.max_queued: {} requests in the system at t = {} s ({} sent, {} answered): the system "
      "is unstable at this load (it cannot keep up with the arrivals); lower the load, add "
      "capacity, or raise run.max_queued (memory grows with it)",
      stats_.requests_sent - stats_.requests_resolved, engine_.now().s(),
      stats_.requests_sent, stats_.requests_resolved));
}

// Inline into on_client_send: once per request (hot path).
inline void Frontend::schedule_next_arrival() {
  if (stats_.requests_sent >= setup_.total_requests) return;
  if (stats_.requests_sent - stats_.requests_resolved >= setup_.max_queued) [[unlikely]] {
    report_overload();
  }
  const core::Time when = arrivals_.next();
  if (when == ArrivalProcess::kExhausted) {  // a non-repeating trace ran out
    arrivals_done_ = true;
    if (stats_.requests_resolved == stats_.requests_sent) engine_.stop();
    return;
  }
  engine_.schedule_source<&Frontend::on_client_send>(std::max(when, engine_.now()), this);
}

core::Time Frontend::hop_delay(const std::optional<dist::Sampler>& hop, core::RngStream& rng,
                               double bytes) const {
  // No latency and no bandwidth limit: zero, without the llround below (hot path, 4 per request).
  if (!hop && ns_per_byte_ == 0) return core::Time::zero();
  double ns = bytes * ns_per_byte_;
  if (hop) ns += hop->sample(rng) * 1e6;
  return core::Time::from_ns(std::llround(ns));
}

void Frontend::on_client_send(std::uint64_t) {
  if (direct_) {
    // What policy_.on_request -> send_copy(kPrimary, pool 0) -> dispatch -> on_task_at_pool
    // do with zero hops and a lone copy (no sibling to avoid), in the same order, except that
    // the request gets no slot: its task carries what the recorder needs.
    const std::uint64_t index = stats_.requests_sent++;
    schedule_next_arrival();
    const TaskSlot task_slot = tasks_.acquire();
    Task& task = tasks_[task_slot];  // copy 0, kPrimary, pool 0, kToPool: the defaults
    task.request_index = index;
    task.request_sent = engine_.now();
    ++stats_.copies_sent;
    pools_.front()->submit(task_slot);
    return;
  }
  const policy::RequestSlot slot = requests_.acquire();
  Request& request = requests_[slot];
  request.index = stats_.requests_sent++;
  request.sent = engine_.now();
  schedule_next_arrival();
  const core::Time delay = hop_delay(client_frontend_, client_net_rng_, 0);
  if (delay > core::Time::zero()) {
    engine_.schedule_in<&Frontend::on_frontend_arrival>(delay, this, slot);
  } else {
    on_frontend_arrival(slot);
  }
}

void Frontend::on_frontend_arrival(std::uint64_t slot) {
  requests_[static_cast<policy::RequestSlot>(slot)].at_frontend = engine_.now();
  const PolicyCall call(*this);
  policy_.on_request(*this, static_cast<policy::RequestSlot>(slot));
}

int Frontend::send_copy(policy::RequestSlot slot, policy::CopyRole role, int pool,
                        policy::Placement placement) {
  Request& request = requests_[slot];
  SERVESIM_ASSERT(request.copies_sent < kMaxCopies, "too many copies of one request");
  SERVESIM_ASSERT(pool >= 0 && static_cast<std::size_t>(pool) < pools_.size(), "no such pool");
  const int copy = request.copies_sent++;
  const TaskSlot task_slot = tasks_.acquire();
  Task& task = tasks_[task_slot];
  task.request = slot;
  task.copy = static_cast<std::uint8_t>(copy);
  task.role = role;
  task.low_priority = role == policy::CopyRole::kReplica && policy_.low_priority_copies();
  task.least_outstanding = placement == policy::Placement::kLeastOutstanding;
  task.pool = static_cast<std::uint8_t>(pool);
  request.copies[static_cast<std::size_t>(copy)] = task_slot;
  request.live_copy_mask |= 1u << copy;
  ++stats_.copies_sent;
  dispatch(task_slot, setup_.payload_bytes);
  return copy;
}

TaskSlot Frontend::new_policy_task(int pool, std::uint64_t tag, std::size_t queries) {
  SERVESIM_ASSERT(pool >= 0 && static_cast<std::size_t>(pool) < pools_.size(), "no such pool");
  SERVESIM_ASSERT(queries >= 1 && queries <= 0xFFFF, "a task carries 1 to 65535 queries");
  const TaskSlot task_slot = tasks_.acquire();
  Task& task = tasks_[task_slot];
  task.policy_owned = true;
  task.tag = tag;
  task.pool = static_cast<std::uint8_t>(pool);
  task.queries = static_cast<std::uint16_t>(queries);
  return task_slot;
}

policy::PolicyTask Frontend::send_task(int pool, std::uint64_t tag, double payload_bytes,
                                       int queries) {
  SERVESIM_ASSERT(queries >= 1, "a task carries at least one query");
  const TaskSlot task_slot = new_policy_task(pool, tag, static_cast<std::size_t>(queries));
  ++stats_.policy_tasks_sent;
  dispatch(task_slot, payload_bytes);
  return task_slot;
}

policy::PolicyTask Frontend::send_batch(int pool, std::uint64_t tag,
                                        std::span<const policy::RequestSlot> requests) {
  const TaskSlot task_slot = new_policy_task(pool, tag, requests.size());
  tasks_[task_slot].carries_requests = true;
  stats_.copies_sent += requests.size();
  dispatch(task_slot, setup_.payload_bytes * static_cast<double>(requests.size()));
  return task_slot;
}

void Frontend::dispatch(TaskSlot task_slot, double payload_bytes) {
  tasks_[task_slot].state = TaskState::kToPool;
  if (network_ != nullptr) {
    if (carrier_ != nullptr) {  // the queue is at the frontend: the carrier moves the bytes
      carrier_->set_payload(task_slot, payload_bytes);
      on_task_at_pool(task_slot);
      return;
    }
    network_->cross(HostNetwork::kFrontend, payload_bytes,
                    hop_delay(frontend_instance_, instance_net_rng_, 0), *this, task_slot);
    return;
  }
  const core::Time delay = hop_delay(frontend_instance_, instance_net_rng_, payload_bytes);
  if (delay > core::Time::zero()) {
    engine_.schedule_in<&Frontend::on_task_at_pool>(delay, this, task_slot);
  } else {
    on_task_at_pool(task_slot);
  }
}

void Frontend::cancel_task(policy::PolicyTask task_slot) {
  const Task& task = tasks_[task_slot];
  if (task.carries_requests) {
    stats_.copies_cancelled += task.queries;
  } else {
    ++stats_.policy_tasks_cancelled;
  }
  cancel_task_slot(task_slot);
}

void Frontend::cancel_task_slot(TaskSlot task_slot) {
  Task& task = tasks_[task_slot];
  if (task.state == TaskState::kQueued || task.state == TaskState::kRunning) {
    pools_[task.pool]->cancel(task_slot);
  } else {
    task.cancelled = true;  // in the network: released when it lands
  }
}

void Frontend::start_policy_timer(core::Time delay, std::uint64_t tag) {
  engine_.schedule_in<&Frontend::on_policy_timer>(delay, this, tag);
}

void Frontend::on_policy_timer(std::uint64_t tag) {
  const PolicyCall call(*this);
  policy_.on_policy_timer(*this, tag);
}

void Frontend::detach_copies(policy::RequestSlot slot, std::uint64_t tag) {
  Request& request = requests_[slot];
  for (std::uint32_t mask = request.live_copy_mask; mask != 0; mask &= mask - 1) {
    Task& task = tasks_[request.copies[static_cast<std::size_t>(std::countr_zero(mask))]];
    task.policy_owned = true;
    task.tag = tag;
  }
  request.live_copy_mask = 0;
}

core::Time Frontend::arrived_at(policy::RequestSlot slot) const {
  return requests_[slot].at_frontend;
}

void Frontend::on_task_at_pool(std::uint64_t slot) {
  const auto task_slot = static_cast<TaskSlot>(slot);
  const Task& task = tasks_[task_slot];
  if (task.cancelled) {
    tasks_.release(task_slot);
    return;
  }
  Pool& pool = *pools_[task.pool];
  if (task.policy_owned) {
    pool.submit(task_slot);
    return;
  }
  // Siblings already placed on an instance of the same pool: a replica should go elsewhere.
  std::array<std::int32_t, kMaxCopies> avoid{};
  std::size_t avoid_count = 0;
  const Request& request = requests_[task.request];
  for (std::uint32_t mask = request.live_copy_mask; mask != 0; mask &= mask - 1) {
    const auto copy = static_cast<std::size_t>(std::countr_zero(mask));
    const TaskSlot sibling = request.copies[copy];
    if (sibling != task_slot && tasks_[sibling].pool == task.pool &&
        tasks_[sibling].instance >= 0) {
      avoid[avoid_count++] = tasks_[sibling].instance;
    }
  }
  pool.submit(task_slot, std::span<const std::int32_t>(avoid.data(), avoid_count));
}

int Frontend::outstanding_copies(policy::RequestSlot slot) const {
  return std::popcount(requests_[slot].live_copy_mask);
}

void Frontend::detach_copy(Request& request, int copy) {
  request.live_copy_mask &= ~(1u << copy);
}

void Frontend::on_task_finished(TaskSlot task_slot) {
  if (direct_) {
    // handle_answer_at_frontend -> policy_.on_copy_done -> answer(kPrimary) -> resolve, for a
    // lone primary copy with zero hops: no timer, no other copy to cancel.
    const Task& task = tasks_[task_slot];
    const bool cancelled = task.cancelled;
    const std::uint64_t index = task.request_index;
    const core::Time sent = task.request_sent;
    tasks_.release(task_slot);
    if (cancelled) return;
    record(index, sent, engine_.now() - sent, policy::ServedAs::kPrimary, std::nullopt);
    return;
  }
  if (network_ != nullptr) {
    if (carrier_ != nullptr) {  // the carrier has brought the answer back already
      handle_answer_at_frontend(task_slot);
      return;
    }
    const Task& task = tasks_[task_slot];
    network_->cross(network_->instance_host(task.pool, task.instance),
                    setup_.response_bytes * task.queries,
                    hop_delay(frontend_instance_, instance_net_rng_, 0),
                    *this, kToFrontend | task_slot);
    return;
  }
  const core::Time delay = hop_delay(frontend_instance_, instance_net_rng_,
                                     setup_.response_bytes * tasks_[task_slot].queries);
  if (delay > core::Time::zero()) {
    engine_.schedule_in<&Frontend::on_task_at_frontend>(delay, this, task_slot);
  } else {
    handle_answer_at_frontend(task_slot);
  }
}

void Frontend::on_task_at_frontend(std::uint64_t slot) {
  handle_answer_at_frontend(static_cast<TaskSlot>(slot));
}

void Frontend::handle_answer_at_frontend(TaskSlot task_slot) {
  const Task task = tasks_[task_slot];
  tasks_.release(task_slot);
  if (task.cancelled) return;
  const PolicyCall call(*this);
  if (task.policy_owned) {
    policy_.on_task_done(*this, task.tag);
    return;
  }
  Request& request = requests_[task.request];
  // Cancelled work never answers: answer() clears the mask of every copy it cancels.
  SERVESIM_DEBUG_ASSERT((request.live_copy_mask >> task.copy) & 1u,
                        "an answer from a copy that is no longer live");
  detach_copy(request, task.copy);
  policy_.on_copy_done(*this, task.request, task.copy, task.role,
                       engine_.now() - request.at_frontend);
}

void Frontend::on_task_refused(TaskSlot task_slot) {
  if (policy_depth_ > 0) {
    deferred_refusals_.push_back(task_slot);
    return;
  }
  refuse(task_slot);
}

void Frontend::deliver_deferred_refusals() {
  // Refusals made while delivering are appended and delivered by this same loop.
  const PolicyCall call(*this);
  for (std::size_t next = 0; next < deferred_refusals_.size(); ++next) {
    const TaskSlot task_slot = deferred_refusals_[next];
    if (tasks_[task_slot].cancelled) {  // its request was answered meanwhile
      tasks_.release(task_slot);
      continue;
    }
    refuse(task_slot);
  }
  deferred_refusals_.clear();
}

void Frontend::refuse(TaskSlot task_slot) {
  const PolicyCall call(*this);
  const Task task = tasks_[task_slot];
  tasks_.release(task_slot);
  if (direct_) {
    // A direct request has no slot yet: give it one, as the policy path would have, with its
    // lone copy already detached, and let the policy drop it.
    const policy::RequestSlot slot = requests_.acquire();
    Request& request = requests_[slot];
    request.index = task.request_index;
    request.sent = task.request_sent;
    request.at_frontend = task.request_sent;
    request.copies_sent = 1;
    policy_.on_copy_dropped(*this, slot, 0);
    return;
  }
  if (task.policy_owned) {
    policy_.on_task_refused(*this, task.tag);
    return;
  }
  detach_copy(requests_[task.request], task.copy);
  policy_.on_copy_dropped(*this, task.request, task.copy);
}

void Frontend::start_timer(policy::RequestSlot slot, core::Time delay) {
  Request& request = requests_[slot];
  if (request.timer.valid()) engine_.cancel(request.timer);
  request.timer = engine_.schedule_in<&Frontend::on_timer>(delay, this, slot);
}

void Frontend::on_timer(std::uint64_t slot) {
  const auto request_slot = static_cast<policy::RequestSlot>(slot);
  requests_[request_slot].timer = core::EventId{};
  const PolicyCall call(*this);
  policy_.on_timer(*this, request_slot);
}

void Frontend::answer(policy::RequestSlot slot, policy::ServedAs served) {
  resolve(slot, served, std::nullopt);
}

void Frontend::answer_with_accuracy(policy::RequestSlot slot, policy::ServedAs served,
                                    double accuracy) {
  resolve(slot, served, accuracy);
}

void Frontend::resolve(policy::RequestSlot slot, policy::ServedAs served,
                       std::optional<double> accuracy) {
  // Every request is answered (or dropped) exactly once.
  SERVESIM_DEBUG_ASSERT(stats_.requests_resolved < stats_.requests_sent,
                        "more answers than requests sent");
  Request& request = requests_[slot];
  if (request.timer.valid()) {
    engine_.cancel(request.timer);
    request.timer = core::EventId{};
  }
  for (std::uint32_t mask = request.live_copy_mask; mask != 0; mask &= mask - 1) {
    cancel_task_slot(request.copies[static_cast<std::size_t>(std::countr_zero(mask))]);
    ++stats_.copies_cancelled;
  }
  request.live_copy_mask = 0;
  core::Time latency;
  if (served != policy::ServedAs::kDropped) {
    latency = engine_.now() + hop_delay(client_frontend_, client_net_rng_, 0) - request.sent;
  }
  const std::uint64_t index = request.index;
  const core::Time sent = request.sent;
  requests_.release(slot);
  record(index, sent, latency, served, accuracy);
}

}  // namespace servesim::cluster
