// File: tests/policy/fake_redundancy_context.hpp
//
// A RedundancyContext with no engine, network or pools behind it, for testing one redundancy
// policy on its own (SimGrid's teshsuite and ns-3's per-module tests drive one component in a
// scripted world). The test sets the clock, says when copies, tasks and timers come back, and
// reads what the policy did: every copy, task, timer and answer, in call order.
//
// It keeps the frontend's contract (redundancy_policy.hpp): answer() cancels the request's
// copies still out and its timer; a finished copy is reported only while its request is
// unanswered; outstanding_copies counts copies sent and not finished, dropped or cancelled.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "sim/policy/redundancy/redundancy_policy.hpp"

namespace servesim::policy::testing {

class FakeRedundancyContext final : public RedundancyContext {
 public:
  struct Copy {
    RequestSlot request = 0;
    int index = 0;  // within its request
    CopyRole role = CopyRole::kPrimary;
    int pool = 0;
    Placement placement = Placement::kBalancer;
    core::Time sent;
    bool live = true;  // not finished, dropped or cancelled
    bool cancelled = false;
  };
  struct Task {
    int pool = 0;
    std::uint64_t tag = 0;
    double payload_bytes = 0;
    int queries = 0;
    std::vector<RequestSlot> requests;  // send_batch only
    bool live = true;
    bool cancelled = false;
  };
  struct Timer {
    RequestSlot request = 0;
    core::Time fires_at;
  };
  struct PolicyTimer {
    std::uint64_t tag = 0;
    core::Time fires_at;
  };
  struct Answer {
    RequestSlot request = 0;
    ServedAs served = ServedAs::kPrimary;
    core::Time at;
    std::optional<double> accuracy;
  };

  explicit FakeRedundancyContext(RedundancyPolicy& policy) : policy_(policy) {}

  // --- Script: what the frontend and the pools would do.

  void set_now_ms(double ms) { now_ = core::Time::from_ms(ms); }
  // Request `request` reaches the frontend now; the policy decides its copies.
  void arrive(RequestSlot request) {
    arrived_[request] = now_;
    policy_.on_request(*this, request);
  }
  // Copy `index` of `request` is back at the frontend now.
  void finish_copy(RequestSlot request, int index) {
    Copy& copy = find_copy(request, index);
    ASSERT_TRUE(copy.live) << "copy " << index << " of request " << request << " is not out";
    copy.live = false;
    if (answered(request)) return;
    policy_.on_copy_done(*this, request, index, copy.role, now_ - arrived_.at(request));
  }
  // The pool refused copy `index` of `request`.
  void drop_copy(RequestSlot request, int index) {
    Copy& copy = find_copy(request, index);
    ASSERT_TRUE(copy.live);
    copy.live = false;
    policy_.on_copy_dropped(*this, request, index);
  }
  // The request's timer fires now (when it was started and not cancelled).
  void fire_timer(RequestSlot request) {
    ASSERT_TRUE(timers_.contains(request)) << "no timer for request " << request;
    timers_.erase(request);
    policy_.on_timer(*this, request);
  }
  void finish_task(std::size_t task) {
    ASSERT_TRUE(tasks[task].live);
    tasks[task].live = false;
    policy_.on_task_done(*this, tasks[task].tag);
  }
  void fire_policy_timer(std::size_t timer) {
    policy_.on_policy_timer(*this, policy_timers[timer].tag);
  }

  // --- What the policy did.

  std::vector<Copy> copies;
  std::vector<Task> tasks;
  std::vector<PolicyTimer> policy_timers;
  std::vector<Answer> answers;
  std::vector<std::pair<RequestSlot, std::uint64_t>> detached;

  std::optional<core::Time> timer_of(RequestSlot request) const {
    const auto it = timers_.find(request);
    if (it == timers_.end()) return std::nullopt;
    return it->second;
  }
  bool answered(RequestSlot request) const {
    for (const Answer& answer : answers) {
      if (answer.request == request) return true;
    }
    return false;
  }
  std::vector<Copy> copies_of(RequestSlot request) const {
    std::vector<Copy> out;
    for (const Copy& copy : copies) {
      if (copy.request == request) out.push_back(copy);
    }
    return out;
  }

  // --- RedundancyContext

  core::Time now() const override { return now_; }
  int send_copy(RequestSlot request, CopyRole role, int pool, Placement placement) override {
    const int index = static_cast<int>(copies_of(request).size());
    copies.push_back(Copy{request, index, role, pool, placement, now_});
    return index;
  }
  PolicyTask send_task(int pool, std::uint64_t tag, double payload_bytes, int queries) override {
    tasks.push_back(Task{pool, tag, payload_bytes, queries, {}});
    return static_cast<PolicyTask>(tasks.size() - 1);
  }
  PolicyTask send_batch(int pool, std::uint64_t tag,
                        std::span<const RequestSlot> requests) override {
    tasks.push_back(Task{pool, tag, 0, static_cast<int>(requests.size()),
                         std::vector<RequestSlot>(requests.begin(), requests.end())});
    return static_cast<PolicyTask>(tasks.size() - 1);
  }
  void cancel_task(PolicyTask task) override {
    tasks[task].live = false;
    tasks[task].cancelled = true;
  }
  void start_policy_timer(core::Time delay, std::uint64_t tag) override {
    policy_timers.push_back(PolicyTimer{tag, now_ + delay});
  }
  void detach_copies(RequestSlot request, std::uint64_t tag) override {
    detached.emplace_back(request, tag);
    for (Copy& copy : copies) {
      if (copy.request == request) copy.live = false;  // now the policy's tasks
    }
  }
  core::Time arrived_at(RequestSlot request) const override { return arrived_.at(request); }
  int outstanding_copies(RequestSlot request) const override {
    int live = 0;
    for (const Copy& copy : copies) live += copy.request == request && copy.live ? 1 : 0;
    return live;
  }
  void answer(RequestSlot request, ServedAs served) override { resolve(request, served, {}); }
  void answer_with_accuracy(RequestSlot request, ServedAs served, double accuracy) override {
    resolve(request, served, accuracy);
  }
  void start_timer(RequestSlot request, core::Time delay) override {
    timers_[request] = now_ + delay;
  }

 private:
  Copy& find_copy(RequestSlot request, int index) {
    for (Copy& copy : copies) {
      if (copy.request == request && copy.index == index) return copy;
    }
    ADD_FAILURE() << "no copy " << index << " of request " << request;
    return copies.front();
  }
  void resolve(RequestSlot request, ServedAs served, std::optional<double> accuracy) {
    EXPECT_FALSE(answered(request)) << "request " << request << " answered twice";
    answers.push_back(Answer{request, served, now_, accuracy});
    timers_.erase(request);
    for (Copy& copy : copies) {
      if (copy.request == request && copy.live) {
        copy.live = false;
        copy.cancelled = true;
      }
    }
  }

  RedundancyPolicy& policy_;
  core::Time now_;
  std::map<RequestSlot, core::Time> arrived_;
  std::map<RequestSlot, core::Time> timers_;
};

}  // namespace servesim::policy::testing
