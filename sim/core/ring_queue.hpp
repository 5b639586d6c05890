// File: sim/core/ring_queue.hpp
//
// A growable ring buffer used for FIFO queues on the hot path. Unlike std::deque it allocates
// only when it grows past its largest size so far, and it supports push_front, which failure
// handling needs to put interrupted work back at the head of a queue.
#pragma once

#include <cstddef>
#include <vector>

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
    if (size_ == buffer_.size()) grow();
    buffer_[(head_ + size_) & mask_] = value;
    ++size_;
  }
  void push_front(const T& value) {
    if (size_ == buffer_.size()) grow();
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
    const std::size_t capacity = buffer_.empty() ? 16 : buffer_.size() * 2;
    std::vector<T> bigger(capacity);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = buffer_[(head_ + i) & mask_];
    buffer_.swap(bigger);
    head_ = 0;
    mask_ = capacity - 1;
  }

  std::vector<T> buffer_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
};

}  // namespace servesim::core
