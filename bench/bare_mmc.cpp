// File: bench/bare_mmc.cpp
//
// A bare M/M/c event loop, deliberately free of abstractions: one std::vector used as a binary
// heap of 16-byte events ordered by (time, sequence), an array ring buffer of arrival times as the
// FIFO, and inverse-CDF exponential draws from a std::mt19937_64. It does the same work per
// request that servesim does for this scenario (two heap events, two uniforms, a latency
// recorded into a histogram) and nothing more, so the ratio to it measures servesim's overhead.
#include "bench/bare_mmc.hpp"

#include <bit>
#include <cmath>
#include <random>
#include <vector>

namespace servesim::bench {

namespace {

struct BareEvent {
  std::int64_t time_ns;
  // (insertion sequence << 8) | (server << 1) | kind: ties break in scheduling order, as in
  // servesim, and a departure carries its server (< 128) in the spare low bits.
  std::uint64_t key;
};

bool later(const BareEvent& a, const BareEvent& b) {
  return a.time_ns > b.time_ns || (a.time_ns == b.time_ns && a.key > b.key);
}

void heap_push(std::vector<BareEvent>& heap, BareEvent event) {
  std::size_t hole = heap.size();
  heap.push_back(event);
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 2;
    if (!later(heap[parent], event)) break;
    heap[hole] = heap[parent];
    hole = parent;
  }
  heap[hole] = event;
}

BareEvent heap_pop(std::vector<BareEvent>& heap) {
  const BareEvent top = heap.front();
  const BareEvent last = heap.back();
  heap.pop_back();
  const std::size_t size = heap.size();
  if (size > 0) {
    std::size_t hole = 0;
    for (;;) {
      std::size_t child = 2 * hole + 1;
      if (child >= size) break;
      if (child + 1 < size && later(heap[child], heap[child + 1])) ++child;
      if (!later(last, heap[child])) break;
      heap[hole] = heap[child];
      hole = child;
    }
    heap[hole] = last;
  }
  return top;
}

}  // namespace

BareMmcResult run_bare_mmc(std::uint64_t requests, double rate_per_s, double service_ms,
                           int servers, std::uint64_t seed) {
  std::mt19937_64 arrival_rng(seed);
  std::mt19937_64 service_rng(seed + 1);
  auto exp_ns = [](std::mt19937_64& rng, double mean_ns) {
    const double u = (static_cast<double>(rng() >> 12) + 0.5) * 0x1.0p-52;
    return static_cast<std::int64_t>(std::llround(-mean_ns * std::log1p(-u)));
  };
  const double mean_gap_ns = 1e9 / rate_per_s;
  const double mean_service_ns = service_ms * 1e6;
  constexpr std::uint64_t kArrival = 0;
  constexpr std::uint64_t kDeparture = 1;

  std::vector<BareEvent> heap;
  heap.reserve(1024);
  // FIFO of waiting requests' arrival times; capacity doubles when full (power of two).
  std::vector<std::int64_t> fifo(1024);
  std::size_t fifo_head = 0;
  std::size_t fifo_size = 0;
  // In service: one arrival time per server; free servers are a stack of indices.
  std::vector<std::int64_t> arrived_at(static_cast<std::size_t>(servers));
  std::vector<int> free_servers;
  for (int server = servers - 1; server >= 0; --server) free_servers.push_back(server);
  // Log-linear latency histogram: 64 octaves x 64 sub-buckets, like servesim's recorder.
  std::vector<std::uint64_t> histogram(64 * 64);
  double latency_sum_ns = 0;

  std::uint64_t seq = 0;
  std::uint64_t sent = 0;
  std::uint64_t done = 0;
  std::uint64_t events = 0;
  std::int64_t now = 0;
  heap_push(heap, {exp_ns(arrival_rng, mean_gap_ns), (seq++ << 8) | kArrival});
  ++sent;

  auto start_service = [&](int server, std::int64_t arrival_ns) {
    arrived_at[static_cast<std::size_t>(server)] = arrival_ns;
    const std::int64_t end = now + exp_ns(service_rng, mean_service_ns);
    heap_push(heap, {end, (seq++ << 8) | (static_cast<std::uint64_t>(server) << 1) | kDeparture});
  };

  while (!heap.empty()) {
    const BareEvent event = heap_pop(heap);
    now = event.time_ns;
    ++events;
    if ((event.key & 1) == kArrival) {
      if (sent < requests) {
        heap_push(heap, {now + exp_ns(arrival_rng, mean_gap_ns), (seq++ << 8) | kArrival});
        ++sent;
      }
      if (!free_servers.empty()) {
        const int server = free_servers.back();
        free_servers.pop_back();
        start_service(server, now);
      } else {
        if (fifo_size == fifo.size()) {
          std::vector<std::int64_t> bigger(fifo.size() * 2);
          for (std::size_t idx = 0; idx < fifo_size; ++idx) {
            bigger[idx] = fifo[(fifo_head + idx) & (fifo.size() - 1)];
          }
          fifo.swap(bigger);
          fifo_head = 0;
        }
        fifo[(fifo_head + fifo_size) & (fifo.size() - 1)] = now;
        ++fifo_size;
      }
    } else {
      const int server = static_cast<int>((event.key >> 1) & 0x7f);
      const std::int64_t latency = now - arrived_at[static_cast<std::size_t>(server)];
      latency_sum_ns += static_cast<double>(latency);
      const auto value = static_cast<std::uint64_t>(latency) | 1;
      const int octave = 63 - std::countl_zero(value);
      const int sub = octave >= 6 ? static_cast<int>((value >> (octave - 6)) & 63)
                                  : static_cast<int>(value & 63);
      ++histogram[static_cast<std::size_t>(octave * 64 + sub)];
      ++done;
      if (fifo_size > 0) {
        const std::int64_t arrival = fifo[fifo_head];
        fifo_head = (fifo_head + 1) & (fifo.size() - 1);
        --fifo_size;
        start_service(server, arrival);
      } else {
        free_servers.push_back(server);
      }
    }
  }
  BareMmcResult result;
  result.requests = done;
  result.events = events;
  result.mean_latency_ms = done > 0 ? latency_sum_ns / static_cast<double>(done) / 1e6 : 0;
  result.simulated_s = static_cast<double>(now) / 1e9;
  return result;
}

}  // namespace servesim::bench
