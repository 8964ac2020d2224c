// The matching core as synthesizable HLS C++: docs/matching.md on fixed-size on-chip tables,
// sized at compile time by a CoreSizes instance (hw_config.hpp).
// All state lives in BasicCoreState, so a C-simulation instantiates a fresh core per run; a
// zero-initialised state is an empty core with every band at base 0 (which is also what the
// FPGA's memories hold after configuration, so no reset sweep is needed).
#pragma once

#include <cstdint>

#include "twinmatch/hls/hw_config.hpp"
#include "twinmatch/hls/stream.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlscore {

// What a resting order remembers, written when it rests (its open quantity and its FIFO links
// live in separate tables: they change on every fill or unlink and have their own ports).
// `slot` is the order's price mod kLevels: with its book's band base it gives the price back.
template <class C>
struct OrderInfo {
  std::uint32_t account;
  UInt<C::kPriceBits> slot;
  UInt<C::kSymbolBits> symbol;
  std::uint8_t side;      // Side
  std::uint8_t stp;       // StpMode
  bool post_only;
};

// One price level: a FIFO of handles threaded through the link tables.
// head and tail are meaningful only while count > 0.
template <class C>
struct LevelEntry {
  UInt<C::kHandleBits> head;
  UInt<C::kHandleBits> tail;
  UInt<C::kLevelQuantityBits> quantity;
  UInt<C::kOrderCountBits> count;
};

template <class C>
struct BasicCoreState {
  using HandleIndex = UInt<C::kHandleBits>;

  // Order table, indexed by handle.
  bool resting[C::kHandles];
  OrderInfo<C> info[C::kHandles];
  UInt<C::kQuantityBits> open[C::kHandles];
  HandleIndex next_link[C::kHandles]; // towards the tail (younger)
  HandleIndex prev_link[C::kHandles]; // towards the head (older)

  // Each symbol's band base: its band is [base, base + kLevels - 1]; a multiple of kBandAlign.
  std::uint32_t band_base[C::kSymbols];

  // Level table, indexed by (symbol * 2 + side) * kLevels + slot, slot = price mod kLevels.
  LevelEntry<C> levels[C::kLevelSlots];

  // Best-price search over the slots: bit s of leaf[book][s / 64] is set iff slot s of the book
  // is non-empty; bit w of summary[book] is set iff leaf[book][w] != 0.
  std::uint64_t leaf[C::kBooks][C::kLeafWords];
  std::uint64_t summary[C::kBooks];

  std::uint64_t commands_received; // the last cmd_seq handed out
  std::uint64_t events_emitted;    // the last seq handed out
};

using CoreState = BasicCoreState<HwConfig>;
using VenueCoreState = BasicCoreState<VenueConfig>;

#if !__has_include(<hls_stream.h>)
static_assert(hls::stream<Event>::kDefaultCapacity >= HwConfig::kMaxEventsPerCommand &&
                  hls::stream<Event>::kDefaultCapacity >= VenueConfig::kMaxEventsPerCommand,
              "a host stream holds every event of one command");
#endif

// Applies one command: validates it and writes every event it causes to `events`, the last one
// with kEventLast. One plain function per built size (the synthesis tool wants a plain top).
void process_command(CoreState& core, const Command& command, hls::stream<Event>& events);
void process_command(VenueCoreState& core, const Command& command, hls::stream<Event>& events);

} // namespace twinmatch::hlscore

// The synthesis tops: one command per invocation (free-running under ap_ctrl_none), the core
// state held in a static instance. twinmatch_hls_top is built for HwConfig (what the testbench
// and run_hls.tcl use), twinmatch_hls_venue_top for VenueConfig.
void twinmatch_hls_top(hls::stream<twinmatch::Command>& commands,
                       hls::stream<twinmatch::Event>& events);
void twinmatch_hls_venue_top(hls::stream<twinmatch::Command>& commands,
                             hls::stream<twinmatch::Event>& events);
