// File: sim/run/parallel_for.cpp
#include "sim/run/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace servesim::run {

void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& body) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  const auto worker = [&] {
    while (!failed.load()) {
      const std::size_t index = next.fetch_add(1);
      if (index >= count) return;
      try {
        body(index);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const std::size_t threads =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), count);
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (std::size_t idx = 0; idx < threads; ++idx) pool.emplace_back(worker);
    for (auto& thread : pool) thread.join();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace servesim::run
