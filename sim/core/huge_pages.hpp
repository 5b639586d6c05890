// File: sim/core/huge_pages.hpp
//
// Memory for the arrays that grow with the cluster (instance records, the event heap and its
// payloads, task and request tables), backed by 2 MiB pages where the system allows it.
//
// At 10^5 instances a request touches tens of MB of state at random, so with 4 KiB pages nearly
// every such access also misses the TLB (its reach is a few MB); a 2 MiB page covers 512 times
// as much. Linux gives an anonymous mapping huge pages when it is 2 MiB aligned and marked with
// madvise(MADV_HUGEPAGE) (transparent huge pages in "madvise" mode, the default of many
// distributions; in "always" mode the mark changes nothing, in "never" mode nothing gets them).
// So a block of at least kHugePageBytes is mapped on its own, 2 MiB aligned and rounded up to
// whole 2 MiB pages, and marked; a smaller block comes from operator new as usual (huge pages
// would waste most of a page on it). Where the mark is refused, or off Linux, the block is still
// returned and works as ordinary memory: huge pages change speed, never contents.
//
// Memory cost: a block of b >= 2 MiB bytes reserves b rounded up to 2 MiB, and once touched it is
// resident in whole 2 MiB pages (at most 2 MiB per block more than with 4 KiB pages).
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace servesim::core {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Whether large blocks are mapped on their own: on Linux, except under AddressSanitizer, which
// guards both ends of operator new's blocks but not of a mapping (an overrun would only be
// caught past the mapping's end), so sanitizer builds keep checking every array.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kMapsHugePages = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kMapsHugePages = false;
#else
inline constexpr bool kMapsHugePages = true;
#endif
#else
inline constexpr bool kMapsHugePages = true;
#endif

// `bytes` bytes aligned to `align` (a power of two): at least kHugePageBytes => 2 MiB aligned,
// mapped on its own and offered huge pages. Throws std::bad_alloc when out of memory.
void* allocate_large(std::size_t bytes, std::size_t align);
// Frees a block from allocate_large(bytes, align), with the same bytes and align.
void deallocate_large(void* block, std::size_t bytes, std::size_t align) noexcept;
// Whether allocate_large(bytes, ...) maps the block on its own and offers it huge pages.
constexpr bool takes_huge_pages(std::size_t bytes) { return bytes >= kHugePageBytes; }

namespace huge_pages_detail {
// The portable path, taken for small blocks everywhere and for all blocks off Linux: operator
// new with the alignment (2 MiB for a block that takes_huge_pages). Exposed for its test.
void* allocate_ordinary(std::size_t bytes, std::size_t align);
void deallocate_ordinary(void* block, std::size_t bytes, std::size_t align) noexcept;
}  // namespace huge_pages_detail

// An std::allocator-compatible allocator over allocate_large: a std::vector with it keeps its
// small early capacities in ordinary memory and its large ones in huge pages.
template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: rebinding is implicit

  T* allocate(std::size_t count) {
    if (count > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(allocate_large(count * sizeof(T), alignof(T)));
  }
  void deallocate(T* block, std::size_t count) noexcept {
    deallocate_large(block, count * sizeof(T), alignof(T));
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;  // stateless: any one frees what another allocated
  }
};

template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace servesim::core
