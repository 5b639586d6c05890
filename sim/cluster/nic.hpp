// File: sim/cluster/nic.hpp
//
// A host's network interface as a processor-sharing link: every flow in progress gets an equal
// share of the bandwidth, bandwidth / (flows + background), at every instant, so a flow's
// transfer time depends on what else crosses the link meanwhile. "Background" flows (bulk
// transfers whose end another component decides) take their share but never finish here.
//
// Exact and event-driven, O(log f) per flow change (the virtual-time trick of fair queueing,
// Demers, Keshav & Shenker, SIGCOMM'89): virtual time V counts the bytes each flow in progress
// has received since the link was last idle, growing at bandwidth / n while n flows share it. A
// flow of B bytes started at V0 finishes when V reaches V0 + B whatever happens meanwhile, so
// flows finish in the order of their finish tags and only the smallest tag needs an event.
//
// Invariants: heap_ holds the flows in progress, ordered by (finish tag, start order);
// next_done_ is pending iff heap_ is not empty.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/engine.hpp"

namespace servesim::cluster {

class NicListener {
 public:
  virtual void on_flow_done(std::uint64_t token) = 0;

 protected:
  ~NicListener() = default;
};

class Nic {
 public:
  // REQUIRES: bandwidth_gbps > 0.
  Nic(core::Engine& engine, double bandwidth_gbps, NicListener& listener);
  Nic(const Nic&) = delete;
  Nic& operator=(const Nic&) = delete;
  Nic(Nic&&) = default;

  // Starts a flow of `bytes` (>= 0) now; listener.on_flow_done(token) is called when its last
  // byte has crossed (an event, never from inside this call).
  void start_flow(double bytes, std::uint64_t token);
  // Background flows in progress change by `delta` (the result stays >= 0).
  void add_background(int delta);

  int flows() const { return static_cast<int>(heap_.size()); }
  int background() const { return background_; }

  // Event handler: the flow with the smallest finish tag is done.
  void on_next_done(std::uint64_t unused);

 private:
  struct Flow {
    double finish = 0;  // virtual time (bytes) at which it is done
    std::uint64_t order = 0;
    std::uint64_t token = 0;
  };
  // Min-heap order for std::push_heap and friends (which build max-heaps).
  static bool later(const Flow& a, const Flow& b) {
    return a.finish != b.finish ? a.finish > b.finish : a.order > b.order;
  }
  void advance();     // brings virtual_ to now
  void reschedule();  // (re)arms next_done_ for the smallest finish tag

  core::Engine* engine_;
  NicListener* listener_;
  double bytes_per_ns_;
  double virtual_ = 0;  // bytes per flow since the link was last empty of finishing flows
  core::Time updated_;  // when virtual_ was last brought up to date
  std::vector<Flow> heap_;
  std::vector<std::uint64_t> done_;  // on_next_done's finished tokens, kept to reuse its memory
  int background_ = 0;
  std::uint64_t next_order_ = 0;
  core::EventId next_done_;
};

}  // namespace servesim::cluster
