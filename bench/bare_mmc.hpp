// File: bench/bare_mmc.hpp
//
// The yardstick of the macro benchmark: an M/M/c queue with one shared FIFO simulated by a bare,
// hand-written event loop (bench/bare_mmc.cpp). No engine, no components, no virtual calls: what
// a competent programmer writes in an afternoon. servesim must stay within 0.8x of its speed.
#pragma once

#include <cstdint>

namespace servesim::bench {

struct BareMmcResult {
  std::uint64_t requests = 0;   // requests answered (= requests asked for)
  std::uint64_t events = 0;     // arrivals + departures popped from the heap
  double mean_latency_ms = 0;   // sanity check against Erlang C
  double simulated_s = 0;
};

// Simulates `requests` requests of an M/M/`servers` queue with arrival rate `rate_per_s` and
// mean service time `service_ms`, drawing from mt19937_64 seeded with `seed`.
BareMmcResult run_bare_mmc(std::uint64_t requests, double rate_per_s, double service_ms,
                           int servers, std::uint64_t seed);

}  // namespace servesim::bench
