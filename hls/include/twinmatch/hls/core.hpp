// The matching core as synthesizable HLS C++: docs/matching.md on fixed-size on-chip tables,
// sized at compile time by a CoreSizes instance (hw_config.hpp).
// All state lives in BasicCoreState, so a C-simulation instantiates a fresh core per run; a
// zero-initialised state is an empty core with every band at base 0 (which is also what the
// FPGA's memories hold after configuration). The synthesis tops hold it in a static, which has no
// reset: their `clear` input runs clear_state, the start-of-day clear.
#pragma once

#include <cstdint>

#include "twinmatch/hls/hw_config.hpp"
#include "twinmatch/hls/packed_bits.hpp"
#include "twinmatch/hls/stream.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlscore {

// What a resting order remembers, written when it rests (its open quantity and its FIFO links
// live in separate tables: they change on every fill or unlink and have their own ports).
// `slot` is the order's price mod kLevels: with its book's band base it gives the price back.
// This is the register form; the order table stores it packed (InfoLayout).
// A pending stop order keeps its info here too (written when it is placed): `slot` is then its
// limit price's slot (0 for a Stop), which SetBand keeps inside the band.
template <class C>
struct OrderInfo {
  std::uint32_t account;
  UInt<C::kPriceBits> slot;
  UInt<C::kSymbolBits> symbol;
  std::uint8_t side;      // Side
  std::uint8_t stp;       // StpMode
  bool post_only;
  UInt<C::kQuantityBits> peak; // an iceberg's display quantity; 0 for any other order
};

// One price level: a FIFO of handles threaded through the link tables.
// head and tail are meaningful only while count > 0. `quantity` is the displayed quantity of its
// orders (what LevelUpdate reports), `hidden` the icebergs' hidden quantity (what the fill-or-kill
// check adds). This is the register form; the level table stores it packed (LevelLayout).
template <class C>
struct LevelEntry {
  UInt<C::kHandleBits> head;
  UInt<C::kHandleBits> tail;
  UInt<C::kLevelQuantityBits> quantity;
  UInt<C::kOrderCountBits> count;
  UInt<C::kLevelQuantityBits> hidden;
};

// One pending stop order in its symbol's stop table; what the trigger scan compares (side, stop
// price) and what the triggered order needs that the order table does not hold (Stop or
// StopLimit, tif). Register form; the table stores it packed (StopLayout).
template <class C>
struct StopEntry {
  UInt<C::kHandleBits> handle;
  std::uint32_t stop_price;
  std::uint8_t side;   // Side
  bool market;         // a Stop (enters as a market order); else a StopLimit
  std::uint8_t tif;    // TimeInForce
};

// Bit layouts of the packed memory words, low bits first: each field at its exact width, so a
// word is the sum of its fields (HwConfig: info 66 bits, level 101 bits, stop 48 bits;
// docs/hls.md).
template <class C>
struct InfoLayout {
  static constexpr unsigned kAccount = 0;
  static constexpr unsigned kAccountBits = 32;
  static constexpr unsigned kSlot = kAccount + kAccountBits;
  static constexpr unsigned kSymbol = kSlot + C::kPriceBits;
  static constexpr unsigned kSide = kSymbol + C::kSymbolBits;
  static constexpr unsigned kStp = kSide + 1;
  static constexpr unsigned kStpBits = 2;
  static constexpr unsigned kPostOnly = kStp + kStpBits;
  static constexpr unsigned kPeak = kPostOnly + 1;
  static constexpr unsigned kBits = kPeak + C::kQuantityBits;
};

template <class C>
struct LevelLayout {
  static constexpr unsigned kHead = 0;
  static constexpr unsigned kTail = kHead + C::kHandleBits;
  static constexpr unsigned kCount = kTail + C::kHandleBits;
  static constexpr unsigned kQuantity = kCount + C::kOrderCountBits;
  static constexpr unsigned kHidden = kQuantity + C::kLevelQuantityBits;
  static constexpr unsigned kBits = kHidden + C::kLevelQuantityBits;
};

template <class C>
struct StopLayout {
  static constexpr unsigned kHandle = 0;
  static constexpr unsigned kStopPrice = kHandle + C::kHandleBits;
  static constexpr unsigned kStopPriceBits = 32;
  static constexpr unsigned kSide = kStopPrice + kStopPriceBits;
  static constexpr unsigned kMarket = kSide + 1;
  static constexpr unsigned kTif = kMarket + 1;
  static constexpr unsigned kTifBits = 2;
  static constexpr unsigned kBits = kTif + kTifBits;
};

