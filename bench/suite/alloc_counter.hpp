// Counts every allocation through the global operator new of this process (the replacement
// lives in alloc_counter.cpp), so a measurement can take the difference around a run.
// Memory taken with malloc directly (C code) is not seen.
#pragma once

#include <cstdint>

namespace twinmatch::bench {

struct AllocationCount {
  std::uint64_t allocations = 0;
  std::uint64_t bytes = 0; // bytes requested
};

AllocationCount allocations_so_far();

} // namespace twinmatch::bench
