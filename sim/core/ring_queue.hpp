// File: sim/core/ring_queue.hpp
//
// A growable ring buffer used for FIFO queues on the hot path. Unlike std::deque it allocates
// only when it grows past its largest size so far, and it supports push_front, which failure
// handling needs to put interrupted work back at the head of a queue. It is 24 bytes (a pointer
// and three 32-bit counts), so a per-instance queue fits in its instance's cache line beside the
// fields every batch reads (cluster/instance_pool.hpp, issue 16).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "sim/core/error.hpp"

namespace servesim::core {

template <class T>
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  T& front() { return buffer_[head_]; }
  const T& operator[](std::size_t i) const { return buffer_[(head_ + i) & mask_]; }
  T& operator[](std::size_t i) { return buffer_[(head_ + i) & mask_]; }

  void push_back(const T& value) {
    if (size_ == capacity_) grow();
    buffer_[(head_ + size_) & mask_] = value;
    ++size_;
  }
  void push_front(const T& value) {
    if (size_ == capacity_) grow();
    head_ = (head_ + mask_) & mask_;
    buffer_[head_] = value;
    ++size_;
  }
  // REQUIRES: !empty().
  T pop_front() {
    T value = buffer_[head_];
    head_ = (head_ + 1) & mask_;
    --size_;
    return value;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  void grow() {
    SERVESIM_ASSERT(capacity_ < (std::uint32_t{1} << 31), "a queue of over 2^31 entries");
    const std::uint32_t capacity = capacity_ == 0 ? 16 : capacity_ * 2;
    auto bigger = std::make_unique<T[]>(capacity);
    for (std::uint32_t i = 0; i < size_; ++i) bigger[i] = buffer_[(head_ + i) & mask_];
    buffer_ = std::move(bigger);
    capacity_ = capacity;
    head_ = 0;
    mask_ = capacity - 1;
  }

  std::unique_ptr<T[]> buffer_;
  std::uint32_t capacity_ = 0;  // a power of two, or 0 before the first push
  std::uint32_t head_ = 0;
  std::uint32_t size_ = 0;
  std::uint32_t mask_ = 0;
};

}  // namespace servesim::core
