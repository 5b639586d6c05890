// File: sim/core/rng.hpp
//
// Named random streams. Every component draws from its own stream, seeded from
// (run seed, replication, fnv1a64(stable name)), so adding a component never changes the draws
// of another, and runs of different redundancy kinds see the same arrivals (common random
// numbers). mt19937_64 and seed_seq are fully specified by the C++ standard, so streams are
// identical on every platform; distributions are built on top in sim/dist, never std::*_distribution.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

namespace servesim::core {

// 128-bit integers are a GCC/Clang extension; __extension__ keeps -Wpedantic quiet about it.
__extension__ using Uint128 = unsigned __int128;

std::uint64_t fnv1a64(std::string_view text);

class RngStream {
 public:
  RngStream(std::uint64_t run_seed, std::uint64_t replication, std::string_view name);

  std::uint64_t next_u64() { return engine_(); }
  // Uniform on the open interval (0, 1): 52 random bits, offset by half a step so neither end
  // is reachable. Inverse-CDF samplers rely on never seeing 0 or 1. (With 53 bits the top value
  // 2^53 - 0.5 is not a double and rounds to 2^53, i.e. u = 1; 52 bits keep every value exact.)
  double uniform_open01() {
    return (static_cast<double>(engine_() >> 12) + 0.5) * 0x1.0p-52;
  }
  // Uniform integer in [0, n). REQUIRES: n > 0. Lemire's multiply-shift; the bias is below
  // n / 2^64, far under any statistical resolution here.
  std::uint64_t uniform_index(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<Uint128>(engine_()) * n) >> 64);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace servesim::core