template <class C>
struct BasicCoreState {
  using HandleIndex = UInt<C::kHandleBits>;

  // Order table, indexed by handle. A handle is in use while it is resting or pending (a stop
  // order waiting in its symbol's stop table); never both.
  bool resting[C::kHandles];
  bool pending[C::kHandles];
  PackedBits<InfoLayout<C>::kBits> info[C::kHandles]; // OrderInfo, packed
  PackedBits<C::kQuantityBits> open[C::kHandles];
  // The hidden part of a resting iceberg's open quantity (0 for every other resting order); its
  // displayed part is open - hidden.
  PackedBits<C::kQuantityBits> hidden[C::kHandles];
  PackedBits<C::kHandleBits> next_link[C::kHandles]; // towards the tail (younger)
  PackedBits<C::kHandleBits> prev_link[C::kHandles]; // towards the head (older)

  // Each symbol's band base: its band is [base, base + kLevels - 1]; a multiple of kBandAlign.
  std::uint32_t band_base[C::kSymbols];

  // Level table, indexed by (symbol * 2 + side) * kLevels + slot, slot = price mod kLevels.
  PackedBits<LevelLayout<C>::kBits> levels[C::kLevelSlots]; // LevelEntry, packed

  // Best-price search over the slots: bit s of leaf[book][s / 64] is set iff slot s of the book
  // is non-empty; bit w of summary[book] is set iff leaf[book][w] != 0.
  std::uint64_t leaf[C::kBooks][C::kLeafWords];
  std::uint64_t summary[C::kBooks];

  // Each symbol's pending stops, oldest first in entries 0 .. stop_count - 1 (a removal shifts
  // the younger ones down, so the placement order is the index order).
  PackedBits<StopLayout<C>::kBits> stops[C::kSymbols][C::kStopOrders]; // StopEntry, packed
  UInt<C::kStopCountBits> stop_count[C::kSymbols];

  // Each symbol's last trade price (the price of its latest Fill), valid once `traded`.
  std::uint32_t last_trade_price[C::kSymbols];
  bool traded[C::kSymbols];

  std::uint64_t commands_received; // the last cmd_seq handed out
  std::uint64_t events_emitted;    // the last seq handed out
};

using CoreState = BasicCoreState<HwConfig>;
using VenueCoreState = BasicCoreState<VenueConfig>;

// One beat of the top's event stream: the event as TDATA and TLAST, set on the last event of
// every command (the event whose flags carry kEventLast). The field names are those of the
// vendor's hls::axis side-channel struct.
struct EventBeat {
  Event data;
  bool last;
};

// Applies one command: validates it and writes every event it causes to `events`, the last one
// with kEventLast (and, on a beat stream, TLAST). One plain function per built size and sink (the
// synthesis tool wants a plain top); the event bytes are the same on both sinks.
void process_command(CoreState& core, const Command& command, hls::stream<Event>& events);
void process_command(VenueCoreState& core, const Command& command, hls::stream<Event>& events);
void process_command(CoreState& core, const Command& command, hls::stream<EventBeat>& events);
void process_command(VenueCoreState& core, const Command& command,
                     hls::stream<EventBeat>& events);

// Start-of-day clear: the state back to the empty core of a freshly configured FPGA, in a bounded
// loop of CoreSizes::kClearIterations (the largest table's depth) iterations.
void clear_state(CoreState& core);
void clear_state(VenueCoreState& core);

} // namespace twinmatch::hlscore

// The synthesis tops: one command per invocation (free-running under ap_ctrl_none), the core
// state held in a static instance. An invocation that samples `clear` high clears the state
// instead and reads no command (start of day). twinmatch_hls_top is built for HwConfig (what the
// testbench and run_hls.tcl use), twinmatch_hls_venue_top for VenueConfig.
void twinmatch_hls_top(bool clear, hls::stream<twinmatch::Command>& commands,
                       hls::stream<twinmatch::hlscore::EventBeat>& events);
void twinmatch_hls_venue_top(bool clear, hls::stream<twinmatch::Command>& commands,
                             hls::stream<twinmatch::hlscore::EventBeat>& events);
