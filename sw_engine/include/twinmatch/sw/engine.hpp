// The drop-in matching engine for applications: typed calls keyed by the client's 64-bit order
// ids, many symbols, capacities fixed at start-up. It maps ids to core handles (a free list of
// handles, an OrderIdMap), builds wire Commands and runs them through Core. Every call returns a
// Status: Ok, or the reason the call was refused (the core's RejectReason, or Malformed /
// DuplicateOrderId / UnknownHandle / CapacityExhausted from the id layer).
//
// Events: every call replaces the event list. An accepted call leaves the events it caused; a
// refused call changes no book state and leaves exactly one event, Rejected with the status as
// its reason and the client id of the order it names (0 for a mass cancel, a snapshot or a band
// move). A refusal by the id layer never reached the core: its Rejected event has seq and cmd_seq
// 0 (the core's numbering goes on without a gap). events() and event_order_ids() stay valid until the
// next call that is not a query.
//
// Order id 0 is not an order id: it means "no order" in EventOrderIds, so a submit with it is
// refused as Malformed (and a cancel or modify of it as UnknownHandle).
//
// Stop orders and icebergs (docs/matching.md): a stop's id stays live while it is pending (it
// counts in live_orders(), open_quantity() is its quantity) and through its trigger, when it
// enters the book as a market or limit order under the same id; it is freed at its terminal
// event like any order's. An iceberg's open_quantity() includes its hidden part.
//
// Threads: an engine is not synchronised. All calls on one engine, the const queries included,
// must come from one thread at a time (one owning thread, or the caller's lock). Engines share
// nothing, so separate engines run on separate threads freely; status_name() is safe anywhere.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/sw/order_book.hpp"

namespace twinmatch::sw {

// 0 is success; every other value equals the RejectReason of the same name.
enum class Status : std::uint8_t {
  Ok = 0,
  Malformed = 1,
  UnknownSymbol = 2,
  HandleOutOfRange = 3,
  HandleInUse = 4,
  UnknownHandle = 5,
  ZeroQuantity = 6,
  QuantityTooLarge = 7,
  PriceOutOfRange = 8,
  InvalidCombination = 9,
  PostOnlyWouldCross = 10,
  CapacityExhausted = 11,
  DuplicateOrderId = 12,
  PriceOutsideBand = 13,
  StopCapacity = 14,
};

// The enumerator's name ("Ok", "DuplicateOrderId"), or "Unknown" for any other value.
const char* status_name(Status status);

struct OrderRequest {
  std::uint64_t order_id = 0;
  std::uint16_t symbol = 0;
  Side side = Side::Buy;
  OrderType type = OrderType::Limit;
  TimeInForce tif = TimeInForce::Gtc;
  std::uint32_t price = 0; // absolute ticks, inside the symbol's band; 0 for a market order
  std::uint32_t quantity = 0;
  std::uint32_t account = 0;
  StpMode stp = StpMode::None;
  bool post_only = false;
  // A Stop or StopLimit order's trigger price (any value); must be 0 for the other types.
  std::uint32_t stop_price = 0;
  // Nonzero: an iceberg (a GTC limit order) showing at most this much of its quantity.
  std::uint32_t display_quantity = 0;
};

// The Rejected event of a call refused before it reached the core: numbered 0, no handle.
inline Event refusal_event(Status status, Opcode opcode, std::uint16_t symbol) {
  Event event{};
  event.type = static_cast<std::uint8_t>(EventType::Rejected);
  event.flags = kEventLast;
  event.reason = static_cast<std::uint8_t>(status);
  event.symbol = symbol;
  event.cmd_opcode = static_cast<std::uint8_t>(opcode);
  return event;
}

// The client ids an event concerns (0 where the event has no such order).
struct EventOrderIds {
  std::uint64_t order_id;       // the event's `handle`
  std::uint64_t maker_order_id; // a Fill's `maker_handle`
};

class MatchingEngine {
public:
  // Throws std::invalid_argument / std::bad_alloc at start-up; never afterwards.
  explicit MatchingEngine(const CoreConfig& config = kCpuConfig);
  ~MatchingEngine();
  MatchingEngine(const MatchingEngine&) = delete;
  MatchingEngine& operator=(const MatchingEngine&) = delete;

  const CoreConfig& config() const;

  Status submit(const OrderRequest& order);
  Status cancel(std::uint64_t order_id);
  // New price and new open quantity (docs/matching.md, Modify). On a pending stop it is
  // modify_stop() with stop price 0: the wire Modify sets all three.
  Status modify(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity);
  // A pending stop's new limit price (0 for a Stop), quantity and stop price; it keeps its place
  // among its book's pending stops. Of a resting order: InvalidCombination unless stop_price is 0.
  Status modify_stop(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity, std::uint32_t stop_price);
  Status mass_cancel(std::uint16_t symbol);
  Status mass_cancel(std::uint16_t symbol, std::uint32_t account);
  // Rows arrive as SnapshotRow events; depth 0 means every level.
  Status snapshot(std::uint16_t symbol, std::uint16_t depth = 0);
  // Moves the symbol's price band to [base, base + price_levels - 1], cancelling the orders
  // outside it (docs/matching.md, SetBand).
  Status set_band(std::uint16_t symbol, std::uint32_t base);

  // The events of the last call (see the top of this file), as the core wrote them: in place,
  // never copied. Level updates are always among them (the wire records are byte-identical to
  // every backend's); a caller that does not need them skips them.
  std::span<const Event> events() const;
  // Their client ids, index for index, written beside each event as the core writes it (one
  // pass, a few instructions an event whether or not they are read: no second walk over the
  // events when they are asked for).
  std::span<const EventOrderIds> event_order_ids() const;

  std::optional<std::uint32_t> best_bid(std::uint16_t symbol) const;
  std::optional<std::uint32_t> best_ask(std::uint16_t symbol) const;
  // Fills `out` with levels best first; returns how many.
  std::size_t depth(std::uint16_t symbol, Side side, std::span<LevelView> out) const;
  // The level at one price: its open quantity and order count, zero when nothing rests there
  // (or the symbol, side or price is out of range).
  LevelView level_at(std::uint16_t symbol, Side side, std::uint32_t price) const;
  // The open quantity of a live order, or nullopt if the id is not live.
  std::optional<std::uint32_t> open_quantity(std::uint64_t order_id) const;
  std::uint32_t live_orders() const;

private:
  // The C ABI (twinmatch_c.cpp) builds a new order's command straight from its C struct, and
  // leaves its own refusals (NULL, bad post_only or reserved) in the engine's event arrays, so
  // that its event accessors read one span with no state of their own.
  friend struct CAbi;
  // A new order whose command is complete but for the handle, which this fills in.
  Status submit_command(std::uint64_t order_id, Command& command);
  Status refuse(Status status, Opcode opcode, std::uint16_t symbol, std::uint64_t order_id);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace twinmatch::sw
