#include "alloc_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace twinmatch::bench {
namespace {

std::atomic<bool> window_open{false};
std::atomic<std::uint64_t> allocations{0};
std::atomic<std::uint64_t> bytes{0};

void* counted_allocate(std::size_t size) {
  if (window_open.load(std::memory_order_relaxed)) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(size, std::memory_order_relaxed);
  }
  void* memory = std::malloc(size == 0 ? 1 : size);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}

} // namespace

void count_allocations(bool open) { window_open.store(open, std::memory_order_relaxed); }

AllocCounts allocation_counts() { return AllocCounts{allocations.load(), bytes.load()}; }

void reset_allocation_counts() {
  allocations.store(0);
  bytes.store(0);
}

void report_allocations(benchmark::State& state, double ops) {
  const AllocCounts counts = allocation_counts();
  state.counters["allocs_per_op"] = ops > 0 ? static_cast<double>(counts.allocations) / ops : 0.0;
  state.counters["bytes_per_op"] = ops > 0 ? static_cast<double>(counts.bytes) / ops : 0.0;
}

} // namespace twinmatch::bench

void* operator new(std::size_t size) { return twinmatch::bench::counted_allocate(size); }
void* operator new[](std::size_t size) { return twinmatch::bench::counted_allocate(size); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
