// The compile-time sizes of the HLS core, all derived from twinmatch::kHardwareConfig so that the
// core, the twin and the RTL agree on one configuration. Every array, bit width and loop bound of
// hls/ comes from here.
#pragma once

#include <cstdint>
#include <type_traits>

#include "twinmatch/config.hpp"

namespace twinmatch::hlscore {

// Bits needed to hold every value 0 .. max_value (at least 1). Compile-time only.
constexpr unsigned bits_for(std::uint64_t max_value) {
  for (unsigned bits = 1; bits < 64; ++bits) {
    if ((max_value >> bits) == 0) return bits;
  }
  return 64;
}

// The narrowest standard unsigned type of at least `Bits` bits. The vendor flow trims unused
// upper bits; plain integer types keep the C-simulation identical on g++ and in Vitis HLS.
template <unsigned Bits>
using UInt = std::conditional_t<
    (Bits <= 8), std::uint8_t,
    std::conditional_t<(Bits <= 16), std::uint16_t,
                       std::conditional_t<(Bits <= 32), std::uint32_t, std::uint64_t>>>;

struct HwConfig {
  static constexpr CoreConfig kCore = kHardwareConfig;

  static constexpr unsigned kSymbols = kCore.symbols;
  static constexpr unsigned kLevels = kCore.price_levels;
  static constexpr unsigned kHandles = kCore.handles;
  static constexpr std::uint32_t kMaxQuantity = kCore.max_quantity;

  // A book is one side of one symbol: book index = symbol * 2 + side.
  static constexpr unsigned kBooks = kSymbols * 2;
  static constexpr unsigned kLevelSlots = kBooks * kLevels;

  static constexpr unsigned kSymbolBits = bits_for(kSymbols - 1);
  static constexpr unsigned kPriceBits = bits_for(kLevels - 1);
  static constexpr unsigned kHandleBits = bits_for(kHandles - 1);
  static constexpr unsigned kQuantityBits = bits_for(kMaxQuantity);
  static constexpr unsigned kOrderCountBits = bits_for(kHandles);
  // A level can hold every handle at the largest quantity.
  static constexpr unsigned kLevelQuantityBits =
      bits_for(std::uint64_t{kMaxQuantity} * kHandles);

  // Two-level bitmap per book: 64-bit leaf words over the prices, one summary word whose bit w
  // says "leaf word w is non-zero".
  static constexpr unsigned kLeafBits = 64;
  static constexpr unsigned kLeafWords = kLevels / kLeafBits;

  // Loop bounds. Every loop iteration of the sweep, mass cancel and snapshot emits at most one
  // event; a visited level costs one load and one close iteration, a visited order one iteration.
  static constexpr unsigned kSweepIterations = kHandles + 2 * kLevels + 2;
  static constexpr unsigned kMassCancelIterations = kHandles + 4 * kLevels + 4;
  static constexpr unsigned kSnapshotIterations = 2 * kLevels + 4;
  static constexpr unsigned kFokIterations = kLevels + 1;

  // The most events one command can cause (a mass cancel of a full symbol: every order, one
  // update per level, the done event). Host streams must hold this many.
  static constexpr unsigned kMaxEventsPerCommand = kHandles + 2 * kLevels + 2;
};

static_assert(HwConfig::kLevels % HwConfig::kLeafBits == 0, "levels fill whole leaf words");
static_assert(HwConfig::kLeafWords >= 1 && HwConfig::kLeafWords <= 64,
              "one 64-bit summary word covers the leaf words");
static_assert(HwConfig::kSymbols >= 1 && HwConfig::kSymbols <= 65536, "symbol fits the wire");
static_assert(HwConfig::kLevelQuantityBits <= 64, "level quantity fits the 64-bit event field");
static_assert(HwConfig::kHandles >= 2, "a trade needs two handles");

} // namespace twinmatch::hlscore
