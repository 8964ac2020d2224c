// The traps of issue 18 in the drop-in API and its C ABI, written against the API as it was so
// that each failed before the fix: a refused C call left the previous call's events readable,
// refusals disagreed on whether they leave an event, order id 0 was accepted although it means
// "no order", and Rejected events carried no client id.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <span>

#include "twinmatch/sw/engine.hpp"
#include "twinmatch/twinmatch_c.h"

namespace twinmatch::sw {
namespace {

using CEngine = std::unique_ptr<twinmatch_engine, decltype(&twinmatch_destroy)>;

CEngine c_engine() {
  const twinmatch_config config{2, 1000, 4, 1000};
  return CEngine(twinmatch_create(&config), &twinmatch_destroy);
}

twinmatch_order c_order(std::uint64_t id, std::uint8_t side, std::uint32_t price, std::uint32_t quantity) {
  twinmatch_order order{};
  order.order_id = id;
  order.side = side;
  order.price = price;
  order.quantity = quantity;
  return order;
}

// The call just made was refused with `status`: one Rejected event, that reason, that client id.
void require_own_rejection(const twinmatch_engine* engine, int status, std::uint64_t order_id) {
  REQUIRE(twinmatch_event_count(engine) == 1);
  const twinmatch_event& event = twinmatch_events(engine)[0];
  CHECK(event.type == static_cast<std::uint8_t>(EventType::Rejected));
  CHECK(event.reason == status);
  CHECK((event.flags & kEventLast) != 0);
  CHECK(twinmatch_event_order_ids(engine)[0].order_id == order_id);
  CHECK(twinmatch_event_order_ids(engine)[0].maker_order_id == 0);
}

TEST_CASE("C ABI: a call the C layer refuses does not leave the previous call's events",
          "[c_abi][regression]") {
  CEngine engine = c_engine();
  REQUIRE(engine);
  twinmatch_order order = c_order(10, 0, 100, 5);
  REQUIRE(twinmatch_submit(engine.get(), &order) == TWINMATCH_OK);
  REQUIRE(twinmatch_event_count(engine.get()) == 2); // Accepted, LevelUpdate

  twinmatch_order reserved = c_order(11, 0, 100, 5);
  reserved.reserved = 1;
  REQUIRE(twinmatch_submit(engine.get(), &reserved) == TWINMATCH_MALFORMED);
  require_own_rejection(engine.get(), TWINMATCH_MALFORMED, 11);
  // A caller draining events after every call sees no fill twice.
  for (std::size_t i = 0; i < twinmatch_event_count(engine.get()); ++i)
    CHECK(twinmatch_events(engine.get())[i].type != static_cast<std::uint8_t>(EventType::Accepted));
}

TEST_CASE("C ABI: every refusal leaves exactly its own Rejected event, with its client id",
          "[c_abi][regression]") {
  CEngine engine = c_engine();
  REQUIRE(engine);
  twinmatch_engine* e = engine.get();
  twinmatch_order resting = c_order(1, 1, 200, 5);
  REQUIRE(twinmatch_submit(e, &resting) == TWINMATCH_OK);

  // Before every refusal an accepted call, so that stale events would show.
  const auto after_accepted_call = [&] {
    twinmatch_order other = c_order(2, 0, 10, 1);
    REQUIRE(twinmatch_submit(e, &other) == TWINMATCH_OK);
    REQUIRE(twinmatch_cancel(e, 2) == TWINMATCH_OK);
  };

  SECTION("the C layer's own: reserved, post_only 7, NULL order") {
    twinmatch_order order = c_order(20, 0, 100, 5);
    order.reserved = 3;
    after_accepted_call();
    REQUIRE(twinmatch_submit(e, &order) == TWINMATCH_MALFORMED);
    require_own_rejection(e, TWINMATCH_MALFORMED, 20);
    order.reserved = 0;
    order.post_only = 7;
    after_accepted_call();
    REQUIRE(twinmatch_submit(e, &order) == TWINMATCH_MALFORMED);
    require_own_rejection(e, TWINMATCH_MALFORMED, 20);
    after_accepted_call();
    REQUIRE(twinmatch_submit(e, nullptr) == TWINMATCH_MALFORMED);
    require_own_rejection(e, TWINMATCH_MALFORMED, 0);
  }
  SECTION("the core's: side 3, a price outside the band, a modify outside it, a mass cancel") {
    twinmatch_order order = c_order(21, 3, 100, 5);
    after_accepted_call();
    REQUIRE(twinmatch_submit(e, &order) == TWINMATCH_MALFORMED);
    require_own_rejection(e, TWINMATCH_MALFORMED, 21);
    order = c_order(22, 0, 5000, 5);
    after_accepted_call();
    REQUIRE(twinmatch_submit(e, &order) == TWINMATCH_PRICE_OUTSIDE_BAND);
    require_own_rejection(e, TWINMATCH_PRICE_OUTSIDE_BAND, 22);
    after_accepted_call();
    REQUIRE(twinmatch_modify(e, 1, 5000, 5) == TWINMATCH_PRICE_OUTSIDE_BAND);
    require_own_rejection(e, TWINMATCH_PRICE_OUTSIDE_BAND, 1);
    after_accepted_call();
    REQUIRE(twinmatch_mass_cancel(e, 9, 0, 0) == TWINMATCH_UNKNOWN_SYMBOL);
    require_own_rejection(e, TWINMATCH_UNKNOWN_SYMBOL, 0);
  }
  SECTION("the id layer's: a duplicate id, unknown ids, no capacity left") {
    after_accepted_call();
    REQUIRE(twinmatch_submit(e, &resting) == TWINMATCH_DUPLICATE_ORDER_ID);
    require_own_rejection(e, TWINMATCH_DUPLICATE_ORDER_ID, 1);
    after_accepted_call();
    REQUIRE(twinmatch_cancel(e, 99) == TWINMATCH_UNKNOWN_HANDLE);
    require_own_rejection(e, TWINMATCH_UNKNOWN_HANDLE, 99);
    after_accepted_call();
    REQUIRE(twinmatch_modify(e, 98, 100, 1) == TWINMATCH_UNKNOWN_HANDLE);
    require_own_rejection(e, TWINMATCH_UNKNOWN_HANDLE, 98);
    for (std::uint64_t id = 30; id < 33; ++id) { // 4 handles: 1 and these three
      twinmatch_order order = c_order(id, 0, 10, 1);
      REQUIRE(twinmatch_submit(e, &order) == TWINMATCH_OK);
    }
    twinmatch_order one_more = c_order(40, 0, 10, 1);
    REQUIRE(twinmatch_submit(e, &one_more) == TWINMATCH_CAPACITY_EXHAUSTED);
    require_own_rejection(e, TWINMATCH_CAPACITY_EXHAUSTED, 40);
  }
  std::uint32_t open = 0;
  CHECK(twinmatch_open_quantity(e, 1, &open) == 1);
  CHECK(open == 5);
}

TEST_CASE("drop-in: order id 0 is refused, since 0 means no order in the event ids",
          "[drop_in][regression]") {
  MatchingEngine engine(CoreConfig{1, 100, 4, 100});
  CHECK(engine.submit({.order_id = 0, .price = 10, .quantity = 1}) == Status::Malformed);
  CHECK(engine.live_orders() == 0);
  CHECK(!engine.best_bid(0));
  CHECK(engine.cancel(0) == Status::UnknownHandle);
  CHECK(engine.modify(0, 10, 1) == Status::UnknownHandle);

  CEngine c = c_engine();
  twinmatch_order order = c_order(0, 0, 10, 1);
  CHECK(twinmatch_submit(c.get(), &order) == TWINMATCH_MALFORMED);
  std::uint32_t price = 0;
  CHECK(twinmatch_best_bid(c.get(), 0, &price) == 0);
}

TEST_CASE("drop-in: a Rejected event carries the client id of the order it refuses",
          "[drop_in][regression]") {
  MatchingEngine engine(CoreConfig{1, 100, 4, 100});
  REQUIRE(engine.submit({.order_id = 5, .price = 10, .quantity = 1}) == Status::Ok);

  const auto rejected_id = [&] {
    REQUIRE(engine.events().size() == 1);
    CHECK(engine.events()[0].type == static_cast<std::uint8_t>(EventType::Rejected));
    return engine.event_order_ids()[0].order_id;
  };
  CHECK(engine.submit({.order_id = 77, .symbol = 3, .price = 10, .quantity = 1}) == Status::UnknownSymbol);
  CHECK(rejected_id() == 77);
  CHECK(engine.submit({.order_id = 78, .price = 10, .quantity = 0}) == Status::ZeroQuantity);
  CHECK(rejected_id() == 78);
  CHECK(engine.modify(5, 10, 1000) == Status::QuantityTooLarge);
  CHECK(rejected_id() == 5);
  CHECK(engine.submit({.order_id = 5, .price = 10, .quantity = 1}) == Status::DuplicateOrderId);
  CHECK(rejected_id() == 5);
  CHECK(engine.snapshot(4) == Status::UnknownSymbol);
  CHECK(rejected_id() == 0);
}

} // namespace
} // namespace twinmatch::sw
