// twinmatch from C++: iceberg and stop orders (docs/matching.md, "Iceberg orders", "Stop
// orders"). An iceberg shows a slice of its quantity and replenishes at the back of its level; a
// stop waits, off the book, for the last trade price to reach its stop price, then enters as a
// market (Stop) or limit (StopLimit) order under its own id. Exits 0 when every call gave what
// the comments say.
#include <cinttypes>
#include <cstdio>

#include "twinmatch/sw/engine.hpp"

namespace {

using twinmatch::Event;
using twinmatch::EventType;
using twinmatch::OrderType;
using twinmatch::Side;
using twinmatch::TimeInForce;
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

// The events of the last call, with the three that stops and icebergs add.
void print_events(const MatchingEngine& engine) {
  const auto events = engine.events();
  const auto ids = engine.event_order_ids();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    switch (static_cast<EventType>(e.type)) {
    case EventType::Accepted:
      std::printf("  accepted   order %" PRIu64 ", %" PRIu32 " open\n", ids[i].order_id, e.remaining);
      break;
    case EventType::Fill:
      std::printf("  fill       %" PRIu32 " @ %" PRIu32 ": taker %" PRIu64 ", maker %" PRIu64 " (%" PRIu32 " left)\n",
                  e.quantity, e.price, ids[i].order_id, ids[i].maker_order_id, e.maker_remaining);
      break;
    case EventType::Replenished:
      std::printf("  replenish  order %" PRIu64 ": shows %" PRIu32 " more, to the back of %" PRIu32 "\n",
                  ids[i].order_id, e.quantity, e.price);
      break;
    case EventType::StopAccepted:
      std::printf("  stop       order %" PRIu64 " waits for %" PRIu32 "\n", ids[i].order_id, e.aux);
      break;
    case EventType::StopTriggered:
      std::printf("  triggered  order %" PRIu64 " (stop %" PRIu32 ")\n", ids[i].order_id, e.aux);
      break;
    case EventType::Modified:
      std::printf("  modified   order %" PRIu64 ": %" PRIu32 " @ %" PRIu32 ", stop %" PRIu32 "\n", ids[i].order_id,
                  e.remaining, e.price, e.aux);
      break;
    case EventType::Cancelled:
      std::printf("  cancelled  order %" PRIu64 "\n", ids[i].order_id);
      break;
    case EventType::Rejected:
      std::printf("  rejected   order %" PRIu64 ": %s\n", ids[i].order_id,
                  twinmatch::sw::status_name(static_cast<Status>(e.reason)));
      break;
    case EventType::LevelUpdate:
      std::printf("  level      %s %" PRIu32 ": %" PRIu64 " shown in %" PRIu32 " orders\n", e.side == 0 ? "bid" : "ask",
                  e.price, e.level_quantity, e.order_count);
      break;
    default:
      std::printf("  event type %u\n", unsigned{e.type});
    }
  }
}

void outcome(const MatchingEngine& engine, const char* call, Status status, Status expected) {
  std::printf("%s: %s\n", call, twinmatch::sw::status_name(status));
  print_events(engine);
  expect(status == expected, call);
}

// How many of the last call's events have this type.
std::size_t count(const MatchingEngine& engine, EventType type) {
  std::size_t n = 0;
  for (const Event& e : engine.events()) n += e.type == static_cast<std::uint8_t>(type);
  return n;
}

OrderRequest limit(std::uint64_t id, Side side, std::uint32_t price, std::uint32_t quantity) {
  return {.order_id = id, .side = side, .price = price, .quantity = quantity, .account = 1};
}

OrderRequest iceberg(std::uint64_t id, Side side, std::uint32_t price, std::uint32_t quantity,
                     std::uint32_t display) {
  OrderRequest order = limit(id, side, price, quantity);
  order.display_quantity = display; // a GTC limit order showing at most this much
  return order;
}

// A Stop enters as a market order, so its time in force is IOC or FOK.
OrderRequest stop(std::uint64_t id, Side side, std::uint32_t quantity, std::uint32_t stop_price) {
  return {.order_id = id, .side = side, .type = OrderType::Stop, .tif = TimeInForce::Ioc, .quantity = quantity,
          .account = 2, .stop_price = stop_price};
}

OrderRequest stop_limit(std::uint64_t id, Side side, std::uint32_t price, std::uint32_t quantity,
                        std::uint32_t stop_price) {
  return {.order_id = id, .side = side, .type = OrderType::StopLimit, .price = price, .quantity = quantity,
          .account = 2, .stop_price = stop_price};
}

} // namespace

int main() {
  // 1 symbol, prices 0..999 ticks, 16 live orders, at most 1000 per order, 2 pending stops.
  MatchingEngine engine(twinmatch::CoreConfig{1, 1000, 16, 1000, 2});

  // An iceberg of 30 showing 10, then a plain order behind it at the same price.
  outcome(engine, "sell 101: 30 @ 100 showing 10", engine.submit(iceberg(101, Side::Sell, 100, 30, 10)), Status::Ok);
  outcome(engine, "sell 102: 5 @ 100", engine.submit(limit(102, Side::Sell, 100, 5)), Status::Ok);
  expect(engine.level_at(0, Side::Sell, 100).quantity == 15, "the level shows 10 + 5");
  expect(engine.open_quantity(101) == 30u, "the iceberg's open quantity includes its hidden part");

  // Buying 15 takes the iceberg's slice of 10; it replenishes at the back, so 102 comes next.
  outcome(engine, "buy 201: 15 @ 100", engine.submit(limit(201, Side::Buy, 100, 15)), Status::Ok);
  expect(count(engine, EventType::Replenished) == 1, "one replenishment");
  expect(engine.open_quantity(101) == 20u && !engine.open_quantity(102), "101 keeps 20, 102 is filled");
  expect(engine.level_at(0, Side::Sell, 100).quantity == 10, "a new slice of 10 shows");

  // A buy stop at 105 waits: the last trade was at 100. Its id is live meanwhile.
  outcome(engine, "buy stop 301: 8 at 105", engine.submit(stop(301, Side::Buy, 8, 105)), Status::Ok);
  expect(count(engine, EventType::StopAccepted) == 1 && engine.open_quantity(301) == 8u, "301 is pending");

  // Lowering its stop price to 100 triggers it in the same call: it buys 8 from the iceberg.
  outcome(engine, "modify stop 301: stop 100", engine.modify_stop(301, 0, 8, 100), Status::Ok);
  expect(count(engine, EventType::StopTriggered) == 1 && count(engine, EventType::Fill) == 1, "301 ran at once");
  expect(engine.open_quantity(101) == 12u && !engine.open_quantity(301), "12 left of the iceberg, 301 done");

  // Two sell stop-limits fill the book's 2 stop places; a third is refused.
  outcome(engine, "sell stop-limit 401: 5 @ 94, stop 95", engine.submit(stop_limit(401, Side::Sell, 94, 5, 95)),
          Status::Ok);
  outcome(engine, "sell stop-limit 402: 5 @ 89, stop 90", engine.submit(stop_limit(402, Side::Sell, 89, 5, 90)),
          Status::Ok);
  outcome(engine, "sell stop-limit 403", engine.submit(stop_limit(403, Side::Sell, 80, 5, 85)), Status::StopCapacity);

  // A pending stop cancels like any order.
  outcome(engine, "cancel 402", engine.cancel(402), Status::Ok);
  expect(!engine.open_quantity(402) && engine.open_quantity(401) == 5u, "402 gone, 401 waits");

  std::printf("%d unexpected outcomes\n", failures);
  return failures == 0 ? 0 : 1;
}
