// File: tests/core/index_set_test.cpp
//
// IndexSet against a plain vector<bool> under random inserts and erases (a differential test):
// membership, size, the k-th member, and the (cyclic) successor query, over universes that
// span one, two and three bitset levels.
#include "sim/core/index_set.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "sim/core/rng.hpp"

namespace servesim::core {
namespace {

std::uint32_t naive_next(const std::vector<bool>& member, std::uint32_t start) {
  for (std::uint32_t idx = start; idx < member.size(); ++idx) {
    if (member[idx]) return idx;
  }
  return IndexSet::kNone;
}

TEST(IndexSet, MatchesNaiveSetUnderRandomOperations) {
  RngStream rng(7, 0, "index_set_test");
  for (std::uint32_t universe : {1u, 5u, 64u, 65u, 200u, 4096u, 4097u, 70000u}) {
    for (bool full : {false, true}) {
      IndexSet set(universe, full);
      std::vector<bool> member(universe, full);
      std::uint32_t count = full ? universe : 0;
      // Bias towards inserts or erases in phases, so the set runs near empty and near full.
      for (int op = 0; op < 3000; ++op) {
        const bool grow = (op / 500) % 2 == (full ? 1 : 0);
        const auto idx = static_cast<std::uint32_t>(rng.uniform_index(universe));
        if (rng.uniform_open01() < (grow ? 0.8 : 0.2)) {
          set.insert(idx);
          count += member[idx] ? 0 : 1;
          member[idx] = true;
        } else {
          set.erase(idx);
          count -= member[idx] ? 1 : 0;
          member[idx] = false;
        }
        ASSERT_EQ(set.size(), count);
        const auto probe = static_cast<std::uint32_t>(rng.uniform_index(universe));
        ASSERT_EQ(set.contains(probe), member[probe]);
        ASSERT_EQ(set.next_at_or_after(probe), naive_next(member, probe)) << universe;
        const std::uint32_t cyclic = naive_next(member, probe) != IndexSet::kNone
                                         ? naive_next(member, probe)
                                         : naive_next(member, 0);
        ASSERT_EQ(set.next_cyclic(probe), cyclic);
      }
      // The dense view lists each member exactly once.
      std::set<std::uint32_t> listed;
      for (std::uint32_t k = 0; k < set.size(); ++k) listed.insert(set.at(k));
      ASSERT_EQ(listed.size(), count);
      for (std::uint32_t idx : listed) ASSERT_TRUE(member[idx]);
      ASSERT_EQ(set.next_at_or_after(universe), IndexSet::kNone);
    }
  }
}

TEST(IndexSet, EmptySetHasNoSuccessor) {
  IndexSet set(300);
  EXPECT_EQ(set.next_cyclic(17), IndexSet::kNone);
  set.insert(3);
  EXPECT_EQ(set.next_cyclic(17), 3u);
  EXPECT_EQ(set.next_at_or_after(17), IndexSet::kNone);
}

}  // namespace
}  // namespace servesim::core
