// File: sim/core/slot_pool.hpp
//
// A free-list of reusable slots: requests and tasks in flight live here, so memory is bounded by
// the number in flight, not by the number simulated, and nothing is allocated per request once
// the pool has grown to the working set.
#pragma once

#include <cstdint>
#include <vector>

namespace servesim::core {

template <class T>
class SlotPool {
 public:
  std::uint32_t acquire() {
    if (!free_.empty()) {
      const std::uint32_t slot = free_.back();
      free_.pop_back();
      slots_[slot] = T{};
      ++live_;
      return slot;
    }
    slots_.emplace_back();
    ++live_;
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  // REQUIRES: slot was acquired and not yet released.
  void release(std::uint32_t slot) {
    free_.push_back(slot);
    --live_;
  }
  T& operator[](std::uint32_t slot) { return slots_[slot]; }
  const T& operator[](std::uint32_t slot) const { return slots_[slot]; }
  std::size_t live() const { return live_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  std::vector<T> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace servesim::core
