// Venue-shaped sessions for the drop-in engine: what an application sends through
// MatchingEngine or the C ABI, one call per message, on one symbol. Modelled on the public
// matching-engine benchmark of issue 16: about half the messages are new limit orders (some
// IOC), most of the rest cancels, the others modifies that re-price or raise the quantity;
// client ids are arbitrary 64-bit values; prices are absolute ticks between about 27,000 and
// 66,000 around a mid that drifts, swings or crashes; the live book holds about 36,000 orders
// over thousands of levels in every session.
//
// How the book stays that size while the mid moves (venue_session.cpp):
//  - the open: 36,000 resting orders (kBuildOrders, whatever the session's length), then churn;
//  - resting orders do not trade: a passive price is a distance from the mid, or from the other
//    side's best when that is through the mid, so a moving mid does not sweep the book away
//    (before, new passive orders crossed the levels the mid had passed, a fill or more each,
//    and the moving sessions' books fell to a few thousand orders);
//  - the orders the mid left behind (a best bid at or above it, a best ask at or below it) are
//    the first a cancel or modify names, and a modify re-prices them to the right side: makers
//    re-quote stale orders, so the book's prices follow the trend;
//  - aggressive orders (10% of submits IOC, 3% GTC) are priced a few ticks through the other
//    side's best and sized like a small maker: each takes about one order;
//  - the balance steers towards 36,000 live: below it a little more submits (46-56%) and, of the
//    rest, more modifies than cancels (cancels 55-90% of them); above it the other way.
// Measured (tests/sw_engine/drop_in_venue_test.cpp checks it on 300,000 messages): after the
// open every session stays within 35,900-37,400 live orders; over 2 M messages about 50% are
// submits, 38% cancels, 12% modifies, and the book spans 5,000-18,000 levels.
//
// A cancel or modify always names an order that is live at that point (the generator runs the
// session through a MatchingEngine to know which are), so every message does book work. The
// stream is fixed by (session, seed, messages): the same everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::venue {

enum class Session : std::uint8_t {
  SteadyDrift, // a random walk with a slow upward drift
  Swing25,     // the mid swings through 25% of its level and back
  Swing60,     // through 60%
  Crash,       // a flat market that loses half its price in a tenth of the session
  DeepStatic,  // a still mid; every resting order placed deep (1-3,000 ticks from the touch)
};

inline constexpr Session kSessions[] = {Session::SteadyDrift, Session::Swing25, Session::Swing60,
                                        Session::Crash, Session::DeepStatic};

std::string_view session_name(Session session);

enum class MessageKind : std::uint8_t { Submit, Cancel, Modify };

// One call of the drop-in API. Submit: a limit order (GTC or IOC) of `quantity` at `price`;
// Cancel: `order_id` only; Modify: the new price and open quantity of `order_id`.
struct Message {
  std::uint64_t order_id;
  std::uint32_t price;
  std::uint32_t quantity;
  MessageKind kind;
  Side side;
  TimeInForce tif;

  bool operator==(const Message&) const = default;
};

// Every price of a session lies in [kMinPrice, kMaxPrice].
inline constexpr std::uint32_t kMinPrice = 27'000;
inline constexpr std::uint32_t kMaxPrice = 66'000;

// The configuration the sessions run on: one symbol, a price range that covers them from base 0,
// the CPU default's handles and quantity limit.
inline constexpr CoreConfig kVenueConfig{1, 131072, 1u << 20, 1'000'000'000};

// Resting orders submitted at the open of every session, before the churn (all of a shorter one).
inline constexpr std::size_t kBuildOrders = 36'000;

std::vector<Message> generate(Session session, std::uint64_t seed, std::size_t messages);

// Counts of a stream, for reports and tests.
struct Mix {
  std::size_t submits = 0, ioc = 0, cancels = 0, modifies = 0;
};
Mix mix_of(std::span<const Message> messages);

} // namespace twinmatch::venue
