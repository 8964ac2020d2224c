// The reference model: a deliberately plain implementation of docs/matching.md.
// Ordered maps and deques, no cleverness: it is the oracle every backend is diffed against.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::ref {

struct LevelView {
  std::uint32_t price;
  std::uint64_t quantity; // displayed quantity: what LevelUpdate and SnapshotRow report
  std::uint32_t orders;
};

// A resting order, as the canonical state export lists it.
struct RestingOrder {
  std::uint32_t handle;
  std::uint16_t symbol;
  Side side;
  std::uint32_t price;
  std::uint32_t open;
  std::uint32_t account;
  StpMode stp;
  bool post_only;
  std::uint32_t peak = 0;      // an iceberg's display quantity; 0 for any other order
  std::uint32_t displayed = 0; // an iceberg's displayed part of `open`; 0 for any other order
};

// A stop order waiting for its trigger (docs/matching.md, "Stop orders").
struct PendingStop {
  std::uint32_t handle;
  std::uint16_t symbol;
  Side side;
  OrderType type; // Stop or StopLimit
  TimeInForce tif;
  StpMode stp;
  std::uint32_t price; // limit price; 0 for a Stop
  std::uint32_t quantity;
  std::uint32_t stop_price;
  std::uint32_t account;
};

// Everything that decides the model's future events: the sequence counters, the resting
// orders in priority order (symbol by symbol, bids then asks, best level first, oldest first),
// each symbol's band base (empty: every base 0), the pending stops of all books in the order
// they were placed, and each symbol's last trade price (empty: no book has traded).
struct ModelState {
  std::uint64_t next_command_seq;
  std::uint64_t next_event_seq;
  std::vector<RestingOrder> orders;
  std::vector<std::uint32_t> band_bases;
  std::vector<PendingStop> stops;
  std::vector<std::optional<std::uint32_t>> last_trades;
};

class ReferenceModel {
public:
  explicit ReferenceModel(const CoreConfig& config);

  // Applies one command and appends every event it causes to `events`.
  void apply(const Command& command, std::vector<Event>& events);

  const CoreConfig& config() const { return config_; }

  // Inspection, for tests.
  bool is_resting(std::uint32_t handle) const;
  bool is_pending(std::uint32_t handle) const;
  std::uint32_t open_quantity(std::uint32_t handle) const;
  std::optional<std::uint32_t> best_price(std::uint16_t symbol, Side side) const;
  std::vector<LevelView> levels(std::uint16_t symbol, Side side) const; // best first
  std::uint32_t band_base(std::uint16_t symbol) const { return band_bases_.at(symbol); }
  std::optional<std::uint32_t> last_trade(std::uint16_t symbol) const { return last_trades_.at(symbol); }
  std::uint32_t pending_stops(std::uint16_t symbol) const;
  const PendingStop* pending_stop(std::uint32_t handle) const; // null when not pending

  // Snapshots (sw_engine/durable): export, and import into a fresh model. Import refuses (false,
  // model unchanged) orders or stops out of the configuration's range, a handle twice, a crossed
  // book, an iceberg whose displayed part is not 1 to its peak, more pending stops on a book than
  // the configuration holds, or a pending stop its book's last trade triggers.
  ModelState export_state() const;
  bool import_state(const ModelState& state);

private:
  using Order = RestingOrder;
  using Level = std::deque<std::uint32_t>; // handles, oldest first
  using SideBook = std::map<std::uint32_t, Level>; // price -> level, ascending
  using StopBook = std::map<std::uint64_t, PendingStop>; // placement number -> stop, oldest first
  struct StopKey {
    std::uint16_t symbol;
    std::uint64_t placement;
  };

  struct Emitter;

  SideBook& side_book(std::uint16_t symbol, Side side);
  const SideBook& side_book(std::uint16_t symbol, Side side) const;
  std::optional<RejectReason> validate(const Command& command) const;
  std::optional<RejectReason> validate_new_order(const Command& command) const;
  std::optional<RejectReason> validate_modify(const Command& command) const;
  bool would_cross(std::uint16_t symbol, Side side, std::uint32_t price) const;
  bool accepts(Side taker_side, std::optional<std::uint32_t> limit, std::uint32_t level_price) const;
  bool in_band(std::uint16_t symbol, std::uint32_t price) const;
  static bool valid_band_base(const CoreConfig& config, std::uint32_t base);
  bool is_triggered(const PendingStop& stop) const;

  void new_order(const Command& command, Emitter& emit);
  void place_stop(const Command& command, Emitter& emit);
  void cancel(const Command& command, Emitter& emit);
  void modify(const Command& command, Emitter& emit);
  void modify_stop(const Command& command, Emitter& emit);
  void mass_cancel(const Command& command, Emitter& emit);
  void snapshot(const Command& command, Emitter& emit);
  void set_band(const Command& command, Emitter& emit);

  // Steps 2 to 4 of a new order: the fill-or-kill check, the sweep, the remainder.
  void take(Order order, std::optional<std::uint32_t> limit, TimeInForce tif, bool is_market,
            Emitter& emit);
  // Steps 3 and 4: the sweep, then the remainder.
  void match_and_rest(Order order, std::optional<std::uint32_t> limit, TimeInForce tif,
                      bool is_market, Emitter& emit);
  // Step 5: the book's triggered stops run, the one placed first first, until none is triggered.
  void run_triggered_stops(std::uint16_t symbol, Emitter& emit);
  void cancel_stop(const PendingStop& stop, CancelReason reason, Emitter& emit);
  void remove_from_level(const Order& order);
  void emit_level_update(std::uint16_t symbol, Side side, std::uint32_t price, Emitter& emit);
  Event order_event(EventType type, const Order& order) const;
  Event stop_event(EventType type, const PendingStop& stop) const;

  CoreConfig config_;
  std::vector<std::optional<Order>> orders_; // by handle; engaged while resting
  std::vector<SideBook> books_;              // [symbol * 2 + side]
  std::vector<std::uint32_t> band_bases_;    // [symbol]
  std::vector<StopBook> stops_;              // [symbol]
  std::vector<std::optional<StopKey>> pending_; // by handle; engaged while pending
  std::vector<std::optional<std::uint32_t>> last_trades_; // [symbol]
  std::uint64_t next_placement_ = 1;         // numbers stops in the order they were placed
  std::uint64_t next_event_seq_ = 1;
  std::uint64_t next_command_seq_ = 1;
};

} // namespace twinmatch::ref
