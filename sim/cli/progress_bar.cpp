// File: sim/cli/progress_bar.cpp
#include "sim/cli/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace servesim::cli {

namespace {

constexpr int kBarWidth = 24;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

std::string clock_text(double seconds) {
  const auto total = static_cast<long long>(std::llround(std::max(seconds, 0.0)));
  if (total >= 3600)
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

std::string ProgressBar::render(const std::string& label, std::size_t done, std::size_t total,
                                double elapsed_s) {
  const double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(fraction * kBarWidth);
  const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                          std::string(static_cast<std::size_t>(kBarWidth - filled), '.');
  const int width = static_cast<int>(fmt::format("{}", total).size());
  std::string eta = "--:--";
  if (done >= total) {
    eta = "0:00";
  } else if (done > 0) {
    eta = clock_text(elapsed_s * static_cast<double>(total - done) / static_cast<double>(done));
  }
  return fmt::format("{} [{}] {:>{}}/{}  {:3.0f}%  {} elapsed  ETA {}", label, bar, done, width,
                     total, 100.0 * fraction, clock_text(elapsed_s), eta);
}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || finished_) return;
  done_ = done;
  total_ = total;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  draw();
}

void ProgressBar::draw() {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // \r back to the start, \x1b[K clears what a longer earlier line left.
  std::fprintf(stderr, "\r%s\x1b[K", render(label_, done_, total_, elapsed).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  if (!drawn_) return;
  draw();
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

}  // namespace servesim::cli
