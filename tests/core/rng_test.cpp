// File: tests/core/rng_test.cpp
#include "sim/core/rng.hpp"

#include <gtest/gtest.h>

namespace servesim::core {
namespace {

TEST(Fnv1a64, MatchesPublishedTestVectors) {
  // Reference values of the FNV-1a 64-bit hash (Fowler/Noll/Vo test suite).
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(RngStream, SameNameSameSeedSameDraws) {
  RngStream a(7, 0, "workload/arrivals");
  RngStream b(7, 0, "workload/arrivals");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(RngStream, NameReplicationAndSeedEachChangeTheStream) {
  const std::uint64_t base = RngStream(7, 0, "workload/arrivals").next_u64();
  EXPECT_NE(base, RngStream(7, 0, "pools/deployed/service").next_u64());
  EXPECT_NE(base, RngStream(7, 1, "workload/arrivals").next_u64());
  EXPECT_NE(base, RngStream(8, 0, "workload/arrivals").next_u64());
}

TEST(RngStream, StabilityOfFirstDraws) {
  // Pins the seeding scheme (seed_seq over six 32-bit words of seed, replication, fnv1a64(name))
  // and mt19937_64, both fully specified by the standard. If this fails, every published result
  // changes: that needs a deliberate decision and a CHANGELOG note.
  RngStream rng(1, 0, "stability");
  EXPECT_EQ(rng.next_u64(), 0xdb4403b64b60ed7fULL);
  EXPECT_EQ(rng.next_u64(), 0xc876b8eeaa22c3cbULL);
  EXPECT_EQ(rng.next_u64(), 0xce7f0c6fb50d3c5bULL);
}

TEST(RngStream, UniformIsInOpenUnitIntervalWithMeanHalf) {
  RngStream rng(3, 0, "u");
  double sum = 0;
  const int n = 1000000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform_open01();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Standard error of the mean of U(0,1) is sqrt(1/12/n) = 2.9e-4; 5 SE => false-failure ~6e-7.
  EXPECT_NEAR(sum / n, 0.5, 5 * 2.9e-4);
}

TEST(RngStream, UniformIndexCoversRangeEvenly) {
  RngStream rng(3, 0, "idx");
  std::vector<int> counts(10, 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++counts[rng.uniform_index(10)];
  // Each count ~ Binomial(n, 0.1): sd = 94.9; 5 sd bound.
  for (int c : counts) EXPECT_NEAR(c, n / 10, 5 * 94.9);
}

}  // namespace
}  // namespace servesim::core

namespace servesim::core {
namespace {

TEST(RngStream, UniformExtremesStayInsideOpenInterval) {
  // The largest and smallest values uniform_open01 can produce, computed as it does.
  const double top = (static_cast<double>((~0ULL) >> 12) + 0.5) * 0x1.0p-52;
  const double bottom = 0.5 * 0x1.0p-52;
  EXPECT_LT(top, 1.0);
  EXPECT_GT(bottom, 0.0);
}

}  // namespace
}  // namespace servesim::core
