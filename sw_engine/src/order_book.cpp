#include "twinmatch/sw/order_book.hpp"

#include <new>
#include <stdexcept>
#include <string>

namespace twinmatch::sw {

namespace {

template <class T>
T* zeroed_pool(std::size_t count) {
  void* memory = std::calloc(count, sizeof(T));
  if (memory == nullptr) throw std::bad_alloc();
  return static_cast<T*>(memory);
}

} // namespace

void check_config(const CoreConfig& config) {
  // Symbols travel in 16 bits; handle and price 0xFFFFFFFF are the engine's "none" markers.
  if (config.symbols == 0 || config.symbols > 65536)
    throw std::invalid_argument("symbols must be 1..65536, got " + std::to_string(config.symbols));
  if (config.price_levels == 0 || config.price_levels == 0xFFFFFFFFu)
    throw std::invalid_argument("price_levels must be 1..2^32-2");
  if (config.handles == 0 || config.handles == 0xFFFFFFFFu)
    throw std::invalid_argument("handles must be 1..2^32-2");
  if (config.max_quantity == 0) throw std::invalid_argument("max_quantity must be at least 1");
}

OrderBook::OrderBook(const CoreConfig& config) : config_(config), shape_(config.price_levels) {
  check_config(config);
  const std::size_t sides = std::size_t{config.symbols} * 2;
  orders_.reset(zeroed_pool<Order>(config.handles));
  levels_.reset(zeroed_pool<Level>(sides * config.price_levels));
  bitmap_words_.reset(zeroed_pool<std::uint64_t>(sides * shape_.words()));
  best_.reset(zeroed_pool<std::uint32_t>(sides));
  for (std::size_t side = 0; side < sides; ++side) best_.get()[side] = kNoPrice;
}

void OrderBook::prefault() {
  const auto touch = [](void* memory, std::size_t bytes) {
    auto* volatile_bytes = static_cast<volatile unsigned char*>(memory);
    for (std::size_t offset = 0; offset < bytes; offset += 4096) volatile_bytes[offset] = volatile_bytes[offset];
  };
  const std::size_t sides = std::size_t{config_.symbols} * 2;
  touch(orders_.get(), sizeof(Order) * config_.handles);
  touch(levels_.get(), sizeof(Level) * sides * config_.price_levels);
  touch(bitmap_words_.get(), sizeof(std::uint64_t) * sides * shape_.words());
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
