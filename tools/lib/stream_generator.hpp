// The generator's state: a reference model that tells which handles rest (so cancels and
// modifies target live orders and new orders take free handles), a mid price per symbol, and
// the scenario's mix of actions. generate() drives it; bad_input.cpp adds the adversarial
// commands.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "twinmatch/tools/command_builders.hpp"
#include "reference_model.hpp"
#include "split_mix64.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::tools {

// What the generator does next; each scenario weighs these differently.
enum class Action : std::uint8_t {
  RestNearTouch, // a limit order a few ticks off the mid, on its own side
  RestDeep,      // a limit order well away from the mid
  CrossLimit,    // a limit order through the mid: GTC, IOC or FOK
  MarketOrder,   // IOC or FOK
  PostOnly,      // near the touch, sometimes crossing (and so rejected)
  Cancel,
  Modify,
  Snapshot,
  MassCancel,
  Sweep,       // a large order through many levels
  CancelStorm, // a burst of cancels
  BadInput,    // one malformed or invalid command
  MoveBand,    // SetBand a few words away from the current base
  Iceberg,     // a GTC limit order showing a peak of its quantity, passive or crossing
  StopOrder,   // a Stop or StopLimit order, its stop price near the book's last trade
  StopCancel,  // a cancel of a pending stop
  StopModify,  // a new stop price, quantity and limit for a pending stop
  StopFlood,   // stops on one book, far from their trigger, until its table is full and more
};
inline constexpr std::size_t kActionCount = static_cast<std::size_t>(Action::StopFlood) + 1;

using ActionWeights = std::array<std::uint32_t, kActionCount>;

class StreamGenerator {
public:
  StreamGenerator(const CoreConfig& config, Scenario scenario, std::uint64_t seed,
                  std::size_t count, GeneratorOptions options = {});

  std::vector<Command> run();
  // The next commands of the stream into `out`; how many (fewer than out.size() at its end).
  std::size_t fill(std::span<Command> out);

private:
  // What the generator remembers of an order it placed, valid while the handle rests.
  struct PlacedOrder {
    std::uint16_t symbol = 0;
    Side side = Side::Buy;
    std::uint32_t price = 0;
    bool post_only = false;
  };

  Action next_action();
  Command command_for(Action action);
  void apply(const Command& command);
  void track(std::uint32_t handle);
  bool in_use(std::uint32_t handle) const; // resting or pending

  void move_mid(std::uint16_t symbol);
  std::int64_t banded_mid(std::uint16_t symbol) const;
  std::optional<std::uint32_t> band_to_follow_mid(std::uint16_t symbol) const;
  std::uint32_t mid(std::uint16_t symbol) const; // offset from the symbol's band base
  std::uint32_t price_in_band(std::uint16_t symbol, std::int64_t offset) const;
  std::uint32_t passive_price(std::uint16_t symbol, Side side, std::uint32_t min_offset,
                              std::uint32_t spread);
  std::uint32_t aggressive_price(std::uint16_t symbol, Side side, std::uint32_t reach);

  std::uint16_t random_symbol();
  Side random_side();
  std::uint32_t random_quantity();
  std::uint32_t random_account();
  StpMode random_stp();
  std::optional<std::uint32_t> free_handle();
  std::optional<std::uint32_t> free_pool_handle();
  std::optional<std::uint32_t> live_handle();
  std::optional<std::uint32_t> pending_handle();
  std::optional<std::uint32_t> pending_handle_of(std::uint16_t symbol) const;
  std::optional<std::uint32_t> gone_handle();

  // Terms of a well-formed GTC limit order with a free handle (nullopt when none is free).
  std::optional<OrderTerms> fresh_limit_order(std::uint32_t price_offset_min,
                                              std::uint32_t price_spread);

  Command rest_order(std::uint32_t min_offset, std::uint32_t spread);
  Command cross_limit_order();
  Command market_order();
  Command post_only_order();
  Command cancel_order();
  Command modify_order();
  Command sweep_order();
  Command snapshot();
  Command mass_cancel();
  Command move_band();
  Command iceberg_order();
  Command stop_order();
  Command stop_cancel();
  Command stop_modify();
  Command stop_flood();
  Command bad_input(); // bad_input.cpp
  Command version_2_feature(OrderTerms order);
  Command bad_stop_or_iceberg(OrderTerms order);

  // Stops: a stop price near the book's last trade (its mid before the first trade), on the side
  // that a move of the price triggers, or (`triggered`) on the side its last trade already has;
  // a stop-limit's limit a little past its stop price (now and then short of it), in the band.
  std::uint32_t stop_price_near_last_trade(std::uint16_t symbol, Side side, bool triggered,
                                           std::uint32_t distance);
  std::uint32_t stop_limit_price(std::uint16_t symbol, Side side, std::uint32_t stop_price);
  // Terms of a well-formed stop order with a free handle (nullopt when none is free).
  std::optional<OrderTerms> fresh_stop_order(std::uint32_t distance);
  // The most pending stops a book of a well-formed scenario gets before stops turn into cancels.
  std::uint32_t stop_cap() const;

  CoreConfig config_;
  Scenario scenario_;
  ActionWeights weights_;
  std::size_t count_;
  std::size_t index_ = 0; // of the command being made
  SplitMix64 random_;
  ref::ReferenceModel model_;
  std::vector<Event> events_; // of the last applied command

  std::uint32_t window_;    // ticks: the "near the touch" distance, scaled to price_levels
  std::uint32_t live_cap_;  // resting orders above which new resting orders become cancels
  std::vector<std::int64_t> drift_; // per symbol: random-walk offset of the mid from the centre
  std::uint16_t current_symbol_ = 0;

  std::vector<std::uint32_t> live_;      // resting handles, in no particular order
  std::vector<std::uint32_t> live_slot_; // by handle: index in live_ + 1, 0 when not resting
  std::vector<std::uint32_t> pending_;      // pending stops' handles, in no particular order
  std::vector<std::uint32_t> pending_slot_; // by handle: index in pending_ + 1, 0 when not pending
  std::vector<PlacedOrder> placed_;      // by handle
  // Handles not resting, most recently freed on top, as a host's LIFO free list hands them out
  // (lowest first at the start). Entries whose handle rests again are skipped when met. One list
  // per handle lane (options.handle_lanes): list l holds the handles h with h % lanes == l.
  std::vector<std::vector<std::uint32_t>> free_;
  std::vector<std::uint32_t>& free_list_of_handle(std::uint32_t handle);
  std::array<std::uint32_t, 64> gone_{}; // handles that recently stopped resting
  std::size_t gone_count_ = 0;
  std::uint32_t storm_left_ = 0;
  std::uint32_t flood_left_ = 0;
  std::uint16_t flood_symbol_ = 0;
};

} // namespace twinmatch::tools
