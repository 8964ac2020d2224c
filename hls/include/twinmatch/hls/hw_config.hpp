// The compile-time sizes of the HLS core. The core is a template over CoreSizes; every array, bit
// width and loop bound of hls/ comes from one instance of it. Two instances are built:
// HwConfig (twinmatch::kHardwareConfig, what the core, the twin and the RTL agree on) and
// VenueConfig (a venue-sized core: 256 symbols, a 4,096-tick band, 65,536 orders, 64 pending stops
// per book).
#pragma once

#include <cstdint>
#include <type_traits>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlscore {

// Bits needed to hold every value 0 .. max_value (at least 1). Compile-time only.
constexpr unsigned bits_for(std::uint64_t max_value) {
  for (unsigned bits = 1; bits < 64; ++bits) {
    if ((max_value >> bits) == 0) return bits;
  }
  return 64;
}

constexpr bool is_power_of_two(std::uint64_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

// The narrowest standard unsigned type of at least `Bits` bits. The vendor flow trims unused
// upper bits; plain integer types keep the C-simulation identical on g++ and in Vitis HLS.
template <unsigned Bits>
using UInt = std::conditional_t<
    (Bits <= 8), std::uint8_t,
    std::conditional_t<(Bits <= 16), std::uint16_t,
                       std::conditional_t<(Bits <= 32), std::uint32_t, std::uint64_t>>>;

// Plain integer parameters rather than a CoreConfig, so that a C++14/17 HLS front end takes them.
template <std::uint32_t Symbols, std::uint32_t PriceLevels, std::uint32_t Handles,
          std::uint32_t MaxQuantity, std::uint32_t StopOrders>
struct CoreSizes {
  static constexpr CoreConfig kCore{Symbols, PriceLevels, Handles, MaxQuantity, StopOrders};

  static constexpr unsigned kSymbols = Symbols;
  static constexpr unsigned kLevels = PriceLevels; // the band's width; a level is at price mod it
  static constexpr unsigned kHandles = Handles;
  static constexpr std::uint32_t kMaxQuantity = MaxQuantity;
  // Pending stop orders per symbol (matching.md's "book" is a symbol, both sides): each symbol
  // has a table of this many entries in placement order.
  static constexpr unsigned kStopOrders = StopOrders;

  // A book is one side of one symbol: book index = symbol * 2 + side.
  static constexpr unsigned kBooks = kSymbols * 2;
  static constexpr unsigned kLevelSlots = kBooks * kLevels;

  static constexpr unsigned kSymbolBits = bits_for(kSymbols - 1);
  static constexpr unsigned kPriceBits = bits_for(kLevels - 1); // a level slot, price mod kLevels
  static constexpr unsigned kHandleBits = bits_for(kHandles - 1);
  static constexpr unsigned kQuantityBits = bits_for(kMaxQuantity);
  static constexpr unsigned kOrderCountBits = bits_for(kHandles);
  // A level can hold every handle at the largest quantity.
  static constexpr unsigned kLevelQuantityBits =
      bits_for(std::uint64_t{kMaxQuantity} * kHandles);
  static constexpr unsigned kStopCountBits = bits_for(kStopOrders);

  // Two-level bitmap per book: 64-bit leaf words over the level slots, one summary word whose
  // bit w says "leaf word w is non-zero". A band base is a multiple of kBandAlign = one leaf word,
  // so the band's view of a book is the slots rotated by whole leaf words.
  static constexpr unsigned kLeafBits = 64;
  static constexpr unsigned kLeafWords = kLevels / kLeafBits;

  // Loop bounds. Every loop iteration of the sweep, the cancel walk and the snapshot emits at most
  // one event; a visited level costs one load and one close iteration, a visited order one
  // iteration. In the sweep, an order that leaves its level (filled or cancelled) is one
  // iteration (at most kHandles); an iceberg's replenishment is two (the fill that used up its
  // displayed part, then the Replenished event and the move to the tail), and each such fill takes
  // at least one unit of the taker's quantity, so at most kMaxQuantity of them.
  static constexpr unsigned kSweepIterations = kHandles + 2 * kMaxQuantity + 2 * kLevels + 2;
  static constexpr unsigned kCancelWalkIterations = kHandles + 4 * kLevels + 4;
  static constexpr unsigned kSnapshotIterations = 2 * kLevels + 4;
  static constexpr unsigned kFokIterations = kLevels + 1;
  // Step 5 of a NewOrder or Modify: each iteration takes one pending stop out of the symbol's
  // table and nothing is added during the loop, so a command runs at most kStopOrders stops.
  static constexpr unsigned kTriggerIterations = kStopOrders;
  // A mass cancel or a band move visits each entry of the symbol's stop table once.
  static constexpr unsigned kStopCancelIterations = kStopOrders;
  // The start-of-day clear writes one entry of every table per iteration.
  static constexpr unsigned kClearIterations = kLevelSlots > kHandles ? kLevelSlots : kHandles;

  static_assert(is_power_of_two(PriceLevels),
                "price_levels must be a power of two (a level is stored at price mod it)");
  static_assert(PriceLevels >= kLeafBits,
                "price_levels must be at least 64 (one 64-bit bitmap word; a band moves by 64)");
  static_assert(PriceLevels % kBandAlign == 0, "a band move must never split a bitmap word");
  static_assert(kLeafWords <= 64,
                "price_levels must be at most 4096 (one 64-bit summary word over 64-tick words)");
  static_assert(Symbols >= 1 && Symbols <= 65536,
                "symbols must be 1 .. 65536 (16-bit on the wire)");
  static_assert(Handles >= 2, "handles must be at least 2 (a trade needs two orders)");
  static_assert(Handles <= (1u << 24),
                "handles must be at most 2^24 (every loop bound stays a 32-bit count)");
  static_assert(MaxQuantity >= 1, "max_quantity must be at least 1");
  static_assert(MaxQuantity <= (1u << 30),
                "max_quantity must be at most 2^30 (the sweep's loop bound stays a 32-bit count)");
  static_assert(StopOrders >= 1 && StopOrders <= 256,
                "stop_orders must be 1 .. 256 (a book's stops are compared in parallel)");
  static_assert(kLevelQuantityBits <= 64, "level quantity fits the 64-bit event field");
};

template <const CoreConfig& Config>
using SizesOf = CoreSizes<Config.symbols, Config.price_levels, Config.handles, Config.max_quantity,
                          Config.stop_orders>;

// The venue-sized core (issue 17): 256 symbols, a 4,096-tick band, 65,536 orders; 64 pending stops
// per symbol (issue 24: a symbol averages 256 handles, so a quarter of them may wait as stops;
// the trigger scan is 64 parallel 32-bit compares, and the table is 64 memories of 256 x 52 bits,
// docs/hls.md).
inline constexpr CoreConfig kVenueConfig{256, 4096, 65536, 1000000, 64};

using HwConfig = SizesOf<kHardwareConfig>;
using VenueConfig = SizesOf<kVenueConfig>;

} // namespace twinmatch::hlscore
