// The drop-in MatchingEngine: client ids, the id-layer refusals, queries, and that a refused
// call changes nothing.
#include <catch2/catch.hpp>

#include <vector>

#include "twinmatch/sw/engine.hpp"

namespace twinmatch::sw {
namespace {

constexpr CoreConfig kConfig{3, 500, 4, 1000};

OrderRequest order(std::uint64_t id, Side side, std::uint32_t price, std::uint32_t quantity, std::uint16_t symbol = 0) {
  return {.order_id = id, .symbol = symbol, .side = side, .price = price, .quantity = quantity};
}

// Everything a caller can see of symbol 0 and 1.
struct Picture {
  std::vector<LevelView> levels;
  std::optional<std::uint32_t> bid0, ask0, bid1, ask1;
  std::uint32_t live;

  static Picture of(const MatchingEngine& engine) {
    Picture p;
    for (std::uint16_t symbol = 0; symbol < 2; ++symbol) {
      for (Side side : {Side::Buy, Side::Sell}) {
        std::vector<LevelView> levels(16);
        levels.resize(engine.depth(symbol, side, levels));
        p.levels.insert(p.levels.end(), levels.begin(), levels.end());
        p.levels.push_back(LevelView{0xFFFFFFFF, 0, 0}); // separator
      }
    }
    p.bid0 = engine.best_bid(0);
    p.ask0 = engine.best_ask(0);
    p.bid1 = engine.best_bid(1);
    p.ask1 = engine.best_ask(1);
    p.live = engine.live_orders();
    return p;
  }

