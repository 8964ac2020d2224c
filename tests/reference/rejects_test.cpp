// Every reject reason the core emits, in the documented check order, and that a rejected
// command changes nothing.
#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "support/model_driver.hpp"

using namespace twinmatch;
using namespace twinmatch::test;
using Lines = std::vector<std::string>;

namespace {

constexpr CoreConfig kConfig{2, 200, 64, 1000};

std::string rejected(RejectReason reason, std::uint32_t handle, std::uint16_t symbol = 0) {
  std::string line = "Rejected B reason=" + std::to_string(static_cast<int>(reason));
  if (symbol != 0) line += " sym=" + std::to_string(symbol);
  if (handle != 0) line += " h=" + std::to_string(handle);
  return line + " last";
}

// A book with one resting order on each side, and its snapshot before anything else happens.
struct RestingBook {
  ModelDriver driver{kConfig};
  Lines before;
  RestingBook() {
    driver.step(buy(1, 99, 10));
    driver.step(new_order({.handle = 2, .side = Side::Sell, .price = 101, .quantity = 10,
                           .post_only = true}));
    before = driver.step(snapshot(0));
  }
  void expect_reject(const Command& command, RejectReason reason) {
    CHECK(driver.step(command) == Lines{rejected(reason, command.handle, command.symbol)});
    CHECK(driver.step(snapshot(0)) == before);
  }
};

Command with(Command command, void (*change)(Command&)) {
  change(command);
  return command;
}

} // namespace

TEST_CASE("malformed records are rejected and change nothing", "[rejects][malformed]") {
  RestingBook book;
  const Command valid = buy(3, 100, 1);
  const auto reject = [&](void (*change)(Command&)) {
    book.expect_reject(with(valid, change), RejectReason::Malformed);
  };
  reject([](Command& c) { c.opcode = 0; });
  reject([](Command& c) { c.opcode = 7; });
  reject([](Command& c) { c.opcode = 0xff; });
  reject([](Command& c) { c.version = kOldestProtocolVersion - 1; });
  reject([](Command& c) { c.version = kProtocolVersion + 1; });
  reject([](Command& c) { c.reserved0 = 1; });
  reject([](Command& c) { c.aux = 0x80000000u; });
  reject([](Command& c) { c.side = 2; });
  reject([](Command& c) { c.order_type = 2; });
  reject([](Command& c) { c.tif = 3; });
  reject([](Command& c) { c.stp = 4; });
  reject([](Command& c) { c.flags = kFlagByAccount; });
  reject([](Command& c) { c.flags = 0x80; });
  reject([](Command& c) { c.depth = 1; });
  reject([](Command& c) { c.order_type = 1; c.tif = 1; }); // market with a price
  book.expect_reject(with(cancel(1), [](Command& c) { c.price = 99; }), RejectReason::Malformed);
  book.expect_reject(with(cancel(1), [](Command& c) { c.side = 1; }), RejectReason::Malformed);
  book.expect_reject(with(cancel(1), [](Command& c) { c.symbol = 1; }), RejectReason::Malformed);
  book.expect_reject(with(modify(1, 99, 5), [](Command& c) { c.account = 1; }),
                     RejectReason::Malformed);
  book.expect_reject(with(mass_cancel(0), [](Command& c) { c.account = 1; }),
                     RejectReason::Malformed);
  book.expect_reject(with(mass_cancel(0), [](Command& c) { c.flags = kFlagPostOnly; }),
                     RejectReason::Malformed);
  book.expect_reject(with(snapshot(0), [](Command& c) { c.handle = 1; }), RejectReason::Malformed);
  book.expect_reject(with(snapshot(0), [](Command& c) { c.quantity = 1; }),
                     RejectReason::Malformed);
  book.expect_reject(with(set_band(0, 64), [](Command& c) { c.handle = 1; }), RejectReason::Malformed);
  book.expect_reject(with(set_band(0, 64), [](Command& c) { c.depth = 1; }), RejectReason::Malformed);
  book.expect_reject(with(set_band(0, 64), [](Command& c) { c.flags = kFlagByAccount; }),
                     RejectReason::Malformed);
}

