// What the drop-in API and its C ABI promise beyond matching: the C constants are the protocol's
// values, every status has a name, the version is the project's, the per-price level query, and
// engines on separate threads share nothing.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "twinmatch/sw/engine.hpp"
#include "twinmatch/twinmatch_c.h"

namespace twinmatch::sw {
namespace {

TEST_CASE("C ABI: the constants are the protocol's values", "[c_abi]") {
  STATIC_REQUIRE(TWINMATCH_BUY == static_cast<int>(Side::Buy));
  STATIC_REQUIRE(TWINMATCH_SELL == static_cast<int>(Side::Sell));
  STATIC_REQUIRE(TWINMATCH_LIMIT == static_cast<int>(OrderType::Limit));
  STATIC_REQUIRE(TWINMATCH_MARKET == static_cast<int>(OrderType::Market));
  STATIC_REQUIRE(TWINMATCH_GTC == static_cast<int>(TimeInForce::Gtc));
  STATIC_REQUIRE(TWINMATCH_IOC == static_cast<int>(TimeInForce::Ioc));
  STATIC_REQUIRE(TWINMATCH_FOK == static_cast<int>(TimeInForce::Fok));
  STATIC_REQUIRE(TWINMATCH_STP_NONE == static_cast<int>(StpMode::None));
  STATIC_REQUIRE(TWINMATCH_STP_CANCEL_RESTING == static_cast<int>(StpMode::CancelResting));
  STATIC_REQUIRE(TWINMATCH_STP_CANCEL_INCOMING == static_cast<int>(StpMode::CancelIncoming));
  STATIC_REQUIRE(TWINMATCH_STP_CANCEL_BOTH == static_cast<int>(StpMode::CancelBoth));
  const int event_types[] = {TWINMATCH_EVENT_ACCEPTED,     TWINMATCH_EVENT_FILL,
                             TWINMATCH_EVENT_CANCELLED,    TWINMATCH_EVENT_MODIFIED,
                             TWINMATCH_EVENT_REJECTED,     TWINMATCH_EVENT_LEVEL_UPDATE,
                             TWINMATCH_EVENT_SNAPSHOT_ROW, TWINMATCH_EVENT_SNAPSHOT_END,
                             TWINMATCH_EVENT_MASS_CANCEL_DONE};
  for (int i = 0; i < 9; ++i) CHECK(event_types[i] == static_cast<int>(EventType::Accepted) + i);
  CHECK(TWINMATCH_EVENT_MASS_CANCEL_DONE == static_cast<int>(EventType::MassCancelDone));
  CHECK(TWINMATCH_EVENT_FLAG_LAST == kEventLast);
  const int cancel_reasons[] = {TWINMATCH_CANCEL_USER, TWINMATCH_CANCEL_IMMEDIATE_OR_CANCEL,
                                TWINMATCH_CANCEL_FILL_OR_KILL, TWINMATCH_CANCEL_MARKET_REMAINDER,
                                TWINMATCH_CANCEL_MASS, TWINMATCH_CANCEL_SELF_TRADE};
  for (int i = 0; i < 6; ++i) CHECK(cancel_reasons[i] == static_cast<int>(CancelReason::User) + i);
  CHECK(TWINMATCH_CANCEL_SELF_TRADE == static_cast<int>(CancelReason::SelfTrade));
  CHECK(TWINMATCH_OP_NEW_ORDER == static_cast<int>(Opcode::NewOrder));
  CHECK(TWINMATCH_OP_CANCEL == static_cast<int>(Opcode::Cancel));
  CHECK(TWINMATCH_OP_MODIFY == static_cast<int>(Opcode::Modify));
  CHECK(TWINMATCH_OP_MASS_CANCEL == static_cast<int>(Opcode::MassCancel));
  CHECK(TWINMATCH_OP_SNAPSHOT == static_cast<int>(Opcode::Snapshot));
  // Protocol 3.
  STATIC_REQUIRE(TWINMATCH_STOP == static_cast<int>(OrderType::Stop));
  STATIC_REQUIRE(TWINMATCH_STOP_LIMIT == static_cast<int>(OrderType::StopLimit));
  STATIC_REQUIRE(TWINMATCH_EVENT_STOP_ACCEPTED == static_cast<int>(EventType::StopAccepted));
  STATIC_REQUIRE(TWINMATCH_EVENT_STOP_TRIGGERED == static_cast<int>(EventType::StopTriggered));
  STATIC_REQUIRE(TWINMATCH_EVENT_REPLENISHED == static_cast<int>(EventType::Replenished));
  STATIC_REQUIRE(TWINMATCH_STOP_CAPACITY == static_cast<int>(RejectReason::StopCapacity));
}

TEST_CASE("every status has its name, in C++ and C", "[drop_in][c_abi]") {
  const std::vector<std::pair<Status, std::string_view>> names{
      {Status::Ok, "Ok"},
      {Status::Malformed, "Malformed"},
      {Status::UnknownSymbol, "UnknownSymbol"},
      {Status::HandleOutOfRange, "HandleOutOfRange"},
      {Status::HandleInUse, "HandleInUse"},
      {Status::UnknownHandle, "UnknownHandle"},
      {Status::ZeroQuantity, "ZeroQuantity"},
      {Status::QuantityTooLarge, "QuantityTooLarge"},
      {Status::PriceOutOfRange, "PriceOutOfRange"},
      {Status::InvalidCombination, "InvalidCombination"},
      {Status::PostOnlyWouldCross, "PostOnlyWouldCross"},
      {Status::CapacityExhausted, "CapacityExhausted"},
      {Status::DuplicateOrderId, "DuplicateOrderId"},
      {Status::PriceOutsideBand, "PriceOutsideBand"},
      {Status::StopCapacity, "StopCapacity"},
  };
  for (const auto& [status, name] : names) {
    INFO(static_cast<int>(status));
    CHECK(status_name(status) == name);
    CHECK(twinmatch_status_name(static_cast<int>(status)) == name);
  }
  CHECK(twinmatch_status_name(TWINMATCH_DUPLICATE_ORDER_ID) == std::string_view("DuplicateOrderId"));
  CHECK(twinmatch_status_name(-1) == std::string_view("Unknown"));
  CHECK(twinmatch_status_name(200) == std::string_view("Unknown"));
  CHECK(twinmatch_status_name(1 << 20) == std::string_view("Unknown"));
}

TEST_CASE("the library's version is the project's", "[c_abi]") {
  CHECK(std::string_view(twinmatch_version()) == TWINMATCH_PROJECT_VERSION);
  CHECK(std::string_view(TWINMATCH_VERSION_STRING) == TWINMATCH_PROJECT_VERSION);
  const std::string parts = std::to_string(TWINMATCH_VERSION_MAJOR) + "." + std::to_string(TWINMATCH_VERSION_MINOR) +
                            "." + std::to_string(TWINMATCH_VERSION_PATCH);
  CHECK(parts == TWINMATCH_PROJECT_VERSION);
}

TEST_CASE("the level at one price, in C++ and C", "[drop_in][c_abi]") {
  MatchingEngine engine(CoreConfig{2, 100, 8, 1000});
  REQUIRE(engine.submit({.order_id = 1, .side = Side::Sell, .price = 50, .quantity = 7}) == Status::Ok);
  REQUIRE(engine.submit({.order_id = 2, .side = Side::Sell, .price = 50, .quantity = 4}) == Status::Ok);
  REQUIRE(engine.submit({.order_id = 3, .symbol = 1, .side = Side::Buy, .price = 50, .quantity = 9}) == Status::Ok);
  const LevelView level = engine.level_at(0, Side::Sell, 50);
  CHECK(level.price == 50);
  CHECK(level.orders == 2);
  CHECK(level.quantity == 11);
  // The same as depth() reports for that level.
  std::vector<LevelView> depth(4);
  REQUIRE(engine.depth(0, Side::Sell, depth) == 1);
  CHECK(depth[0].quantity == level.quantity);
  // Other side, other symbol, empty price, out of range: nothing.
  CHECK(engine.level_at(0, Side::Buy, 50).quantity == 0);
  CHECK(engine.level_at(1, Side::Buy, 50).quantity == 9);
  CHECK(engine.level_at(0, Side::Sell, 51).orders == 0);
  CHECK(engine.level_at(0, Side::Sell, 100).quantity == 0);
  CHECK(engine.level_at(7, Side::Sell, 50).quantity == 0);
  CHECK(engine.level_at(0, static_cast<Side>(2), 50).quantity == 0);
  // A partial fill and a cancel show at once.
  REQUIRE(engine.submit({.order_id = 4, .price = 50, .quantity = 3}) == Status::Ok);
  CHECK(engine.level_at(0, Side::Sell, 50).quantity == 8);
  REQUIRE(engine.cancel(2) == Status::Ok);
  CHECK(engine.level_at(0, Side::Sell, 50).quantity == 4);
  CHECK(engine.level_at(0, Side::Sell, 50).orders == 1);

  const twinmatch_config config{1, 100, 8, 1000};
  twinmatch_engine* c = twinmatch_create(&config);
  REQUIRE(c != nullptr);
  twinmatch_order order{};
  order.order_id = 9;
  order.side = TWINMATCH_BUY;
  order.price = 20;
  order.quantity = 6;
  REQUIRE(twinmatch_submit(c, &order) == TWINMATCH_OK);
  twinmatch_level out{};
  CHECK(twinmatch_level_at(c, 0, TWINMATCH_BUY, 20, &out) == 1);
  CHECK(out.price == 20);
  CHECK(out.orders == 1);
  CHECK(out.quantity == 6);
  CHECK(twinmatch_level_at(c, 0, TWINMATCH_BUY, 21, &out) == 0);
  CHECK(out.quantity == 0);
  CHECK(twinmatch_level_at(c, 0, 9, 20, &out) == 0);
  CHECK(twinmatch_level_at(c, 0, TWINMATCH_BUY, 20, nullptr) == 0);
  CHECK(twinmatch_level_at(nullptr, 0, TWINMATCH_BUY, 20, &out) == 0);
  twinmatch_destroy(c);
}

// The calls and their event streams of one engine, as bytes.
std::vector<std::byte> random_session(std::uint64_t seed) {
  MatchingEngine engine(CoreConfig{4, 200, 256, 1000});
  std::mt19937_64 random(seed);
  std::vector<std::byte> bytes;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t id = 1 + random() % 400;
    Status status;
    if (random() % 3 == 0) {
      status = engine.cancel(id);
    } else {
      status = engine.submit({.order_id = id,
                              .symbol = static_cast<std::uint16_t>(random() % 4),
                              .side = random() % 2 == 0 ? Side::Buy : Side::Sell,
                              .price = static_cast<std::uint32_t>(90 + random() % 20),
                              .quantity = static_cast<std::uint32_t>(1 + random() % 50)});
    }
    bytes.push_back(static_cast<std::byte>(status));
    const auto events = std::as_bytes(engine.events());
    bytes.insert(bytes.end(), events.begin(), events.end());
    const auto ids = std::as_bytes(engine.event_order_ids());
    bytes.insert(bytes.end(), ids.begin(), ids.end());
  }
  return bytes;
}

// The documented rule: one engine per thread. Engines on separate threads share nothing, so each
// gives what it gives alone (and `make test-sanitize` / TSan builds see no shared state).
TEST_CASE("drop-in: engines on separate threads run independently", "[drop_in][threads]") {
  const std::vector<std::byte> alone_a = random_session(1);
  const std::vector<std::byte> alone_b = random_session(2);
  std::vector<std::byte> threaded_a, threaded_b;
  std::thread a([&] { threaded_a = random_session(1); });
  std::thread b([&] { threaded_b = random_session(2); });
  a.join();
  b.join();
  CHECK(threaded_a == alone_a);
  CHECK(threaded_b == alone_b);
  CHECK(alone_a != alone_b);
}


TEST_CASE("a moved band: the level query, a rejection's client id, and a refused move", "[drop_in][band]") {
  MatchingEngine engine(CoreConfig{2, 128, 8, 1000});
  REQUIRE(engine.set_band(0, 4'000'000'000u) == Status::Ok);
  REQUIRE(engine.events().size() == 1);
  CHECK(engine.events()[0].type == static_cast<std::uint8_t>(EventType::BandSet));
  REQUIRE(engine.submit({.order_id = 77, .side = Side::Sell, .price = 4'000'000'100u, .quantity = 5}) ==
          Status::Ok);
  CHECK(engine.level_at(0, Side::Sell, 4'000'000'100u).quantity == 5);
  CHECK(engine.level_at(0, Side::Sell, 100).quantity == 0); // below the band
  CHECK(engine.level_at(0, Side::Sell, 4'000'000'128u).quantity == 0); // above it

  // The core rejects the move out of the band; the rejection names the order.
  CHECK(engine.modify(77, 4'000'000'200u, 5) == Status::PriceOutsideBand);
  REQUIRE(engine.events().size() == 1);
  CHECK(engine.event_order_ids()[0].order_id == 77);
  // A new order outside the band: its own id, and the id is free again.
  CHECK(engine.submit({.order_id = 78, .side = Side::Buy, .price = 5, .quantity = 1}) == Status::PriceOutsideBand);
  CHECK(engine.event_order_ids()[0].order_id == 78);
  CHECK_FALSE(engine.open_quantity(78).has_value());
  // A band move the core refuses names no order.
  CHECK(engine.set_band(0, 65) == Status::PriceOutOfRange);
  REQUIRE(engine.events().size() == 1);
  CHECK(engine.event_order_ids()[0].order_id == 0);
  // A move that leaves the order outside cancels it, and the cancel names it.
  REQUIRE(engine.set_band(0, 0) == Status::Ok);
  REQUIRE(engine.events().size() == 3); // Cancelled, LevelUpdate, BandSet
  CHECK(engine.events()[0].reason == static_cast<std::uint8_t>(CancelReason::BandMoved));
  CHECK(engine.event_order_ids()[0].order_id == 77);
  CHECK(engine.live_orders() == 0);

  const twinmatch_config config{1, 128, 8, 1000};
  twinmatch_engine* c = twinmatch_create(&config);
  REQUIRE(c != nullptr);
  CHECK(twinmatch_set_band(c, 0, 64) == TWINMATCH_OK);
  CHECK(twinmatch_events(c)[0].type == TWINMATCH_EVENT_BAND_SET);
  CHECK(twinmatch_set_band(c, 3, 64) == TWINMATCH_UNKNOWN_SYMBOL);
  CHECK(twinmatch_event_count(c) == 1);
  twinmatch_destroy(c);
}

} // namespace
} // namespace twinmatch::sw
