// File: tests/io/hardware_split_test.cpp
//
// hardware.instances: the split of N instances for each redundancy kind, by hand.
#include "sim/io/hardware_split.hpp"

#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace servesim::io {
namespace {

TEST(HardwareSplit, OnePoolKindsGetAllInstances) {
  for (const char* kind : {"none", "equal_resources", "replicate", "hedge"}) {
    const HardwareSplit split = split_hardware(16, kind, 4, 1);
    EXPECT_EQ(split.first, 16) << kind;
    EXPECT_EQ(split.second, 0) << kind;
  }
}

TEST(HardwareSplit, ParityRoundsTheDeployedPoolDown) {
  // 16 GPUs: k = 2 -> floor(32/3) = 10 + 6; k = 3 -> 12 + 4; k = 4 -> floor(64/5) = 12 + 4.
  EXPECT_EQ(split_hardware(16, "parity", 2, 1).first, 10);
  EXPECT_EQ(split_hardware(16, "parity", 2, 1).second, 6);
  EXPECT_EQ(split_hardware(16, "parity", 3, 1).first, 12);
  EXPECT_EQ(split_hardware(16, "parity", 4, 1).first, 12);
  EXPECT_EQ(split_hardware(16, "parity", 4, 1).second, 4);
  EXPECT_EQ(split_hardware(16, "parity", 4, 2).first, 10);  // floor(64/6)
}

TEST(HardwareSplit, BackupSplitsAsParityWithOneUnit) {
  EXPECT_EQ(split_hardware(14, "backup", 6, 3).first, 12);  // floor(84/7); r is ignored
  EXPECT_EQ(split_hardware(14, "backup", 6, 3).second, 2);
}

TEST(HardwareSplit, TooFewInstancesAreRefused) {
  EXPECT_THROW(split_hardware(1, "parity", 2, 1), core::ConfigError);
}

}  // namespace
}  // namespace servesim::io