TEST_CASE("new order checks, in order", "[rejects]") {
  RestingBook book;
  book.expect_reject(new_order({.handle = 3, .side = Side::Buy, .price = 100, .quantity = 1,
                                .symbol = 2}),
                     RejectReason::UnknownSymbol);
  book.expect_reject(buy(64, 100, 1), RejectReason::HandleOutOfRange);
  book.expect_reject(buy(1, 100, 1), RejectReason::HandleInUse);
  book.expect_reject(buy(1, 100, 0), RejectReason::HandleInUse); // in-use comes first
  book.expect_reject(buy(3, 100, 0), RejectReason::ZeroQuantity);
  book.expect_reject(buy(3, 100, 1001), RejectReason::QuantityTooLarge);
  book.expect_reject(buy(3, 200, 1), RejectReason::PriceOutsideBand);
  book.expect_reject(market(3, Side::Buy, 1, TimeInForce::Gtc), RejectReason::InvalidCombination);
  book.expect_reject(new_order({.handle = 3, .side = Side::Buy, .price = 0, .quantity = 1,
                                .tif = TimeInForce::Ioc, .type = OrderType::Market,
                                .post_only = true}),
                     RejectReason::InvalidCombination);
  book.expect_reject(new_order({.handle = 3, .side = Side::Buy, .price = 98, .quantity = 1,
                                .tif = TimeInForce::Ioc, .post_only = true}),
                     RejectReason::InvalidCombination);
  book.expect_reject(new_order({.handle = 3, .side = Side::Buy, .price = 98, .quantity = 1,
                                .tif = TimeInForce::Fok, .stp = StpMode::CancelBoth}),
                     RejectReason::InvalidCombination);
  book.expect_reject(new_order({.handle = 3, .side = Side::Sell, .price = 99, .quantity = 1,
                                .post_only = true}),
                     RejectReason::PostOnlyWouldCross);
}

TEST_CASE("cancel and modify checks, in order", "[rejects]") {
  RestingBook book;
  book.expect_reject(cancel(64), RejectReason::HandleOutOfRange);
  book.expect_reject(cancel(3), RejectReason::UnknownHandle);
  book.expect_reject(modify(64, 99, 5), RejectReason::HandleOutOfRange);
  book.expect_reject(modify(3, 99, 5), RejectReason::UnknownHandle);
  book.expect_reject(modify(1, 99, 0), RejectReason::ZeroQuantity);
  book.expect_reject(modify(1, 99, 1001), RejectReason::QuantityTooLarge);
  book.expect_reject(modify(1, 200, 5), RejectReason::PriceOutsideBand);
  book.expect_reject(modify(2, 99, 5), RejectReason::PostOnlyWouldCross);
}

TEST_CASE("mass cancel and snapshot of an unknown symbol", "[rejects]") {
  RestingBook book;
  book.expect_reject(mass_cancel(2), RejectReason::UnknownSymbol);
  book.expect_reject(snapshot(7), RejectReason::UnknownSymbol);
}

TEST_CASE("set band checks, in order", "[rejects][band]") {
  RestingBook book;
  book.expect_reject(set_band(2, 64), RejectReason::UnknownSymbol);
  book.expect_reject(set_band(2, 65), RejectReason::UnknownSymbol); // the symbol comes first
  book.expect_reject(set_band(0, 65), RejectReason::PriceOutOfRange);
  book.expect_reject(set_band(0, 32), RejectReason::PriceOutOfRange);
  // The last aligned base whose 200-tick band still ends at or below 2^32 - 1 is accepted
  // elsewhere (matching_rules_test); the next one passes the top.
  book.expect_reject(set_band(0, 0xFFFFFF40u), RejectReason::PriceOutOfRange);
  book.expect_reject(set_band(0, 0xFFFFFFC0u), RejectReason::PriceOutOfRange);
}

