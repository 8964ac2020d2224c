// The core configuration: the compile-time sizes every backend is built for.
// Stream files carry it in their header, so a backend refuses a stream made for another size.
#pragma once

#include <cstdint>

namespace twinmatch {

struct CoreConfig {
  std::uint32_t symbols;       // books; symbol ids are 0 .. symbols-1
  std::uint32_t price_levels;  // prices are ticks 0 .. price_levels-1 per book
  std::uint32_t handles;       // order handles are 0 .. handles-1
  std::uint32_t max_quantity;  // largest quantity of one order
  std::uint32_t stop_orders = 16; // pending stop orders each book holds

  constexpr bool operator==(const CoreConfig& other) const {
    return symbols == other.symbols && price_levels == other.price_levels &&
           handles == other.handles && max_quantity == other.max_quantity &&
           stop_orders == other.stop_orders;
  }
  constexpr bool operator!=(const CoreConfig& other) const { return !(*this == other); }
};

// Sized for on-chip memories of a mid-range FPGA: what hls/ and rtl/ are built for.
inline constexpr CoreConfig kHardwareConfig{4, 256, 4096, 1000000, 16};

// Sized for a CPU engine: the drop-in default of sw_engine.
inline constexpr CoreConfig kCpuConfig{64, 16384, 1u << 20, 1000000000, 4096};

} // namespace twinmatch
