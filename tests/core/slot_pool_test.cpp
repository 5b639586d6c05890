// File: tests/core/slot_pool_test.cpp
//
// SlotPool: released slots are reused and come back value-initialised; in debug builds (and the
// asan preset) releasing a slot twice is a simulator bug that stops the run with exit 1, since
// the slot would otherwise be handed to two owners (two requests answered through one slot).
#include "sim/core/slot_pool.hpp"

#include <gtest/gtest.h>

namespace servesim::core {
namespace {

struct Item {
  int value = 7;
};

TEST(SlotPool, ReleasedSlotsAreReusedAndReset) {
  SlotPool<Item> pool;
  const std::uint32_t first = pool.acquire();
  const std::uint32_t second = pool.acquire();
  EXPECT_NE(first, second);
  pool[first].value = 42;
  EXPECT_EQ(pool.live(), 2u);
  pool.release(first);
  EXPECT_EQ(pool.live(), 1u);
  const std::uint32_t again = pool.acquire();
  EXPECT_EQ(again, first);
  EXPECT_EQ(pool[again].value, 7);
  EXPECT_EQ(pool.capacity(), 2u);
}

TEST(SlotPool, ReleasingTwiceIsAnInternalErrorInDebugBuilds) {
#ifdef NDEBUG
  GTEST_SKIP() << "checked only without NDEBUG (debug and asan presets)";
#else
  EXPECT_EXIT(
      {
        SlotPool<Item> pool;
        const std::uint32_t slot = pool.acquire();
        pool.release(slot);
        pool.release(slot);
      },
      testing::ExitedWithCode(1), "slot released twice");
#endif
}

}  // namespace
}  // namespace servesim::core
