// Checks the invariants of docs/matching.md on an event stream alone, so it can judge any
// backend: it rebuilds every order, level and pending stop from the events and, after each
// command, checks that the level updates agree with the orders' displayed quantities, the book is
// not crossed, quantity is conserved, no order has a second terminal event, every resting
// iceberg displays 1 to its peak, no pending stop is left triggered and no book holds more
// pending stops than the configuration allows. Stops must trigger one at a time, the one placed
// first first, in the book of the command that runs them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::tools {

class InvariantChecker {
public:
  explicit InvariantChecker(const CoreConfig& config) : config_(config) {}

  // Feeds the events of the next command. Returns the first violation found, if any.
  std::optional<std::string> check_command(std::span<const Event> events);

  // Feeds a whole stream, command by command (split at the last-event flag).
  std::optional<std::string> check_stream(std::span<const Event> events);

  std::uint64_t commands_checked() const { return commands_; }

private:
  struct Order {
    std::uint16_t symbol;
    std::uint8_t side;
    std::uint32_t price;
    std::uint64_t accepted; // order quantity, adjusted by modifies
    std::uint64_t filled;
    std::uint64_t cancelled;
    std::uint32_t open;
    std::uint32_t peak = 0;      // an iceberg's; 0 for any other order
    std::uint32_t displayed = 0; // an iceberg's displayed part while it rests
  };
  struct Stop {
    std::uint16_t symbol;
    std::uint8_t side;
    std::uint32_t price;
    std::uint32_t quantity;
    std::uint32_t stop_price;
  };
  struct LevelState {
    std::uint64_t quantity = 0;
    std::uint32_t orders = 0;
  };
  using LevelKey = std::tuple<std::uint16_t, std::uint8_t, std::uint32_t>; // symbol, side, price

  std::optional<std::string> apply(const Event& event);
  std::optional<std::string> trade(std::uint32_t handle, std::uint32_t quantity,
                                   std::uint32_t remaining, const char* role);
  std::optional<std::string> end_of_command();
  std::optional<std::string> place_takers();
  std::optional<std::string> accept_stop(const Event& event);
  std::optional<std::string> trigger_stop(const Event& event);
  std::optional<std::string> replenish(const Event& event);
  std::optional<std::string> cancel_stop(const Event& event);
  std::optional<std::string> modify_stop(const Event& event);
  void leave_level(std::uint32_t handle);
  void join_level(std::uint32_t handle);
  void forget_stop(std::uint32_t handle);
  bool in_band(std::uint16_t symbol, std::uint32_t price) const;
  bool triggered(const Stop& stop) const;
  static std::uint32_t shown(const Order& order) { return order.peak != 0 ? order.displayed : order.open; }

  CoreConfig config_;
  std::map<std::uint32_t, Order> live_;         // accepted, not yet terminal
  std::set<std::uint32_t> resting_;             // live orders that sit in a level
  std::set<std::uint32_t> unplaced_;            // accepted or modified by the current command
  std::set<std::uint32_t> kept_display_;        // icebergs modified in place: displayed known
  std::map<std::uint32_t, Stop> stops_;         // pending stops
  std::map<std::uint16_t, std::vector<std::uint32_t>> stop_order_; // per book, oldest first
  std::map<std::uint16_t, std::uint32_t> last_trades_; // from Fill events
  std::optional<std::uint32_t> replenish_due_;  // the iceberg maker the last fill emptied
  std::optional<std::uint16_t> command_book_;   // the book of the current command's first event
  std::map<LevelKey, LevelState> derived_;      // levels summed from resting orders
  std::map<LevelKey, LevelState> reported_;     // levels as the LevelUpdates tell
  std::set<LevelKey> touched_;                  // levels changed by the current command
  std::map<std::uint16_t, std::uint32_t> band_bases_; // from BandSet events; absent: base 0
  std::optional<std::uint16_t> band_moved_;     // the symbol whose band the current command set
  std::uint64_t next_seq_ = 1;
  std::uint64_t commands_ = 0;
};

} // namespace twinmatch::tools
