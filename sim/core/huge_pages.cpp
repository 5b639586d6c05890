// File: sim/core/huge_pages.cpp
#include "sim/core/huge_pages.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace servesim::core {
namespace {

std::size_t round_up(std::size_t bytes, std::size_t to) { return (bytes + to - 1) & ~(to - 1); }

// A block of `bytes` from operator new aligns to `align` only when asked to beyond the default.
bool needs_aligned_new(std::size_t align) { return align > __STDCPP_DEFAULT_NEW_ALIGNMENT__; }

#if defined(__linux__)
// Maps round_up(bytes, 2 MiB) bytes at a 2 MiB boundary: one page more is mapped and the
// unaligned ends are unmapped again. The madvise result is ignored on purpose: where transparent
// huge pages are off or missing the block is ordinary memory, which is all a caller relies on.
// Not used under AddressSanitizer (kMapsHugePages), which puts no redzones around a mapping.
void* map_huge(std::size_t bytes) {
  const std::size_t length = round_up(bytes, kHugePageBytes);
  const std::size_t padded = length + kHugePageBytes;
  void* const mapped =
      ::mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = round_up(start, kHugePageBytes);
  if (aligned > start) ::munmap(mapped, aligned - start);
  const std::uintptr_t end = start + padded;
  if (end > aligned + length)
    ::munmap(reinterpret_cast<void*>(aligned + length), end - aligned - length);
  ::madvise(reinterpret_cast<void*>(aligned), length, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}
#endif

}  // namespace

namespace huge_pages_detail {

void* allocate_ordinary(std::size_t bytes, std::size_t align) {
  if (takes_huge_pages(bytes) && align < kHugePageBytes) align = kHugePageBytes;
  if (needs_aligned_new(align)) return ::operator new (bytes, std::align_val_t{align});
  return ::operator new(bytes);
}

void deallocate_ordinary(void* block, std::size_t bytes, std::size_t align) noexcept {
  if (takes_huge_pages(bytes) && align < kHugePageBytes) align = kHugePageBytes;
  if (needs_aligned_new(align)) {
    ::operator delete (block, std::align_val_t{align});
  } else {
    ::operator delete(block);
  }
}

}  // namespace huge_pages_detail

void* allocate_large(std::size_t bytes, std::size_t align) {
#if defined(__linux__)
  if (kMapsHugePages && takes_huge_pages(bytes) && align <= kHugePageBytes) return map_huge(bytes);
#endif
  return huge_pages_detail::allocate_ordinary(bytes, align);
}

void deallocate_large(void* block, std::size_t bytes, std::size_t align) noexcept {
#if defined(__linux__)
  if (kMapsHugePages && takes_huge_pages(bytes) && align <= kHugePageBytes) {
    ::munmap(block, round_up(bytes, kHugePageBytes));
    return;
  }
#endif
  huge_pages_detail::deallocate_ordinary(block, bytes, align);
}

}  // namespace servesim::core
