// The replacement global operator new/delete that feeds allocations_so_far(). Relaxed atomic
// counters: a few nanoseconds per allocation, and correct if a backend allocates on a thread.
// The counting window is kept on top of the running totals (benchmarks open it on one thread).
#include "alloc_counter.hpp"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::uint64_t> g_bytes{0};

void* counted_allocate(std::size_t size, std::size_t alignment) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(size, std::memory_order_relaxed);
  const std::size_t bytes = size == 0 ? 1 : size;
  if (alignment <= alignof(std::max_align_t)) return std::malloc(bytes);
  return std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment);
}

void* allocate_or_throw(std::size_t size, std::size_t alignment) {
  void* memory = counted_allocate(size, alignment);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}

} // namespace

namespace twinmatch::bench {

AllocationCount allocations_so_far() {
  return {g_allocations.load(std::memory_order_relaxed), g_bytes.load(std::memory_order_relaxed)};
}

namespace {

bool g_window_open = false;
AllocationCount g_window_start;  // the running totals when the window last opened
AllocationCount g_window_counts; // of the windows closed since the last reset

AllocationCount minus(AllocationCount later, AllocationCount earlier) {
  return {later.allocations - earlier.allocations, later.bytes - earlier.bytes};
}

} // namespace

void count_allocations(bool open) {
  if (open == g_window_open) return;
  const AllocationCount now = allocations_so_far();
  if (open) {
    g_window_start = now;
  } else {
    const AllocationCount during = minus(now, g_window_start);
    g_window_counts.allocations += during.allocations;
    g_window_counts.bytes += during.bytes;
  }
  g_window_open = open;
}

AllocCounts allocation_counts() {
  AllocationCount counts = g_window_counts;
  if (g_window_open) {
    const AllocationCount during = minus(allocations_so_far(), g_window_start);
    counts.allocations += during.allocations;
    counts.bytes += during.bytes;
  }
  return counts;
}

void reset_allocation_counts() {
  g_window_counts = {};
  if (g_window_open) g_window_start = allocations_so_far();
}

void report_allocations(benchmark::State& state, double ops) {
  const AllocCounts counts = allocation_counts();
  state.counters["allocs_per_op"] = ops > 0 ? static_cast<double>(counts.allocations) / ops : 0.0;
  state.counters["bytes_per_op"] = ops > 0 ? static_cast<double>(counts.bytes) / ops : 0.0;
}

} // namespace twinmatch::bench

constexpr std::size_t kDefault = alignof(std::max_align_t);

void* operator new(std::size_t size) { return allocate_or_throw(size, kDefault); }
void* operator new[](std::size_t size) { return allocate_or_throw(size, kDefault); }
void* operator new(std::size_t size, std::align_val_t align) {
  return allocate_or_throw(size, static_cast<std::size_t>(align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return allocate_or_throw(size, static_cast<std::size_t>(align));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocate(size, kDefault);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocate(size, kDefault);
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_allocate(size, static_cast<std::size_t>(align));
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_allocate(size, static_cast<std::size_t>(align));
}

void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete(void* memory, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(memory);
}
void operator delete[](void* memory, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(memory);
}
