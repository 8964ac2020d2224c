// The drop-in matching engine for applications: typed calls keyed by the client's 64-bit order
// ids, many symbols, capacities fixed at start-up. It maps ids to core handles (a free list of
// handles, an OrderIdMap), builds wire Commands and runs them through Core. Every call returns a
// Status: Ok, or the reason the order was refused (the core's RejectReason, or
// DuplicateOrderId / UnknownHandle / CapacityExhausted from the id layer). A refused call
// changes no book state. The events a call caused stay readable until the next call.
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
};

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
};

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
  // New price and new open quantity (docs/matching.md, Modify).
  Status modify(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity);
  Status mass_cancel(std::uint16_t symbol);
  Status mass_cancel(std::uint16_t symbol, std::uint32_t account);
  // Rows arrive as SnapshotRow events; depth 0 means every level.
  Status snapshot(std::uint16_t symbol, std::uint16_t depth = 0);
  // Moves the symbol's price band to [base, base + price_levels - 1], cancelling the orders
  // outside it (docs/matching.md, SetBand).
  Status set_band(std::uint16_t symbol, std::uint32_t base);

  // The events of the last call (empty after a call the id layer refused), as the core wrote
  // them: in place, never copied. Level updates are always among them (the wire records are
  // byte-identical to every backend's); a caller that does not need them skips them.
  std::span<const Event> events() const;
  // Their client ids, index for index, worked out on the first request after a call (a caller
  // that never asks pays nothing for them).
  std::span<const EventOrderIds> event_order_ids() const;

  std::optional<std::uint32_t> best_bid(std::uint16_t symbol) const;
  std::optional<std::uint32_t> best_ask(std::uint16_t symbol) const;
  // Fills `out` with levels best first; returns how many.
  std::size_t depth(std::uint16_t symbol, Side side, std::span<LevelView> out) const;
  // The open quantity of a live order, or nullopt if the id is not live.
  std::optional<std::uint32_t> open_quantity(std::uint64_t order_id) const;
  std::uint32_t live_orders() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace twinmatch::sw
