// Venue-shaped sessions for the drop-in engine: what an application sends through
// MatchingEngine or the C ABI, one call per message, on one symbol. Modelled on the public
// matching-engine benchmark of issue 16: about half the messages are new limit orders (some
// IOC), most of the rest cancels, the others modifies that re-price or raise the quantity;
// client ids are arbitrary 64-bit values; prices are absolute ticks between about 27,000 and
// 66,000 around a mid that drifts, swings or crashes. The submit/cancel balance steers towards
// 36,000 live orders, but only deep_static (filled to 40,000 first) holds a book that size: the
// moving sessions' fills keep theirs near 5,000 (4,600-5,700 at peak over 2 M messages, a few
// hundred to 1,400 over the perf guard's 50,000; docs/profiling-log.md, session 10).
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
  DeepStatic,  // a still mid; the book is first filled to about 40,000 orders, then churned
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

std::vector<Message> generate(Session session, std::uint64_t seed, std::size_t messages);

// Counts of a stream, for reports and tests.
struct Mix {
  std::size_t submits = 0, ioc = 0, cancels = 0, modifies = 0;
};
Mix mix_of(std::span<const Message> messages);

} // namespace twinmatch::venue
