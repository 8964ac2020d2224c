// Per-operation timing with the time-stamp counter: lfence-ordered rdtsc reads, converted to
// nanoseconds with a rate measured against steady_clock at start-up.
#pragma once

#include <x86intrin.h>

#include <chrono>
#include <cstdint>
#include <thread>

namespace twinmatch::bench {

inline std::uint64_t tsc_now() {
  _mm_lfence();
  const std::uint64_t ticks = __rdtsc();
  _mm_lfence();
  return ticks;
}

// Nanoseconds per TSC tick, measured once over 50 ms.
inline double ns_per_tick() {
  static const double value = [] {
    const auto wall_start = std::chrono::steady_clock::now();
    const std::uint64_t tick_start = tsc_now();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::uint64_t tick_end = tsc_now();
    const auto wall_end = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::nano>(wall_end - wall_start).count() /
           static_cast<double>(tick_end - tick_start);
  }();
  return value;
}

} // namespace twinmatch::bench
