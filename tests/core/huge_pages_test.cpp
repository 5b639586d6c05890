// File: tests/core/huge_pages_test.cpp
//
// HugePageAllocator / allocate_large: small blocks keep their type's alignment, blocks of 2 MiB
// and more are 2 MiB aligned, a vector growing across the threshold keeps its contents, the
// portable path (operator new) serves the same contract, and on Linux a large block is marked
// for huge pages (the "hg" flag of its mapping in /proc/self/smaps). Whether the kernel then
// backs it with huge pages depends on the system, so that is not asserted (docs/performance.md
// has the measured AnonHugePages).
#include "sim/core/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace servesim::core {
namespace {

bool aligned_to(const void* block, std::size_t align) {
  return reinterpret_cast<std::uintptr_t>(block) % align == 0;
}

struct alignas(64) Line {
  std::uint64_t words[8];
};

TEST(HugePages, VectorGrowingPastTheThresholdKeepsItsContents) {
  HugeVector<std::uint64_t> values;
  const std::uint64_t count = 3 * kHugePageBytes / sizeof(std::uint64_t);  // 6 MiB
  bool saw_small = false;
  for (std::uint64_t index = 0; index < count; ++index) {
    values.push_back(index * 0x9E3779B97F4A7C15ULL);
    if (!takes_huge_pages(values.capacity() * sizeof(std::uint64_t))) saw_small = true;
  }
  EXPECT_TRUE(saw_small);  // it started in ordinary memory
  ASSERT_TRUE(takes_huge_pages(values.capacity() * sizeof(std::uint64_t)));
  EXPECT_TRUE(aligned_to(values.data(), kHugePageBytes));
  for (std::uint64_t index = 0; index < count; ++index)
    ASSERT_EQ(values[index], index * 0x9E3779B97F4A7C15ULL) << index;
  values.resize(10);
  values.shrink_to_fit();  // back below the threshold: an ordinary block again
  EXPECT_EQ(values[9], 9 * 0x9E3779B97F4A7C15ULL);
}

TEST(HugePages, OverAlignedTypesKeepTheirAlignment) {
  HugeVector<Line> small(3);
  EXPECT_TRUE(aligned_to(small.data(), 64));
  HugeVector<Line> large(kHugePageBytes / sizeof(Line) + 1);  // just past 2 MiB
  EXPECT_TRUE(aligned_to(large.data(), kHugePageBytes));
  large.back().words[7] = 42;  // the part past the first 2 MiB page is usable
  EXPECT_EQ(large.back().words[7], 42u);
}

TEST(HugePages, PortablePathServesTheSameContract) {
  const std::size_t large = kHugePageBytes + 4096;
  void* const block = huge_pages_detail::allocate_ordinary(large, alignof(std::uint64_t));
  EXPECT_TRUE(aligned_to(block, kHugePageBytes));
  std::memset(block, 0xAB, large);
  EXPECT_EQ(static_cast<unsigned char*>(block)[large - 1], 0xAB);
  huge_pages_detail::deallocate_ordinary(block, large, alignof(std::uint64_t));

  void* const line = huge_pages_detail::allocate_ordinary(3 * sizeof(Line), alignof(Line));
  EXPECT_TRUE(aligned_to(line, alignof(Line)));
  huge_pages_detail::deallocate_ordinary(line, 3 * sizeof(Line), alignof(Line));
}

#if defined(__linux__)
// The VmFlags line of the mapping that holds `address`, from /proc/self/smaps.
std::string vm_flags_of(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto target = reinterpret_cast<std::uintptr_t>(address);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t low = 0;
    std::uintptr_t high = 0;
    char dash = 0;
    std::istringstream header(line);
    if (header >> std::hex >> low >> dash >> high && dash == '-') {
      inside = low <= target && target < high;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(HugePages, LargeBlocksAreMarkedForHugePagesOnLinux) {
  if (!kMapsHugePages)
    GTEST_SKIP() << "AddressSanitizer build: large blocks come from operator new";
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage"))
    GTEST_SKIP() << "kernel without transparent huge pages";
  const std::size_t bytes = 2 * kHugePageBytes;
  void* const block = allocate_large(bytes, alignof(std::uint64_t));
  EXPECT_TRUE(aligned_to(block, kHugePageBytes));
  std::memset(block, 1, bytes);
  EXPECT_NE(vm_flags_of(block).find(" hg"), std::string::npos) << vm_flags_of(block);
  deallocate_large(block, bytes, alignof(std::uint64_t));

  void* const small = allocate_large(4096, alignof(std::uint64_t));
  EXPECT_EQ(vm_flags_of(small).find(" hg"), std::string::npos) << vm_flags_of(small);
  deallocate_large(small, 4096, alignof(std::uint64_t));
}
#endif

}  // namespace
}  // namespace servesim::core
