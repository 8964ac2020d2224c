// Counts heap allocations made by this process while a window is open, through a replaced
// global operator new; a benchmark::MemoryManager reports the same counts to Google Benchmark.
// Benchmarks open the window around their timed loop only, so start-up (pools, streams) is not
// counted and a steady-state figure of 0 means the loop itself never allocated.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

namespace twinmatch::bench {

struct AllocCounts {
  std::uint64_t allocations = 0;
  std::uint64_t bytes = 0;
};

// Opens (true) or closes (false) the counting window.
void count_allocations(bool open);
AllocCounts allocation_counts();
void reset_allocation_counts();

class CountingMemoryManager final : public benchmark::MemoryManager {
public:
  void Start() override { reset_allocation_counts(); }
  void Stop(Result* result) override { Stop(*result); }
  void Stop(Result& result) override {
    const AllocCounts counts = allocation_counts();
    result.num_allocs = static_cast<std::int64_t>(counts.allocations);
    result.total_allocated_bytes = static_cast<std::int64_t>(counts.bytes);
    result.max_bytes_used = static_cast<std::int64_t>(counts.bytes);
  }
};

// Adds allocs_per_op and bytes_per_op counters for `ops` operations of the window just closed.
void report_allocations(benchmark::State& state, double ops);

} // namespace twinmatch::bench
