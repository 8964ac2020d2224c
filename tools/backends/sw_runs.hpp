// The sw backend's two ways to run, each in a translation unit of its own: run() on the whole
// stream (sw_backend.cpp) and run_streaming() a chunk at a time (sw_streaming.cpp). Each
// instantiates the core for its own sink; with both in one unit GCC inlined less of the first
// (the perf guard's probe, which times run(), read 431 instructions per command against 377).
#pragma once

#include <chrono>
#include <cstdint>

#include "twinmatch/config.hpp"
#include "twinmatch/tools/backend.hpp"

namespace twinmatch::tools::sw_runs {

inline double elapsed_ns(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double, std::nano>(to - from).count();
}

// match_ns is the core's work alone: no setup, no reading, no writing.
void add_figures(Metrics& metrics, double setup_ns, double match_ns, std::uint64_t commands);

void run_streaming(const CoreConfig& config, CommandInput& commands, EventOutput& events, Metrics& metrics);

} // namespace twinmatch::tools::sw_runs
