// Counts every heap allocation through the global operator new of this process (the one
// replacement lives in alloc_counter.cpp, the twinmatch_alloc_counter library). Memory taken with
// malloc directly (C code) is not seen. Two ways to read it:
//   - allocations_so_far(): running totals; a measurement takes the difference around a run;
//   - a counting window (count_allocations(true/false), allocation_counts(), reset): only what
//     happens while the window is open counts, so a benchmark can leave its set-up out, and a
//     benchmark::MemoryManager reports the same counts to Google Benchmark.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

namespace twinmatch::bench {

struct AllocationCount {
  std::uint64_t allocations = 0;
  std::uint64_t bytes = 0; // bytes requested
};
using AllocCounts = AllocationCount;

AllocationCount allocations_so_far();

// Opens (true) or closes (false) the counting window.
void count_allocations(bool open);
AllocCounts allocation_counts(); // while the window was open, since the last reset
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
