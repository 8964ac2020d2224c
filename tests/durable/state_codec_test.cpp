// The canonical state of protocol 3 (docs/durability.md "Snapshots"): icebergs' peak and
// displayed part, pending stops, last trade prices and stop_orders, on states built directly
// (engine independent), and the ledger learning a stop's account before it trades.
#include <cstring>

#include <catch2/catch.hpp>

#include "twinmatch/durable/state_codec.hpp"

namespace twinmatch::durable {
namespace {

constexpr CoreConfig kConfig{4, 256, 64, 1000000, 3};

Settlement plain_settlement(const CoreConfig& core = kConfig) {
  std::string error;
  auto settlement = Settlement::create(core, SettlementConfig::uniform(core, {100, 5, 20, -5}), error);
  REQUIRE(settlement);
  return *settlement;
}

// Every kind of entry the state holds, each field with a value of its own so a field written in
// the wrong place shows.
EngineState full_state() {
  EngineState state;
  state.next_command_seq = 0x0102030405060708ull;
  state.next_event_seq = 0x1112131415161718ull;
  // An iceberg bid showing 3 of its 20 (peak 5), a plain bid, a post-only ask.
  state.orders = {{7, 1, 0, 1, false, 120, 20, 33, 5, 3},
                  {8, 1, 0, 0, false, 118, 4, 34, 0, 0},
                  {9, 1, 1, 3, true, 130, 6, 35, 0, 0}};
  state.bands = {{1, 64}};
  // A sell stop (market once triggered), then a buy stop-limit, placed in this order.
  state.stops = {{11, 1, 1, 2, 1, 0, 0, 9, 110, 41},
                 {12, 3, 0, 3, 0, 2, 140, 8, 135, 42}};
  state.last_trades = {{1, 125}, {3, 99}};
  return state;
}

std::vector<std::byte> encoded(const EngineState& state, const CoreConfig& core = kConfig) {
  std::vector<std::byte> bytes;
  ByteWriter out(bytes);
  encode_engine_state(core, state, out);
  return bytes;
}

std::uint64_t load(std::span<const std::byte> bytes, std::size_t offset, int size) {
  std::uint64_t value = 0;
  for (int i = 0; i < size; ++i) value |= std::uint64_t{std::to_integer<std::uint8_t>(bytes[offset + i])} << (8 * i);
  return value;
}

bool decodes(std::span<const std::byte> bytes, EngineState& state, std::string& error) {
  ByteReader in(bytes);
  return decode_engine_state(in, kConfig, state, error) && in.at_end();
}

Event event_of(EventType type, std::uint32_t handle, Side side = Side::Buy) {
  Event event{};
  event.type = static_cast<std::uint8_t>(type);
  event.flags = kEventLast;
  event.side = static_cast<std::uint8_t>(side);
  event.handle = handle;
  return event;
}

Event fill(std::uint32_t taker, std::uint32_t maker, Side side, std::uint32_t price,
           std::uint32_t quantity) {
  Event event = event_of(EventType::Fill, taker, side);
  event.maker_handle = maker;
  event.price = price;
  event.quantity = quantity;
  return event;
}

Command new_order(std::uint32_t handle, std::uint32_t account, OrderType type = OrderType::Limit) {
  Command command{};
  command.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
  command.version = kProtocolVersion;
  command.order_type = static_cast<std::uint8_t>(type);
  command.handle = handle;
  command.account = account;
  return command;
}

} // namespace

TEST_CASE("The engine state has the documented layout, stops and icebergs included") {
  const EngineState state = full_state();
  const std::vector<std::byte> bytes = encoded(state);
  REQUIRE(bytes.size() == 20 + 16 + 8 + 3 * 32 + 8 + 8 + 8 + 2 * 28 + 8 + 2 * 8);
  CHECK(load(bytes, 16, 4) == kConfig.stop_orders);
  CHECK(load(bytes, 20, 8) == state.next_command_seq);
  CHECK(load(bytes, 28, 8) == state.next_event_seq);
  CHECK(load(bytes, 36, 8) == 3);
  // The iceberg: u32 handle, u16 symbol, u8 side, u8 stp, u8 post_only, 3 zeros, u32 price,
  // open, account, peak, displayed.
  const std::size_t iceberg = 44;
  CHECK(load(bytes, iceberg, 4) == 7);
  CHECK(load(bytes, iceberg + 12, 4) == 120);
  CHECK(load(bytes, iceberg + 16, 4) == 20);
  CHECK(load(bytes, iceberg + 20, 4) == 33);
  CHECK(load(bytes, iceberg + 24, 4) == 5);
  CHECK(load(bytes, iceberg + 28, 4) == 3);
  CHECK(load(bytes, iceberg + 32 + 24, 8) == 0); // the plain order: no peak, nothing apart displayed
  const std::size_t bands = iceberg + 3 * 32;
  CHECK(load(bytes, bands, 8) == 1);
  const std::size_t stops = bands + 8 + 8;
  CHECK(load(bytes, stops, 8) == 2);
  // The second stop: u32 handle, u16 symbol, u8 side, u8 order_type, u8 tif, u8 stp, u16 0,
  // u32 price, quantity, stop price, account.
  const std::size_t stop_limit = stops + 8 + 28;
  CHECK(load(bytes, stop_limit, 4) == 12);
  CHECK(load(bytes, stop_limit + 4, 2) == 3);
  CHECK(load(bytes, stop_limit + 6, 1) == 0);
  CHECK(load(bytes, stop_limit + 7, 1) == static_cast<std::uint8_t>(OrderType::StopLimit));
  CHECK(load(bytes, stop_limit + 8, 1) == 0);
  CHECK(load(bytes, stop_limit + 9, 1) == 2);
  CHECK(load(bytes, stop_limit + 10, 2) == 0);
  CHECK(load(bytes, stop_limit + 12, 4) == 140);
  CHECK(load(bytes, stop_limit + 16, 4) == 8);
  CHECK(load(bytes, stop_limit + 20, 4) == 135);
  CHECK(load(bytes, stop_limit + 24, 4) == 42);
  const std::size_t last_trades = stop_limit + 28;
  CHECK(load(bytes, last_trades, 8) == 2);
  CHECK(load(bytes, last_trades + 8 + 8, 2) == 3);
  CHECK(load(bytes, last_trades + 8 + 8 + 4, 4) == 99);

  EngineState decoded;
  std::string error;
  INFO(error);
  REQUIRE(decodes(bytes, decoded, error));
  CHECK(decoded == state);
  CHECK(encoded(decoded) == bytes);
}

TEST_CASE("An engine state decodes back whatever its tables hold") {
  EngineState state = full_state();
  SECTION("no stops, no trades") {
    state.stops.clear();
    state.last_trades.clear();
  }
  SECTION("only stops") {
    state.orders.clear();
    state.bands.clear();
  }
  SECTION("stops at the most a book holds, in placing order across books") {
    state.stops.clear();
    for (std::uint32_t i = 0; i < 4 * kConfig.stop_orders; ++i) {
      state.stops.push_back({20 + i, static_cast<std::uint16_t>(3 - i % 4), static_cast<std::uint8_t>(i % 2),
                             static_cast<std::uint8_t>(2 + i % 2), static_cast<std::uint8_t>(1 + i % 2),
                             static_cast<std::uint8_t>(i % 4), i % 2 == 1 ? 200 + i : 0, 1 + i,
                             0xFFFFFFFFu - i, 1000 + i});
    }
  }
  EngineState decoded;
  std::string error;
  INFO(error);
  REQUIRE(decodes(encoded(state), decoded, error));
  CHECK(decoded == state);
}

TEST_CASE("A state for another stop_orders, cut short or with padding set is refused") {
  const EngineState state = full_state();
  const std::vector<std::byte> bytes = encoded(state);
  EngineState decoded;
  std::string error;

  CoreConfig other = kConfig;
  other.stop_orders = 4;
  const std::vector<std::byte> for_other = encoded(state, other);
  ByteReader in(for_other);
  CHECK_FALSE(decode_engine_state(in, kConfig, decoded, error));
  INFO(error);
  CHECK(error.find("stop_orders") != std::string::npos);
  CHECK(error.find("4/256/64/1000000/4") != std::string::npos);

  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    ByteReader shorter{std::span(bytes).first(cut)};
    CHECK_FALSE(decode_engine_state(shorter, kConfig, decoded, error));
  }
  // The padding bytes of an order, a stop and a last trade price.
  const std::size_t stops = 44 + 3 * 32 + 16;
  for (const std::size_t padding : {std::size_t{44 + 9}, stops + 8 + 10, stops + 8 + 11, stops + 8 + 2 * 28 + 8 + 2}) {
    std::vector<std::byte> bad = bytes;
    bad[padding] = std::byte{1};
    CHECK_FALSE(decodes(bad, decoded, error));
    CHECK(error.find("bad") != std::string::npos);
  }
  // A table count larger than the bytes left never sizes a table.
  std::vector<std::byte> huge = bytes;
  for (int i = 0; i < 8; ++i) huge[stops + i] = std::byte{0xFF};
  CHECK_FALSE(decodes(huge, decoded, error));
  CHECK(error == "engine state: truncated");
}

