// File: sim/core/slot_pool.hpp
//
// A free-list of reusable slots: requests and tasks in flight live here, so memory is bounded by
// the number in flight, not by the number simulated, and nothing is allocated per request once
// the pool has grown to the working set.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/huge_pages.hpp"

namespace servesim::core {

template <class T>
class SlotPool {
 public:
  std::uint32_t acquire() {
    if (!free_.empty()) {
      const std::uint32_t slot = free_.back();
      free_.pop_back();
      // A T with reuse() resets itself keeping its buffers (no allocation per reuse).
      if constexpr (requires(T& value) { value.reuse(); }) {
        slots_[slot].reuse();
      } else {
        slots_[slot] = T{};
      }
      ++live_;
      mark(slot, true);
      return slot;
    }
    slots_.emplace_back();
    ++live_;
    mark(static_cast<std::uint32_t>(slots_.size() - 1), true);
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  // REQUIRES: slot was acquired and not yet released. Checked in debug builds: a second release
  // would put the slot on the free list twice, and two later requests (or tasks) would then
  // share it. Releasing a request's slot is how the frontend answers it, so this is also the
  // per-request half of "every request is answered exactly once" (docs/hardening.md).
  void release(std::uint32_t slot) {
    mark(slot, false);
    free_.push_back(slot);
    --live_;
  }
  T& operator[](std::uint32_t slot) { return slots_[slot]; }
  const T& operator[](std::uint32_t slot) const { return slots_[slot]; }
  std::size_t live() const { return live_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  void mark([[maybe_unused]] std::uint32_t slot, [[maybe_unused]] bool live) {
#ifndef NDEBUG
    if (slot >= acquired_.size()) acquired_.resize(slot + 1, 0);
    SERVESIM_ASSERT(acquired_[slot] != live, live ? "slot acquired twice" : "slot released twice");
    acquired_[slot] = live;
#endif
  }

  HugeVector<T> slots_;  // huge pages once large: slots are touched at random
#ifndef NDEBUG
  std::vector<std::uint8_t> acquired_;  // debug builds: 1 while a slot is acquired
#endif
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace servesim::core
