// File: bench/bare_mmc_main.cpp
//
// The bare M/M/c loop on its own, for profiling: bare_mmc [requests (default 10000010)].
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include "bench/bare_mmc.hpp"

int main(int argc, char** argv) {
  const std::uint64_t requests = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'010;
  const auto start = std::chrono::steady_clock::now();
  const auto result = servesim::bench::run_bare_mmc(requests, 9000, 1.0, 10, 1);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("bare M/M/10: {} requests in {:.3f} s = {:.0f} requests/s; mean latency {:.4f} ms\n",
             result.requests, seconds, static_cast<double>(result.requests) / seconds,
             result.mean_latency_ms);
  return 0;
}
