// File: tests/io/did_you_mean_test.cpp
#include "sim/io/did_you_mean.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace servesim::io {
namespace {

TEST(DidYouMean, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("replicatoins", "replications"), 1u);  // one swap
  EXPECT_EQ(edit_distance("replicatons", "replications"), 1u);   // one insertion
}

TEST(DidYouMean, SuggestsOnlyLikelyTypos) {
  const std::vector<std::string> keys = {"requests", "warmup", "replications"};
  EXPECT_EQ(closest_match("replicatons", keys), "replications");
  EXPECT_EQ(closest_match("warmpu", keys), "warmup");
  EXPECT_EQ(closest_match("zzz", keys), std::nullopt);
  const std::vector<std::string> short_keys = {"k", "r", "delay"};
  EXPECT_EQ(closest_match("x", short_keys), std::nullopt);  // a 1-letter typo is not a hint
  EXPECT_EQ(closest_match("kk", short_keys), "k");
}

TEST(DidYouMean, UnknownNameMessage) {
  const std::vector<std::string> names = {"shared", "per_instance"};
  EXPECT_EQ(unknown_name_message("queue", "shard", names),
            "unknown queue 'shard' (did you mean 'shared'?); valid: shared, per_instance");
  EXPECT_EQ(unknown_name_message("queue", "fifo", names),
            "unknown queue 'fifo'; valid: shared, per_instance");
}

}  // namespace
}  // namespace servesim::io
