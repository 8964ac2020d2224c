// The matching core as synthesizable HLS C++: docs/matching.md on fixed-size on-chip tables.
// All state lives in CoreState, so a C-simulation instantiates a fresh core per run; a
// zero-initialised CoreState is an empty core (which is also what the FPGA's memories hold
// after configuration, so no reset sweep is needed).
#pragma once

#include <cstdint>

#include "twinmatch/hls/hw_config.hpp"
#include "twinmatch/hls/stream.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlscore {

using C = HwConfig;
using HandleIndex = UInt<C::kHandleBits>;
using PriceIndex = UInt<C::kPriceBits>;
using Quantity = UInt<C::kQuantityBits>;
using LevelQuantity = UInt<C::kLevelQuantityBits>;
using OrderCount = UInt<C::kOrderCountBits>;

// What a resting order remembers, written when it rests (its open quantity and its FIFO links
// live in separate tables: they change on every fill or unlink and have their own ports).
struct OrderInfo {
  std::uint32_t account;
  PriceIndex price;
  UInt<C::kSymbolBits> symbol;
  std::uint8_t side;      // Side
  std::uint8_t stp;       // StpMode
  bool post_only;
};

// One price level: a FIFO of handles threaded through the link tables.
// head and tail are meaningful only while count > 0.
struct LevelEntry {
  HandleIndex head;
  HandleIndex tail;
  LevelQuantity quantity;
  OrderCount count;
};

struct CoreState {
  // Order table, indexed by handle.
  bool resting[C::kHandles];
  OrderInfo info[C::kHandles];
  Quantity open[C::kHandles];
  HandleIndex next_link[C::kHandles]; // towards the tail (younger)
  HandleIndex prev_link[C::kHandles]; // towards the head (older)

  // Level table, indexed by (symbol * 2 + side) * kLevels + price.
  LevelEntry levels[C::kLevelSlots];

  // Best-price search: bit p of leaf[book][p / 64] is set iff level p of the book is non-empty;
  // bit w of summary[book] is set iff leaf[book][w] != 0.
  std::uint64_t leaf[C::kBooks][C::kLeafWords];
  std::uint64_t summary[C::kBooks];

  std::uint64_t commands_received; // the last cmd_seq handed out
  std::uint64_t events_emitted;    // the last seq handed out
};

#if !__has_include(<hls_stream.h>)
static_assert(hls::stream<Event>::kDefaultCapacity >= C::kMaxEventsPerCommand,
              "a host stream holds every event of one command");
#endif

// Applies one command: validates it and writes every event it causes to `events`, the last one
// with kEventLast.
void process_command(CoreState& core, const Command& command, hls::stream<Event>& events);

} // namespace twinmatch::hlscore

// The synthesis top: one command per invocation (free-running under ap_ctrl_none), the core
// state held in a static instance.
void twinmatch_hls_top(hls::stream<twinmatch::Command>& commands,
                       hls::stream<twinmatch::Event>& events);