  bool operator==(const Picture& other) const {
    if (levels.size() != other.levels.size()) return false;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const LevelView& a = levels[i];
      const LevelView& b = other.levels[i];
      if (a.price != b.price || a.orders != b.orders || a.quantity != b.quantity) return false;
    }
    return bid0 == other.bid0 && ask0 == other.ask0 && bid1 == other.bid1 && ask1 == other.ask1 && live == other.live;
  }
};

TEST_CASE("drop-in: orders by client id, fills carry both ids, handles come back", "[drop_in]") {
  MatchingEngine engine(kConfig);
  REQUIRE(engine.submit(order(1001, Side::Sell, 100, 5)) == Status::Ok);
  REQUIRE(engine.submit(order(1002, Side::Sell, 101, 5)) == Status::Ok);
  CHECK(engine.best_ask(0) == 100u);
  CHECK(!engine.best_bid(0));
  CHECK(engine.live_orders() == 2);

  REQUIRE(engine.submit(order(2001, Side::Buy, 101, 7)) == Status::Ok);
  // Accepted, Fill 1001, LevelUpdate 100, Fill 1002, LevelUpdate 101
  REQUIRE(engine.events().size() == 5);
  const auto ids = engine.event_order_ids();
  CHECK(engine.events()[1].type == static_cast<std::uint8_t>(EventType::Fill));
  CHECK(ids[1].order_id == 2001);
  CHECK(ids[1].maker_order_id == 1001);
  CHECK(ids[3].maker_order_id == 1002);
  CHECK((engine.events().back().flags & kEventLast) != 0);

  CHECK(!engine.open_quantity(1001));    // filled: id no longer live
  CHECK(engine.open_quantity(1002) == 3u);
  CHECK(!engine.open_quantity(2001));
  CHECK(engine.live_orders() == 1);
  CHECK(engine.best_ask(0) == 101u);

  // A filled order's id is free again.
  REQUIRE(engine.submit(order(1001, Side::Buy, 90, 1)) == Status::Ok);
  CHECK(engine.best_bid(0) == 90u);
  REQUIRE(engine.modify(1001, 95, 3) == Status::Ok);
  CHECK(engine.best_bid(0) == 95u);
  CHECK(engine.open_quantity(1001) == 3u);
  REQUIRE(engine.cancel(1001) == Status::Ok);
  CHECK(!engine.best_bid(0));
  CHECK(engine.live_orders() == 1);
}

TEST_CASE("drop-in: id-layer refusals and core rejects change nothing", "[drop_in][validation]") {
  MatchingEngine engine(kConfig);
  REQUIRE(engine.submit(order(1, Side::Buy, 100, 5)) == Status::Ok);
  REQUIRE(engine.submit(order(2, Side::Sell, 110, 5)) == Status::Ok);
  REQUIRE(engine.submit(order(3, Side::Sell, 120, 5, 1)) == Status::Ok);
  const Picture before = Picture::of(engine);

  CHECK(engine.submit(order(1, Side::Buy, 99, 5)) == Status::DuplicateOrderId);
  REQUIRE(engine.events().size() == 1); // its Rejected event, unnumbered: the core never saw it
  CHECK(engine.events()[0].type == static_cast<std::uint8_t>(EventType::Rejected));
  CHECK(engine.events()[0].seq == 0);
  CHECK(engine.cancel(77) == Status::UnknownHandle);
  CHECK(engine.modify(77, 100, 1) == Status::UnknownHandle);
  CHECK(engine.submit(order(9, Side::Buy, 99, 5, 3)) == Status::UnknownSymbol);
  CHECK(engine.events().size() == 1);
  CHECK(engine.submit(order(9, Side::Buy, 500, 5)) == Status::PriceOutsideBand);
  CHECK(engine.submit(order(9, Side::Buy, 99, 0)) == Status::ZeroQuantity);
  CHECK(engine.submit(order(9, Side::Buy, 99, 1001)) == Status::QuantityTooLarge);
  CHECK(engine.modify(1, 100, 0) == Status::ZeroQuantity);
  CHECK(engine.modify(1, 100, 1001) == Status::QuantityTooLarge);
  CHECK(engine.modify(1, 600, 5) == Status::PriceOutsideBand);
  CHECK(engine.mass_cancel(3) == Status::UnknownSymbol);
  CHECK(engine.snapshot(7) == Status::UnknownSymbol);
  OrderRequest bad_side = order(9, Side::Buy, 99, 5);
  bad_side.side = static_cast<Side>(2);
  CHECK(engine.submit(bad_side) == Status::Malformed);
  OrderRequest bad_combo = order(9, Side::Buy, 99, 5);
  bad_combo.post_only = true;
  bad_combo.tif = TimeInForce::Ioc;
  CHECK(engine.submit(bad_combo) == Status::InvalidCombination);
  OrderRequest crossing = order(9, Side::Buy, 110, 5);
  crossing.post_only = true;
  CHECK(engine.submit(crossing) == Status::PostOnlyWouldCross);
  CHECK(!engine.open_quantity(9)); // a rejected order leaves no live id
  CHECK(Picture::of(engine) == before);

  // Capacity: 4 handles, 3 live. One more fits, the next is refused without side effects.
  REQUIRE(engine.submit(order(4, Side::Buy, 90, 1)) == Status::Ok);
  const Picture full = Picture::of(engine);
  CHECK(engine.submit(order(5, Side::Buy, 80, 1)) == Status::CapacityExhausted);
  REQUIRE(engine.events().size() == 1);
  CHECK(engine.events()[0].reason == static_cast<std::uint8_t>(RejectReason::CapacityExhausted));
  CHECK(engine.event_order_ids()[0].order_id == 5);
  CHECK(Picture::of(engine) == full);
  // A crossing IOC cannot get a handle either, even though it would not rest.
  OrderRequest ioc = order(6, Side::Buy, 110, 1);
  ioc.tif = TimeInForce::Ioc;
  CHECK(engine.submit(ioc) == Status::CapacityExhausted);
  REQUIRE(engine.cancel(4) == Status::Ok);
  CHECK(engine.submit(ioc) == Status::Ok);
  CHECK(engine.open_quantity(2) == 4u);
}

TEST_CASE("drop-in: mass cancel frees every cancelled id; snapshot rows arrive as events", "[drop_in]") {
  MatchingEngine engine(kConfig);
  OrderRequest a = order(10, Side::Buy, 100, 5);
  a.account = 1;
  OrderRequest b = order(11, Side::Buy, 101, 5);
  b.account = 2;
  OrderRequest c = order(12, Side::Sell, 105, 5);
  c.account = 1;
  REQUIRE(engine.submit(a) == Status::Ok);
  REQUIRE(engine.submit(b) == Status::Ok);
  REQUIRE(engine.submit(c) == Status::Ok);

  REQUIRE(engine.snapshot(0) == Status::Ok);
  REQUIRE(engine.events().size() == 4);
  CHECK(engine.events()[0].price == 101);
  CHECK(engine.events()[3].order_count == 3);

  REQUIRE(engine.mass_cancel(0, 1) == Status::Ok);
  CHECK(engine.events().back().order_count == 2);
  CHECK(!engine.open_quantity(10));
  CHECK(!engine.open_quantity(12));
  CHECK(engine.open_quantity(11) == 5u);
  CHECK(engine.live_orders() == 1);
  REQUIRE(engine.mass_cancel(0) == Status::Ok);
  CHECK(engine.live_orders() == 0);
  for (std::uint64_t id = 20; id < 24; ++id) CHECK(engine.submit(order(id, Side::Buy, 50, 1)) == Status::Ok);
}

TEST_CASE("drop-in: the CPU default holds its full configuration", "[drop_in]") {
  MatchingEngine engine;
  CHECK(engine.config() == kCpuConfig);
  REQUIRE(engine.submit(order(~std::uint64_t{0}, Side::Buy, 16383, 1'000'000'000, 63)) == Status::Ok);
  CHECK(engine.best_bid(63) == 16383u);
  CHECK(engine.open_quantity(~std::uint64_t{0}) == 1'000'000'000u);
}

TEST_CASE("drop-in: an impossible configuration is refused at start-up", "[drop_in]") {
  CHECK_THROWS(MatchingEngine(CoreConfig{0, 10, 10, 10}));
  CHECK_THROWS(MatchingEngine(CoreConfig{70000, 10, 10, 10}));
  CHECK_THROWS(MatchingEngine(CoreConfig{1, 10, 0, 10}));
  // More than 16 GiB of page tables (65,536 books with bands of 2^32 - 16 ticks): refused before
  // anything is mapped, whatever the OS would allow.
  CHECK_THROWS(MatchingEngine(CoreConfig{65536, 0xFFFFFFF0u, 16, 1000}));
}

} // namespace
} // namespace twinmatch::sw

namespace twinmatch::sw {
namespace {

// Stop orders and icebergs through the drop-in API: client ids while pending and after a trigger.
TEST_CASE("drop-in: a stop keeps its client id while pending and through its trigger", "[drop_in][stop]") {
  MatchingEngine engine(CoreConfig{2, 500, 8, 1000, 2});
  REQUIRE(engine.submit({.order_id = 1, .side = Side::Sell, .price = 101, .quantity = 10}) == Status::Ok);
  REQUIRE(engine.submit({.order_id = 2, .side = Side::Buy, .type = OrderType::Stop, .tif = TimeInForce::Ioc,
                         .quantity = 4, .stop_price = 100}) == Status::Ok);
  REQUIRE(engine.events().size() == 1);
  CHECK(engine.events()[0].type == static_cast<std::uint8_t>(EventType::StopAccepted));
  CHECK(engine.events()[0].aux == 100u);
  CHECK(engine.event_order_ids()[0].order_id == 2u);
  CHECK(engine.live_orders() == 2);
  CHECK(engine.open_quantity(2) == 4u);
  CHECK(engine.submit({.order_id = 2, .side = Side::Buy, .price = 90, .quantity = 1}) == Status::DuplicateOrderId);
  // A pending StopLimit whose modify keeps its id; a third stop finds the book's table full.
  REQUIRE(engine.submit({.order_id = 3, .side = Side::Buy, .type = OrderType::StopLimit, .price = 102,
                         .quantity = 2, .stop_price = 101}) == Status::Ok);
  CHECK(engine.submit({.order_id = 4, .side = Side::Buy, .type = OrderType::Stop, .tif = TimeInForce::Fok,
                       .quantity = 1, .stop_price = 1}) == Status::StopCapacity);
  CHECK(engine.modify_stop(3, 102, 3, 105) == Status::Ok);
  CHECK(engine.events()[0].aux == 105u);
  CHECK(engine.modify_stop(3, 600, 3, 105) == Status::PriceOutsideBand);
  CHECK(engine.modify_stop(2, 5, 4, 100) == Status::InvalidCombination); // a Stop has no limit price
  // A trade at 101 triggers stop 2, which buys 4 more at 101 under its own id and is done.
  REQUIRE(engine.submit({.order_id = 5, .side = Side::Buy, .price = 101, .quantity = 1}) == Status::Ok);
  const auto events = engine.events();
  const auto ids = engine.event_order_ids();
  bool triggered = false;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].type == static_cast<std::uint8_t>(EventType::StopTriggered)) {
      triggered = true;
      CHECK(ids[i].order_id == 2u);
      REQUIRE(i + 1 < events.size());
      CHECK(events[i + 1].type == static_cast<std::uint8_t>(EventType::Fill));
      CHECK(ids[i + 1].order_id == 2u);
      CHECK(ids[i + 1].maker_order_id == 1u);
    }
  }
  CHECK(triggered);
  CHECK((events.back().flags & kEventLast) != 0);
  for (std::size_t i = 0; i + 1 < events.size(); ++i) CHECK((events[i].flags & kEventLast) == 0);
  CHECK(!engine.open_quantity(2)); // filled: its id is free again
  CHECK(engine.open_quantity(1) == 5u);
  CHECK(engine.live_orders() == 2); // order 1 and the pending stop 3
  CHECK(engine.cancel(3) == Status::Ok);
  CHECK(engine.live_orders() == 1);
  CHECK(engine.submit({.order_id = 6, .side = Side::Buy, .price = 90, .quantity = 1, .stop_price = 5}) ==
        Status::Malformed); // a stop price on a limit order
}

TEST_CASE("drop-in: an iceberg shows its peak and reports its whole open quantity", "[drop_in][iceberg]") {
  MatchingEngine engine(CoreConfig{2, 500, 8, 1000, 2});
  REQUIRE(engine.submit({.order_id = 1, .side = Side::Sell, .price = 101, .quantity = 10, .display_quantity = 3}) ==
          Status::Ok);
  CHECK(engine.events()[0].aux == 3u);
  CHECK(engine.level_at(0, Side::Sell, 101).quantity == 3u);
  CHECK(engine.open_quantity(1) == 10u);
  REQUIRE(engine.submit({.order_id = 2, .side = Side::Buy, .price = 101, .quantity = 4}) == Status::Ok);
  const auto events = engine.events();
  const auto ids = engine.event_order_ids();
  // Accepted, Fill 3, Replenished 3, Fill 1, LevelUpdate.
  REQUIRE(events.size() == 5);
  CHECK(events[2].type == static_cast<std::uint8_t>(EventType::Replenished));
  CHECK(ids[2].order_id == 1u);
  CHECK(engine.open_quantity(1) == 6u);
  CHECK(engine.level_at(0, Side::Sell, 101).quantity == 2u);
  CHECK(engine.submit({.order_id = 3, .side = Side::Sell, .price = 101, .quantity = 2, .display_quantity = 3}) ==
        Status::InvalidCombination);
  CHECK(engine.cancel(1) == Status::Ok);
  CHECK(engine.events()[0].quantity == 6u);
  CHECK(engine.live_orders() == 0);
}

} // namespace
} // namespace twinmatch::sw
