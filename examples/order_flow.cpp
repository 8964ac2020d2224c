// twinmatch from C++: place, cross, partial fill, modify, cancel, mass cancel, the fills with the
// client ids of both sides, and every kind of refusal. Built three ways in sw_engine/README.md.
// Exits 0 when every call gave what the comments say.
#include <cinttypes>
#include <cstdio>

#include "twinmatch/sw/engine.hpp"
#include "twinmatch/version.h"

namespace {

using twinmatch::Event;
using twinmatch::EventType;
using twinmatch::Side;
using twinmatch::sw::MatchingEngine;
using twinmatch::sw::OrderRequest;
using twinmatch::sw::Status;

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "unexpected: %s\n", what);
    ++failures;
  }
}

// Drains the events of the last call: valid until the next call that acts on the engine.
void print_events(const MatchingEngine& engine) {
  const auto events = engine.events();
  const auto ids = engine.event_order_ids();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    switch (static_cast<EventType>(e.type)) {
    case EventType::Accepted:
      std::printf("  accepted  order %" PRIu64 ", %" PRIu32 " open\n", ids[i].order_id, e.remaining);
      break;
    case EventType::Fill:
      std::printf("  fill      %" PRIu32 " @ %" PRIu32 ": taker %" PRIu64 " (%" PRIu32 " left), maker %" PRIu64
                  " (%" PRIu32 " left)\n",
                  e.quantity, e.price, ids[i].order_id, e.remaining, ids[i].maker_order_id, e.maker_remaining);
      break;
    case EventType::Modified:
      std::printf("  modified  order %" PRIu64 ": %" PRIu32 " @ %" PRIu32 "\n", ids[i].order_id, e.remaining, e.price);
      break;
    case EventType::Cancelled:
      std::printf("  cancelled order %" PRIu64 " (reason %u)\n", ids[i].order_id, unsigned{e.reason});
      break;
    case EventType::Rejected:
      std::printf("  rejected  order %" PRIu64 ": %s\n", ids[i].order_id,
                  twinmatch::sw::status_name(static_cast<Status>(e.reason)));
      break;
    case EventType::LevelUpdate:
      std::printf("  level     %s %" PRIu32 ": %" PRIu64 " in %" PRIu32 " orders\n", e.side == 0 ? "bid" : "ask",
                  e.price, e.level_quantity, e.order_count);
      break;
    case EventType::MassCancelDone:
      std::printf("  mass cancel done: %" PRIu32 " orders\n", e.order_count);
      break;
    default:
      std::printf("  event type %u\n", unsigned{e.type});
    }
  }
}

// What a caller does with a refusal. The book is unchanged and the call left exactly one event,
// Rejected, naming the refused order.
void handle_refusal(const MatchingEngine& engine, Status status) {
  const auto events = engine.events();
  expect(events.size() == 1 && events[0].type == static_cast<std::uint8_t>(EventType::Rejected) &&
             events[0].reason == static_cast<std::uint8_t>(status),
         "a refusal leaves exactly its Rejected event");
  switch (status) {
  case Status::DuplicateOrderId: std::printf("  -> that id is live: pick a new one\n"); break;
  case Status::UnknownHandle: std::printf("  -> the order is gone already (filled or cancelled)\n"); break;
  case Status::PostOnlyWouldCross: std::printf("  -> would take liquidity: reprice\n"); break;
  case Status::CapacityExhausted: std::printf("  -> the engine is full: wait for orders to end\n"); break;
  default: std::printf("  -> a bad request (%s): fix the caller\n", twinmatch::sw::status_name(status)); break;
  }
}

// One call's outcome: prints it, checks the status, handles a refusal.
void outcome(const MatchingEngine& engine, const char* call, Status status, Status expected) {
  std::printf("%s: %s\n", call, twinmatch::sw::status_name(status));
  print_events(engine);
  expect(status == expected, call);
  if (status != Status::Ok) handle_refusal(engine, status);
}

OrderRequest limit(std::uint64_t id, Side side, std::uint32_t price, std::uint32_t quantity, std::uint32_t account) {
  // order_id: any value but 0. Type limit and time in force GTC are the defaults.
  return {.order_id = id, .side = side, .price = price, .quantity = quantity, .account = account};
}

} // namespace

