#include "twinmatch/sw/order_book.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>

namespace twinmatch::sw {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

} // namespace

template <class T>
OrderBook::Pool<T>::Pool(std::size_t count) {
  const std::size_t bytes = count * sizeof(T);
  // Large pools are rounded up to whole huge pages so the kernel can back all of it with them.
  const std::size_t unit = bytes >= kHugePage ? kHugePage : 4096;
  bytes_ = (std::max<std::size_t>(bytes, 1) + unit - 1) / unit * unit;
  void* memory = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  madvise(memory, bytes_, MADV_HUGEPAGE); // a hint; without it the pool still works
  data_ = static_cast<T*>(memory);
}

void unmap_pool(void* memory, std::size_t bytes) {
  if (memory != nullptr) munmap(memory, bytes);
}

template class OrderBook::Pool<Order>;
template class OrderBook::Pool<Level>;
template class OrderBook::Pool<std::uint64_t>;
template class OrderBook::Pool<std::uint32_t>;

namespace {

const CoreConfig& checked(const CoreConfig& config) {
  check_config(config);
  return config;
}

std::size_t side_count(const CoreConfig& config) { return std::size_t{config.symbols} * 2; }

// Each side's block of levels is price_levels long, rounded up so that it spans an odd number
// of cache lines. A power-of-two price range (16384 levels: 384 KiB a side) would otherwise
// start every side at the same cache set, and the levels near the touch of every book would
// compete for the few ways of the same sets of L1 and L2.
std::size_t level_stride(const CoreConfig& config) {
  static_assert(sizeof(Level) == 24 && 8 * sizeof(Level) == 3 * 64); // 8 levels are 3 lines
  std::size_t eights = (std::size_t{config.price_levels} + 7) / 8;   // 3 lines each
  if (eights % 2 == 0) ++eights;                                     // an odd count of 3 lines
  return eights * 8;
}

} // namespace

void check_config(const CoreConfig& config) {
  // Symbols travel in 16 bits; handle and price 0xFFFFFFFF are the engine's "none" markers.
  if (config.symbols == 0 || config.symbols > 65536)
    throw std::invalid_argument("symbols must be 1..65536, got " + std::to_string(config.symbols));
  if (config.price_levels == 0) throw std::invalid_argument("price_levels must be 1..2^32-1");
  if (config.handles == 0 || config.handles == 0xFFFFFFFFu)
    throw std::invalid_argument("handles must be 1..2^32-2");
  if (config.max_quantity == 0) throw std::invalid_argument("max_quantity must be at least 1");
  // Levels are kept for every price of every side: refuse sizes whose pools could not be mapped.
  const double level_bytes = 2.0 * config.symbols * config.price_levels * sizeof(Level);
  if (level_bytes > double(std::uint64_t{1} << 40))
    throw std::invalid_argument("symbols * price_levels needs more than 1 TiB of levels");
}

OrderBook::OrderBook(const CoreConfig& config)
    : config_(checked(config)), level_stride_(level_stride(config)), shape_(config.price_levels),
      orders_(config.handles), levels_(side_count(config) * level_stride_),
      bitmap_words_(side_count(config) * shape_.words()), best_(side_count(config)),
      side_bases_(side_count(config)), last_side_(static_cast<std::uint32_t>(side_count(config) - 1)) {
  for (std::size_t side = 0; side < side_count(config); ++side) best_.get()[side] = kNoPrice;
}

void OrderBook::move_band(std::uint32_t symbol, std::uint32_t base) {
  // The dense levels sit at their offset into the band: slide the kept ones by the move, clear
  // what the move uncovers and set the bitmap again from the levels.
  const std::uint32_t old_base = this->base(symbol);
  const std::uint32_t width = config_.price_levels;
  for (std::uint8_t side = 0; side < 2; ++side) {
    const std::uint32_t index = side_index(symbol, side);
    Level* block = levels_.get() + std::size_t{index} * level_stride_;
    if (base > old_base) {
      const std::uint32_t shift = std::min(base - old_base, width);
      std::copy(block + shift, block + width, block);
      std::fill(block + (width - shift), block + width, Level{});
    } else if (base < old_base) {
      const std::uint32_t shift = std::min(old_base - base, width);
      std::copy_backward(block, block + (width - shift), block + width);
      std::fill(block, block + shift, Level{});
    }
    side_bases_.get()[index] = base;
    std::fill_n(bitmap_words_.get() + std::size_t{index} * shape_.words(), shape_.words(), 0);
    best_.get()[index] = kNoPrice;
    for (std::uint32_t offset = 0; offset < width; ++offset)
      if (block[offset].count != 0) mark_non_empty(index, base + offset);
  }
}

bool OrderBook::prefault() {
  const double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
  const double pools = static_cast<double>(pool_bytes());
  if (physical <= 0 || pools > physical / 2) return false;
  const auto touch = [](void* memory, std::size_t bytes) {
    auto* volatile_bytes = static_cast<volatile unsigned char*>(memory);
    for (std::size_t offset = 0; offset < bytes; offset += 4096) volatile_bytes[offset] = volatile_bytes[offset];
  };
  touch(orders_.get(), orders_.bytes());
  touch(levels_.get(), levels_.bytes());
  touch(bitmap_words_.get(), bitmap_words_.bytes());
  return true;
}

std::size_t OrderBook::levels(std::uint32_t symbol, Side side, std::span<LevelView> out) const {
  if (symbol >= config_.symbols) return 0;
  const std::uint32_t index = side_index(symbol, static_cast<std::uint8_t>(side));
  std::size_t written = 0;
  if (out.empty()) return 0;
  visit_levels(index, [&](std::uint32_t price) {
    const Level& l = level(index, price);
    out[written++] = LevelView{price, l.count, l.quantity};
    return written < out.size();
  });
  return written;
}

} // namespace twinmatch::sw