TEST_CASE("The ledger learns a stop's account when it is placed and settles its fills") {
  Settlement ledger = plain_settlement();
  // Account 7 rests a sell of 10 at 20; account 8 places a buy stop at 20 (StopAccepted).
  Event resting = event_of(EventType::Accepted, 1, Side::Sell);
  REQUIRE(ledger.settle(new_order(1, 7), std::span(&resting, 1)));
  Event placed = event_of(EventType::StopAccepted, 2);
  REQUIRE(ledger.settle(new_order(2, 8, OrderType::Stop), std::span(&placed, 1)));
  // Account 9 buys 4 at 20: the trade triggers the stop, which buys 6 more from the same maker.
  std::vector<Event> events{event_of(EventType::Accepted, 3), fill(3, 1, Side::Buy, 20, 4),
                            event_of(EventType::StopTriggered, 2), fill(2, 1, Side::Buy, 20, 6)};
  for (std::size_t i = 0; i + 1 < events.size(); ++i) events[i].flags = 0;
  REQUIRE(ledger.settle(new_order(3, 9), events));
  CHECK(ledger.balance(9, position_asset(0)) == 4);
  CHECK(ledger.balance(8, position_asset(0)) == 6);
  CHECK(ledger.balance(7, position_asset(0)) == -10);
  CHECK(ledger.balance(8, kCashAsset) < 0);
  CHECK(ledger.trades() == 2);
}