TEST_CASE("a version-2 command using what protocol 3 added is malformed", "[rejects][malformed][protocol3]") {
  RestingBook book;
  const auto version_2 = [](Command command) {
    command.version = kOldestProtocolVersion;
    return command;
  };
  book.expect_reject(version_2(stop(3, B, 1, 105)), RejectReason::Malformed);
  book.expect_reject(version_2(stop_limit(3, B, 100, 1, 105)), RejectReason::Malformed);
  book.expect_reject(version_2(iceberg(3, B, 98, 10, 2)), RejectReason::Malformed);
  book.expect_reject(version_2(modify_stop(1, 99, 5, 7)), RejectReason::Malformed);
  // Without them a version-2 command means what it did.
  CHECK(book.driver.step(version_2(buy(3, 98, 1))) ==
        Lines{"Accepted B h=3 px=98 qty=1 rem=1", "LevelUpdate B px=98 lvlqty=1 n=1 last"});
}

TEST_CASE("protocol-3 fields where the command does not use them are malformed",
          "[rejects][malformed][protocol3]") {
  RestingBook book;
  book.expect_reject(edited(buy(3, 98, 1), [](Command& c) { c.aux = 5; }), RejectReason::Malformed);
  book.expect_reject(edited(market(3, B, 1), [](Command& c) { c.aux = 5; }), RejectReason::Malformed);
  book.expect_reject(edited(stop(3, B, 1, 105), [](Command& c) { c.price = 100; }), RejectReason::Malformed);
  book.expect_reject(edited(cancel(1), [](Command& c) { c.aux = 1; }), RejectReason::Malformed);
  book.expect_reject(edited(cancel(1), [](Command& c) { c.flags = kFlagIceberg; }), RejectReason::Malformed);
  book.expect_reject(edited(mass_cancel(0), [](Command& c) { c.flags = kFlagIceberg; }), RejectReason::Malformed);
  book.expect_reject(edited(snapshot(0), [](Command& c) { c.aux = 1; }), RejectReason::Malformed);
  book.expect_reject(edited(set_band(0, 64), [](Command& c) { c.aux = 1; }), RejectReason::Malformed);
  book.expect_reject(edited(buy(3, 98, 1), [](Command& c) { c.order_type = 4; }), RejectReason::Malformed);
  book.expect_reject(edited(buy(3, 98, 1), [](Command& c) { c.flags = 0x08; }), RejectReason::Malformed);
}

TEST_CASE("every invalid combination of stop and iceberg orders", "[rejects][protocol3]") {
  RestingBook book;
  const auto ticket = [](OrderType type, TimeInForce tif) {
    return OrderTicket{.handle = 3, .side = B, .price = type == OrderType::Stop ? 0u : 98u,
                       .quantity = 10, .tif = tif, .type = type, .aux = 105};
  };
  const auto reject = [&](OrderTicket order) {
    book.expect_reject(new_order(order), RejectReason::InvalidCombination);
  };
  reject(ticket(OrderType::Stop, TimeInForce::Gtc)); // a Stop that would rest
  OrderTicket post_only_stop = ticket(OrderType::Stop, TimeInForce::Ioc);
  post_only_stop.post_only = true;
  reject(post_only_stop);
  OrderTicket post_only_stop_limit = ticket(OrderType::StopLimit, TimeInForce::Gtc);
  post_only_stop_limit.post_only = true;
  reject(post_only_stop_limit);
  OrderTicket fok_stp_stop = ticket(OrderType::Stop, TimeInForce::Fok);
  fok_stp_stop.stp = StpMode::CancelResting;
  reject(fok_stp_stop);
  // An iceberg that is not a GTC limit order, or whose peak is 0 or above its quantity.
  OrderTicket ioc_iceberg = ticket(OrderType::Limit, TimeInForce::Ioc);
  ioc_iceberg.iceberg = true;
  ioc_iceberg.aux = 2;
  reject(ioc_iceberg);
  OrderTicket market_iceberg = ticket(OrderType::Market, TimeInForce::Ioc);
  market_iceberg.price = 0;
  market_iceberg.iceberg = true;
  market_iceberg.aux = 2;
  reject(market_iceberg);
  OrderTicket stop_limit_iceberg = ticket(OrderType::StopLimit, TimeInForce::Gtc);
  stop_limit_iceberg.iceberg = true;
  reject(stop_limit_iceberg);
  OrderTicket no_peak = ticket(OrderType::Limit, TimeInForce::Gtc);
  no_peak.iceberg = true;
  no_peak.aux = 0;
  reject(no_peak);
  OrderTicket peak_too_large = no_peak;
  peak_too_large.aux = 11;
  reject(peak_too_large);
  // A peak of exactly the quantity is fine.
  OrderTicket whole_peak = no_peak;
  whole_peak.aux = 10;
  CHECK(book.driver.step(new_order(whole_peak)) ==
        Lines{"Accepted B h=3 px=98 qty=10 rem=10 aux=10", "LevelUpdate B px=98 lvlqty=10 n=1 last"});
}