int main() {
  // 2 symbols, prices 0..999 ticks, at most 6 live orders, at most 1000 per order. The
  // constructor throws only here, for a configuration it cannot hold.
  MatchingEngine engine(twinmatch::CoreConfig{2, 1000, 6, 1000});
  std::printf("twinmatch %s\n", TWINMATCH_VERSION_STRING);

  // Place: two asks.
  outcome(engine, "sell 101: 10 @ 100", engine.submit(limit(101, Side::Sell, 100, 10, 1)), Status::Ok);
  outcome(engine, "sell 102: 5 @ 101", engine.submit(limit(102, Side::Sell, 101, 5, 1)), Status::Ok);

  // Cross: 12 to buy takes all of 101 and 2 of 102, which stays with 3 (a partial fill).
  outcome(engine, "buy 201: 12 @ 101", engine.submit(limit(201, Side::Buy, 101, 12, 2)), Status::Ok);
  expect(engine.events().size() == 5, "Accepted, Fill, LevelUpdate, Fill, LevelUpdate");
  expect(engine.event_order_ids()[3].maker_order_id == 102, "the second fill's maker is 102");
  expect(engine.open_quantity(102) == 3u, "102 has 3 left");
  expect(engine.level_at(0, Side::Sell, 101).quantity == 3, "3 rest at 101");

  // Modify 102: new price, new open quantity. Then cancel it.
  outcome(engine, "modify 102: 4 @ 103", engine.modify(102, 103, 4), Status::Ok);
  expect(engine.level_at(0, Side::Sell, 101).orders == 0, "nothing left at 101");
  outcome(engine, "cancel 102", engine.cancel(102), Status::Ok);

  // Mass cancel: account 3's bids go, account 4's stays.
  outcome(engine, "buy 301: 5 @ 90", engine.submit(limit(301, Side::Buy, 90, 5, 3)), Status::Ok);
  outcome(engine, "buy 302: 5 @ 91", engine.submit(limit(302, Side::Buy, 91, 5, 3)), Status::Ok);
  outcome(engine, "buy 401: 5 @ 89", engine.submit(limit(401, Side::Buy, 89, 5, 4)), Status::Ok);
  outcome(engine, "mass cancel symbol 0, account 3", engine.mass_cancel(0, 3), Status::Ok);
  expect(!engine.open_quantity(302), "302 is gone");
  expect(engine.open_quantity(401).has_value(), "401 stays");

  // Refusals: each returns its status, changes nothing, leaves one Rejected event.
  outcome(engine, "buy 401 again", engine.submit(limit(401, Side::Buy, 80, 1, 4)), Status::DuplicateOrderId);
  outcome(engine, "cancel 101 (filled)", engine.cancel(101), Status::UnknownHandle);
  OrderRequest post_only = limit(501, Side::Sell, 89, 1, 5);
  post_only.post_only = true;
  outcome(engine, "post-only sell 501 @ 89", engine.submit(post_only), Status::PostOnlyWouldCross);
  outcome(engine, "buy 502 @ 1000", engine.submit(limit(502, Side::Buy, 1000, 1, 5)), Status::PriceOutsideBand);
  outcome(engine, "side 3", engine.submit(limit(503, static_cast<Side>(3), 50, 1, 5)), Status::Malformed);
  outcome(engine, "order id 0", engine.submit(limit(0, Side::Buy, 50, 1, 5)), Status::Malformed);
  outcome(engine, "mass cancel symbol 7", engine.mass_cancel(7), Status::UnknownSymbol);
  for (std::uint64_t id = 601; id <= 605; ++id)
    outcome(engine, "buy 60x @ 10", engine.submit(limit(id, Side::Buy, 10, 1, 6)), Status::Ok);
  outcome(engine, "buy 606: a seventh live order", engine.submit(limit(606, Side::Buy, 10, 1, 6)),
          Status::CapacityExhausted);

  std::printf("%d unexpected outcomes\n", failures);
  return failures == 0 ? 0 : 1;
}
