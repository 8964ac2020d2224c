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