TEST_CASE("stop and iceberg new orders: the checks in order", "[rejects][protocol3]") {
  RestingBook book;
  book.driver.step(stop(5, B, 1, 150));
  book.before = book.driver.step(snapshot(0));
  book.expect_reject(stop(5, B, 1, 150), RejectReason::HandleInUse); // a pending handle is in use
  book.expect_reject(iceberg(5, B, 98, 10, 2), RejectReason::HandleInUse);
  book.expect_reject(stop(3, B, 0, 150), RejectReason::ZeroQuantity);
  book.expect_reject(stop(3, B, 1001, 150), RejectReason::QuantityTooLarge);
  book.expect_reject(iceberg(3, B, 98, 1001, 2), RejectReason::QuantityTooLarge);
  // A stop-limit's price must lie in the band, before its combination is judged.
  book.expect_reject(edited(stop_limit(3, B, 200, 1, 150), [](Command& c) { c.flags = kFlagPostOnly; }),
                     RejectReason::PriceOutsideBand);
  book.expect_reject(iceberg(3, B, 200, 10, 20), RejectReason::PriceOutsideBand);
  book.expect_reject(iceberg(3, B, 98, 10, 20), RejectReason::InvalidCombination);
  // A post-only iceberg that would cross.
  book.expect_reject(edited(iceberg(3, S, 99, 10, 2), [](Command& c) { c.flags |= kFlagPostOnly; }),
                     RejectReason::PostOnlyWouldCross);
}

TEST_CASE("modify checks of pending stops and icebergs, in order", "[rejects][protocol3]") {
  RestingBook book;
  book.driver.step(stop(5, B, 1, 150));
  book.driver.step(stop_limit(6, S, 90, 2, 80));
  book.driver.step(iceberg(7, B, 97, 10, 2));
  book.before = book.driver.step(snapshot(0));
  book.expect_reject(modify_stop(5, 0, 0, 150), RejectReason::ZeroQuantity);
  book.expect_reject(modify_stop(5, 0, 1001, 150), RejectReason::QuantityTooLarge);
  book.expect_reject(modify_stop(5, 100, 1, 150), RejectReason::InvalidCombination); // a Stop has no price
  book.expect_reject(modify_stop(6, 200, 2, 80), RejectReason::PriceOutsideBand);
  book.expect_reject(modify_stop(1, 99, 5, 3), RejectReason::InvalidCombination);  // a resting order's aux
  book.expect_reject(modify_stop(7, 97, 10, 3), RejectReason::InvalidCombination); // an iceberg's peak
  book.expect_reject(modify_stop(1, 200, 5, 3), RejectReason::PriceOutsideBand);   // the band comes first
}
