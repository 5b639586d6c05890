// File: tests/core/min_tree_test.cpp
//
// MinTree against a plain array under random key changes (a differential test): the minimum
// and "first index at or after start with key <= bound", for sizes around powers of two.
#include "sim/core/min_tree.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/core/rng.hpp"

namespace servesim::core {
namespace {

TEST(MinTree, MatchesNaiveArrayUnderRandomOperations) {
  RngStream rng(11, 0, "min_tree_test");
  for (std::uint32_t size : {1u, 2u, 3u, 8u, 9u, 100u, 1024u, 1500u}) {
    MinTree tree(size, 5);
    std::vector<std::uint64_t> keys(size, 5);
    for (int op = 0; op < 3000; ++op) {
      const auto idx = static_cast<std::uint32_t>(rng.uniform_index(size));
      // Few distinct keys, so ties are common; now and then an "infinite" one.
      const std::uint64_t key =
          rng.uniform_open01() < 0.05 ? MinTree::kInfinity : rng.uniform_index(6);
      tree.set(idx, key);
      keys[idx] = key;
      ASSERT_EQ(tree.key(idx), key);
      ASSERT_EQ(tree.min(), *std::min_element(keys.begin(), keys.end()));
      const auto start = static_cast<std::uint32_t>(rng.uniform_index(size + 1));
      const std::uint64_t bound = rng.uniform_index(6);
      std::uint32_t expected = MinTree::kNone;
      for (std::uint32_t probe = start; probe < size; ++probe) {
        if (keys[probe] <= bound) {
          expected = probe;
          break;
        }
      }
      ASSERT_EQ(tree.first_at_most(start, bound), expected) << size;
    }
  }
}

TEST(MinTree, EmptyTreeHasInfiniteMinimum) {
  MinTree tree;
  EXPECT_EQ(tree.min(), MinTree::kInfinity);
  EXPECT_EQ(tree.first_at_most(0, 0), MinTree::kNone);
}

}  // namespace
}  // namespace servesim::core
