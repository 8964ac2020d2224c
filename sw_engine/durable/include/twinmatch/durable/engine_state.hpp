// The engine-facing part of durability: what an engine must offer so that its input can be
// journaled, its state snapshotted and recovered. Any backend that keeps docs/matching.md
// exports the same canonical state after the same commands, so snapshots and state hashes are
// comparable across backends.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::durable {

struct RestingOrder {
  std::uint32_t handle;
  std::uint16_t symbol;
  std::uint8_t side;      // Side
  std::uint8_t stp;       // StpMode
  bool post_only;
  std::uint32_t price;
  std::uint32_t open;     // open quantity
  std::uint32_t account;
  std::uint32_t peak = 0;      // an iceberg's display quantity; 0 for any other order
  std::uint32_t displayed = 0; // an iceberg's displayed part of `open`; 0 for any other order

  bool operator==(const RestingOrder&) const = default;
};

// A stop order waiting for its trigger (docs/matching.md, "Stop orders").
struct PendingStop {
  std::uint32_t handle;
  std::uint16_t symbol;
  std::uint8_t side;       // Side
  std::uint8_t order_type; // OrderType::Stop or OrderType::StopLimit
  std::uint8_t tif;        // TimeInForce
  std::uint8_t stp;        // StpMode
  std::uint32_t price;     // limit price; 0 for a Stop
  std::uint32_t quantity;
  std::uint32_t stop_price;
  std::uint32_t account;

  bool operator==(const PendingStop&) const = default;
};

// The price of a book's most recent fill.
struct LastTrade {
  std::uint16_t symbol;
  std::uint32_t price;

  bool operator==(const LastTrade&) const = default;
};

// A book whose price band has moved from base 0 (docs/matching.md, "The price band").
struct BandBase {
  std::uint16_t symbol;
  std::uint32_t base;

  bool operator==(const BandBase&) const = default;
};

// Everything that decides an engine's future events, canonically ordered: the resting orders
// symbol by symbol, bids then asks, best level first, oldest first within a level; the bands
// of the books whose base is not 0, by symbol; the pending stops of all books in the order
// they were placed; the last trade prices of the books that have traded, by symbol.
struct EngineState {
  std::uint64_t next_command_seq = 1;
  std::uint64_t next_event_seq = 1;
  std::vector<RestingOrder> orders;
  std::vector<BandBase> bands;
  std::vector<PendingStop> stops;
  std::vector<LastTrade> last_trades;

  bool operator==(const EngineState&) const = default;
};

// An engine built for one CoreConfig, that applies a command appending its events, exports its
// state canonically and imports one into a freshly constructed engine. Import returns false for
// a state it refuses (out of the configuration's range, a handle twice, a crossed book); the
// caller then discards the engine.
template <class E>
concept JournaledEngine =
    std::constructible_from<E, const CoreConfig&> &&
    requires(E& engine, const E& const_engine, const Command& command,
             std::vector<Event>& events, EngineState& state, const EngineState& const_state) {
      { const_engine.config() } -> std::convertible_to<CoreConfig>;
      engine.apply(command, events);
      const_engine.export_state(state);
      { engine.import_state(const_state) } -> std::same_as<bool>;
    };

// An engine with state of its own beyond EngineState (the drop-in engine's client order ids):
// journal records carry a 64-bit order id for it, and its snapshot section follows the ledger in
// the snapshot payload (and in the state hash). Import runs after import_state, on the same
// fresh engine.
template <class E>
concept JournaledEngineWithExtension =
    JournaledEngine<E> &&
    requires(E& engine, const E& const_engine, const Command& command, std::uint64_t order_id,
             std::vector<Event>& events, std::vector<std::byte>& out,
             std::span<const std::byte> in) {
      engine.apply(command, order_id, events);
      const_engine.export_extension(out);
      { engine.import_extension(in) } -> std::same_as<bool>;
    };

} // namespace twinmatch::durable
