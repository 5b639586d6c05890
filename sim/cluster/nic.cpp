// File: sim/cluster/nic.cpp
#include "sim/cluster/nic.hpp"

#include <algorithm>
#include <cmath>

namespace servesim::cluster {

Nic::Nic(core::Engine& engine, double bandwidth_gbps, NicListener& listener)
    : engine_(&engine), listener_(&listener), bytes_per_ns_(bandwidth_gbps / 8.0) {
  SERVESIM_ASSERT(bandwidth_gbps > 0, "a NIC needs a positive bandwidth");
}

void Nic::advance() {
  const core::Time now = engine_->now();
  if (!heap_.empty()) {
    const double sharing = static_cast<double>(heap_.size()) + background_;
    virtual_ += static_cast<double>((now - updated_).ns()) * bytes_per_ns_ / sharing;
  }
  updated_ = now;
}

void Nic::reschedule() {
  engine_->cancel(next_done_);
  next_done_ = core::EventId{};
  if (heap_.empty()) return;
  const double sharing = static_cast<double>(heap_.size()) + background_;
  const double ns = std::max(0.0, (heap_.front().finish - virtual_) * sharing / bytes_per_ns_);
  next_done_ = engine_->schedule_in<&Nic::on_next_done>(
      core::Time::from_ns(static_cast<std::int64_t>(std::ceil(ns))), this);
}

void Nic::start_flow(double bytes, std::uint64_t token) {
  SERVESIM_ASSERT(bytes >= 0, "a flow of negative size");
  advance();
  heap_.push_back(Flow{virtual_ + bytes, next_order_++, token});
  std::push_heap(heap_.begin(), heap_.end(), later);
  reschedule();
}

void Nic::add_background(int delta) {
  advance();
  background_ += delta;
  SERVESIM_ASSERT(background_ >= 0, "more background flows ended than started");
  reschedule();
}

void Nic::on_next_done(std::uint64_t) {
  next_done_ = core::EventId{};
  advance();
  // The event was rounded up to a whole ns: the smallest tag is reached (up to that rounding).
  virtual_ = std::max(virtual_, heap_.front().finish);
  // Every flow whose tag is reached finishes now (equal flows started together finish together).
  done_.clear();
  while (!heap_.empty() && heap_.front().finish <= virtual_) {
    done_.push_back(heap_.front().token);
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
  if (heap_.empty()) virtual_ = 0;  // a fresh origin keeps the tags small (precision)
  reschedule();
  // The listener may start flows (never a second on_next_done: that is an event), so done_ is
  // not touched while it runs.
  for (std::uint64_t token : done_) listener_->on_flow_done(token);
}

}  // namespace servesim::cluster