TEST_CASE("A snapshot's pending stops give the ledger their accounts") {
  const EngineState state = full_state();
  Settlement ledger = plain_settlement();
  const std::vector<std::byte> payload = encode_state(kConfig, state, ledger);
  EngineState decoded;
  Settlement restored = plain_settlement();
  std::string error;
  INFO(error);
  REQUIRE(decode_state(payload, kConfig, decoded, restored, error));
  CHECK(decoded == state);
  CHECK(encode_state(kConfig, decoded, restored) == payload);
  // The sell stop (handle 11, account 41) triggers and sells 2 to the iceberg (handle 7,
  // account 33) on symbol 1.
  Event triggered = fill(11, 7, Side::Sell, 120, 2);
  triggered.symbol = 1;
  Command trigger{};
  REQUIRE(restored.settle(trigger, std::span(&triggered, 1)));
  CHECK(restored.balance(41, position_asset(1)) == -2);
  CHECK(restored.balance(33, position_asset(1)) == 2);

  SECTION("a pending stop's handle out of range is refused") {
    EngineState bad = state;
    bad.stops[1].handle = kConfig.handles;
    const std::vector<std::byte> bad_payload = encode_state(kConfig, bad, ledger);
    Settlement other = plain_settlement();
    CHECK_FALSE(decode_state(bad_payload, kConfig, decoded, other, error));
    CHECK(error.find("pending stop") != std::string::npos);
  }
}

} // namespace twinmatch::durable
