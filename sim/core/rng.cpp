// File: sim/core/rng.cpp
#include "sim/core/rng.hpp"

#include <array>

namespace servesim::core {

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

namespace {
std::mt19937_64 seeded_engine(std::uint64_t run_seed, std::uint64_t replication,
                              std::string_view name) {
  const std::uint64_t name_hash = fnv1a64(name);
  // seed_seq takes 32-bit words: split each 64-bit value, low word first.
  std::array<std::uint32_t, 6> words{
      static_cast<std::uint32_t>(run_seed),    static_cast<std::uint32_t>(run_seed >> 32),
      static_cast<std::uint32_t>(replication), static_cast<std::uint32_t>(replication >> 32),
      static_cast<std::uint32_t>(name_hash),   static_cast<std::uint32_t>(name_hash >> 32)};
  std::seed_seq seq(words.begin(), words.end());
  return std::mt19937_64(seq);
}
}  // namespace

RngStream::RngStream(std::uint64_t run_seed, std::uint64_t replication, std::string_view name)
    : engine_(seeded_engine(run_seed, replication, name)) {}

}  // namespace servesim::core
