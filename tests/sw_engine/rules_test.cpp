// docs/matching.md rule by rule, with every expected event written out by hand.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

#include "commands.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

namespace twinmatch::sw_test {
namespace {

using sw::Core;
using sw::VectorSink;

constexpr std::uint8_t kBuy = 0;
constexpr std::uint8_t kSell = 1;
constexpr CoreConfig kSmall{2, 1000, 64, 1000};

Event event(EventType type) {
  Event e{};
  e.type = static_cast<std::uint8_t>(type);
  return e;
}

Event accepted(std::uint8_t side, std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  Event e = event(EventType::Accepted);
  e.side = side;
  e.handle = handle;
  e.price = price;
  e.quantity = quantity;
  e.remaining = quantity;
  return e;
}

Event fill(std::uint8_t side, std::uint32_t taker, std::uint32_t maker, std::uint32_t price, std::uint32_t quantity,
           std::uint32_t remaining, std::uint32_t maker_remaining) {
  Event e = event(EventType::Fill);
  e.side = side;
  e.handle = taker;
  e.maker_handle = maker;
  e.price = price;
  e.quantity = quantity;
  e.remaining = remaining;
  e.maker_remaining = maker_remaining;
  return e;
}

Event cancelled(std::uint8_t side, CancelReason reason, std::uint32_t handle, std::uint32_t price,
                std::uint32_t quantity) {
  Event e = event(EventType::Cancelled);
  e.side = side;
  e.reason = static_cast<std::uint8_t>(reason);
  e.handle = handle;
  e.price = price;
  e.quantity = quantity;
  return e;
}

Event modified(std::uint8_t side, std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  Event e = accepted(side, handle, price, quantity);
  e.type = static_cast<std::uint8_t>(EventType::Modified);
  return e;
}

Event level(EventType type, std::uint8_t side, std::uint32_t price, std::uint64_t quantity, std::uint32_t orders) {
  Event e = event(type);
  e.side = side;
  e.price = price;
  e.level_quantity = quantity;
  e.order_count = orders;
  return e;
}

Event update(std::uint8_t side, std::uint32_t price, std::uint64_t quantity, std::uint32_t orders) {
  return level(EventType::LevelUpdate, side, price, quantity, orders);
}

Event row(std::uint8_t side, std::uint32_t price, std::uint64_t quantity, std::uint32_t orders) {
  return level(EventType::SnapshotRow, side, price, quantity, orders);
}

Event counted(EventType type, std::uint32_t count) {
  Event e = event(type);
  e.order_count = count;
  return e;
}

Event rejected(RejectReason reason, std::uint32_t handle = 0, std::uint16_t symbol = 0) {
  Event e = event(EventType::Rejected);
  e.reason = static_cast<std::uint8_t>(reason);
  e.handle = handle;
  e.symbol = symbol;
  return e;
}

// Feeds commands to a core and checks the events of one command against a hand-written list,
// filling in what every event of that command shares: seq, cmd_seq, cmd_opcode, the last flag.
class Harness {
public:
  explicit Harness(const CoreConfig& config = kSmall) : core_(config, events_) {}

  void apply(const Command& c) { core_.apply(c); }

  void expect(const Command& c, std::initializer_list<Event> expected_list, std::uint16_t symbol = 0) {
    const std::size_t first = events_.size();
    core_.apply(c);
    std::vector<Event> expected(expected_list);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      Event& e = expected[i];
      e.seq = first + i + 1;
      e.cmd_seq = core_.commands();
      e.cmd_opcode = c.opcode;
      if (e.type != static_cast<std::uint8_t>(EventType::Rejected)) e.symbol = symbol;
      e.flags = i + 1 == expected.size() ? kEventLast : 0;
    }
    const std::vector<Event> actual(events_.begin() + static_cast<std::ptrdiff_t>(first), events_.end());
    INFO("expected:\n" << describe_all(expected) << "actual:\n" << describe_all(actual));
    CHECK(same_bytes(actual, expected));
  }

  const sw::OrderBook& book() const { return core_.book(); }
  Core<VectorSink>& core() { return core_; }

private:
  std::vector<Event> events_;
  Core<VectorSink> core_;
};

TEST_CASE("a limit order that does not cross rests and reports its level", "[rules]") {
  Harness h;
  h.expect(limit(1, Side::Buy, 100, 10), {accepted(kBuy, 1, 100, 10), update(kBuy, 100, 10, 1)});
  h.expect(limit(2, Side::Buy, 100, 5), {accepted(kBuy, 2, 100, 5), update(kBuy, 100, 15, 2)});
  h.expect(limit(3, Side::Sell, 101, 7), {accepted(kSell, 3, 101, 7), update(kSell, 101, 7, 1)});
  CHECK(h.core().best_price(0, Side::Buy) == 100);
  CHECK(h.core().best_price(0, Side::Sell) == 101);
}

TEST_CASE("a crossing order trades at the maker's price, oldest first, then rests", "[rules]") {
  Harness h;
  h.apply(limit(1, Side::Sell, 100, 5));
  h.apply(limit(2, Side::Sell, 100, 5));
  h.apply(limit(3, Side::Sell, 102, 4));
  h.apply(limit(4, Side::Sell, 104, 4));
  h.expect(limit(7, Side::Buy, 103, 16),
           {accepted(kBuy, 7, 103, 16), fill(kBuy, 7, 1, 100, 5, 11, 0), fill(kBuy, 7, 2, 100, 5, 6, 0),
            update(kSell, 100, 0, 0), fill(kBuy, 7, 3, 102, 4, 2, 0), update(kSell, 102, 0, 0),
            update(kBuy, 103, 2, 1)});
  CHECK(h.core().best_price(0, Side::Sell) == 104);
  CHECK(h.core().best_price(0, Side::Buy) == 103);
}

TEST_CASE("a partial fill leaves the maker at the head and the level update is last", "[rules]") {
  Harness h;
  h.apply(limit(1, Side::Buy, 50, 10));
  h.apply(limit(2, Side::Buy, 50, 10));
  h.expect(limit(3, Side::Sell, 40, 4), {accepted(kSell, 3, 40, 4), fill(kSell, 3, 1, 50, 4, 0, 6),
                                         update(kBuy, 50, 16, 2)});
  h.expect(limit(4, Side::Sell, 50, 7), {accepted(kSell, 4, 50, 7), fill(kSell, 4, 1, 50, 6, 1, 0),
                                         fill(kSell, 4, 2, 50, 1, 0, 9), update(kBuy, 50, 9, 1)});
}

TEST_CASE("IOC, market and FOK remainders", "[rules]") {
  Harness h;
  h.apply(limit(1, Side::Sell, 10, 3));
  h.apply(limit(2, Side::Sell, 12, 3));
  SECTION("IOC") {
    h.expect(with_tif(limit(5, Side::Buy, 11, 5), TimeInForce::Ioc),
             {accepted(kBuy, 5, 11, 5), fill(kBuy, 5, 1, 10, 3, 2, 0), update(kSell, 10, 0, 0),
              cancelled(kBuy, CancelReason::ImmediateOrCancel, 5, 11, 2)});
  }
  SECTION("market") {
    h.expect(market(5, Side::Buy, 10),
             {accepted(kBuy, 5, 0, 10), fill(kBuy, 5, 1, 10, 3, 7, 0), update(kSell, 10, 0, 0),
              fill(kBuy, 5, 2, 12, 3, 4, 0), update(kSell, 12, 0, 0),
              cancelled(kBuy, CancelReason::MarketRemainder, 5, 0, 4)});
  }
  SECTION("FOK that cannot fill is killed and trades nothing") {
    h.expect(with_tif(limit(5, Side::Buy, 11, 4), TimeInForce::Fok),
             {accepted(kBuy, 5, 11, 4), cancelled(kBuy, CancelReason::FillOrKill, 5, 11, 4)});
    CHECK(h.core().open_quantity(1) == 3);
  }
  SECTION("FOK that can fill trades") {
    h.expect(with_tif(limit(5, Side::Buy, 12, 4), TimeInForce::Fok),
             {accepted(kBuy, 5, 12, 4), fill(kBuy, 5, 1, 10, 3, 1, 0), update(kSell, 10, 0, 0),
              fill(kBuy, 5, 2, 12, 1, 0, 2), update(kSell, 12, 2, 1)});
  }
}

TEST_CASE("self-trade prevention modes", "[rules]") {
  Harness h;
  h.apply(limit(1, Side::Sell, 10, 3, 0, 7)); // account 7
  h.apply(limit(2, Side::Sell, 10, 3, 0, 8));
  SECTION("cancel resting") {
    h.expect(with_stp(limit(5, Side::Buy, 10, 4, 0, 7), StpMode::CancelResting),
             {accepted(kBuy, 5, 10, 4), cancelled(kSell, CancelReason::SelfTrade, 1, 10, 3),
              fill(kBuy, 5, 2, 10, 3, 1, 0), update(kSell, 10, 0, 0), update(kBuy, 10, 1, 1)});
  }
  SECTION("cancel incoming stops before the maker; an unchanged level gets no update") {
    h.expect(with_stp(limit(5, Side::Buy, 10, 4, 0, 7), StpMode::CancelIncoming),
             {accepted(kBuy, 5, 10, 4), cancelled(kBuy, CancelReason::SelfTrade, 5, 10, 4)});
    CHECK(h.core().open_quantity(1) == 3);
  }
  SECTION("cancel both") {
    h.expect(with_stp(limit(5, Side::Buy, 10, 4, 0, 7), StpMode::CancelBoth),
             {accepted(kBuy, 5, 10, 4), cancelled(kSell, CancelReason::SelfTrade, 1, 10, 3),
              update(kSell, 10, 3, 1), cancelled(kBuy, CancelReason::SelfTrade, 5, 10, 4)});
  }
  SECTION("no prevention trades with yourself") {
    h.expect(limit(5, Side::Buy, 10, 2, 0, 7),
             {accepted(kBuy, 5, 10, 2), fill(kBuy, 5, 1, 10, 2, 0, 1), update(kSell, 10, 4, 2)});
  }
}

TEST_CASE("cancel and modify", "[rules]") {
  Harness h;
  h.apply(limit(1, Side::Buy, 20, 10));
  h.apply(limit(2, Side::Buy, 20, 10));
  h.apply(limit(3, Side::Sell, 30, 10));
  SECTION("cancel") {
    h.expect(cancel(1), {cancelled(kBuy, CancelReason::User, 1, 20, 10), update(kBuy, 20, 10, 1)});
    h.expect(cancel(1), {rejected(RejectReason::UnknownHandle, 1)});
  }
  SECTION("same price, same quantity: only Modified") {
    h.expect(modify(1, 20, 10), {modified(kBuy, 1, 20, 10)});
  }
  SECTION("same price, less quantity keeps priority") {
    h.expect(modify(1, 20, 4), {modified(kBuy, 1, 20, 4), update(kBuy, 20, 14, 2)});
    h.expect(limit(4, Side::Sell, 20, 5), {accepted(kSell, 4, 20, 5), fill(kSell, 4, 1, 20, 4, 1, 0),
                                           fill(kSell, 4, 2, 20, 1, 0, 9), update(kBuy, 20, 9, 1)});
  }
  SECTION("same price, more quantity loses priority") {
    h.expect(modify(1, 20, 12), {modified(kBuy, 1, 20, 12), update(kBuy, 20, 22, 2)});
    h.expect(limit(4, Side::Sell, 20, 5), {accepted(kSell, 4, 20, 5), fill(kSell, 4, 2, 20, 5, 0, 5),
                                           update(kBuy, 20, 17, 2)});
  }
  SECTION("new price that crosses trades, then rests at the tail") {
    h.expect(modify(2, 31, 15), {modified(kBuy, 2, 31, 15), update(kBuy, 20, 10, 1),
                                 fill(kBuy, 2, 3, 30, 10, 5, 0), update(kSell, 30, 0, 0), update(kBuy, 31, 5, 1)});
  }
  SECTION("post-only never modifies into a cross") {
    h.expect(post_only(limit(4, Side::Sell, 25, 1)), {accepted(kSell, 4, 25, 1), update(kSell, 25, 1, 1)});
    h.expect(modify(4, 20, 1), {rejected(RejectReason::PostOnlyWouldCross, 4)});
    h.expect(post_only(limit(5, Side::Sell, 20, 1)), {rejected(RejectReason::PostOnlyWouldCross, 5)});
  }
}

TEST_CASE("mass cancel visits bids best first, then asks, oldest first", "[rules]") {
  Harness h;
  h.apply(limit(1, Side::Buy, 20, 1, 0, 1));
  h.apply(limit(2, Side::Buy, 21, 2, 0, 2));
  h.apply(limit(3, Side::Buy, 21, 3, 0, 1));
  h.apply(limit(4, Side::Sell, 40, 4, 0, 1));
  h.apply(limit(5, Side::Sell, 30, 5, 0, 2));
  h.apply(limit(6, Side::Buy, 21, 6, 1, 1)); // another symbol
  SECTION("by account") {
    h.expect(mass_cancel_account(0, 1),
             {cancelled(kBuy, CancelReason::Mass, 3, 21, 3), update(kBuy, 21, 2, 1),
              cancelled(kBuy, CancelReason::Mass, 1, 20, 1), update(kBuy, 20, 0, 0),
              cancelled(kSell, CancelReason::Mass, 4, 40, 4), update(kSell, 40, 0, 0),
              counted(EventType::MassCancelDone, 3)});
  }
  SECTION("everything, then nothing left") {
    h.expect(mass_cancel(0),
             {cancelled(kBuy, CancelReason::Mass, 2, 21, 2), cancelled(kBuy, CancelReason::Mass, 3, 21, 3),
              update(kBuy, 21, 0, 0), cancelled(kBuy, CancelReason::Mass, 1, 20, 1), update(kBuy, 20, 0, 0),
              cancelled(kSell, CancelReason::Mass, 5, 30, 5), update(kSell, 30, 0, 0),
              cancelled(kSell, CancelReason::Mass, 4, 40, 4), update(kSell, 40, 0, 0),
              counted(EventType::MassCancelDone, 5)});
    h.expect(mass_cancel(0), {counted(EventType::MassCancelDone, 0)});
    CHECK(h.core().is_resting(6));
  }
}

TEST_CASE("snapshot reports bids then asks, best first, limited by depth", "[rules]") {
  Harness h;
  h.apply(limit(1, Side::Buy, 20, 1));
  h.apply(limit(2, Side::Buy, 22, 2));
  h.apply(limit(3, Side::Buy, 22, 3));
  h.apply(limit(4, Side::Sell, 40, 4));
  h.apply(limit(5, Side::Sell, 30, 5));
  h.expect(snapshot(0), {row(kBuy, 22, 5, 2), row(kBuy, 20, 1, 1), row(kSell, 30, 5, 1), row(kSell, 40, 4, 1),
                         counted(EventType::SnapshotEnd, 4)});
  h.expect(snapshot(0, 1), {row(kBuy, 22, 5, 2), row(kSell, 30, 5, 1), counted(EventType::SnapshotEnd, 2)});
  h.expect(snapshot(1), {counted(EventType::SnapshotEnd, 0)}, 1);
}

TEST_CASE("validation order and reject events", "[rules][validation]") {
  Harness h;
  h.apply(limit(1, Side::Buy, 20, 10));
  h.apply(limit(2, Side::Sell, 30, 10));
  const auto malformed = [&](Command c) { h.expect(c, {rejected(RejectReason::Malformed, c.handle, c.symbol)}); };
  SECTION("malformed") {
    Command c = limit(3, Side::Buy, 10, 1);
    malformed([&] { Command m = c; m.opcode = 0; return m; }());
    malformed([&] { Command m = c; m.opcode = 6; return m; }());
    malformed([&] { Command m = c; m.version = 2; return m; }());
    malformed([&] { Command m = c; m.reserved0 = 1; return m; }());
    malformed([&] { Command m = c; m.reserved1 = 1; return m; }());
    malformed([&] { Command m = c; m.side = 2; return m; }());
    malformed([&] { Command m = c; m.order_type = 2; return m; }());
    malformed([&] { Command m = c; m.tif = 3; return m; }());
    malformed([&] { Command m = c; m.stp = 4; return m; }());
    malformed([&] { Command m = c; m.flags = kFlagByAccount; return m; }());
    malformed([&] { Command m = c; m.depth = 1; return m; }());
    malformed([&] { Command m = market(3, Side::Buy, 1); m.price = 5; return m; }());
    malformed([&] { Command m = cancel(1); m.quantity = 1; return m; }());
    malformed([&] { Command m = cancel(1); m.symbol = 1; return m; }());
    malformed([&] { Command m = modify(1, 20, 5); m.account = 1; return m; }());
    malformed([&] { Command m = modify(1, 20, 5); m.side = 1; return m; }());
    malformed([&] { Command m = mass_cancel(0); m.account = 3; return m; }());
    malformed([&] { Command m = mass_cancel(0); m.flags = kFlagPostOnly; return m; }());
    malformed([&] { Command m = mass_cancel(0); m.handle = 1; return m; }());
    malformed([&] { Command m = snapshot(0); m.price = 1; return m; }());
    malformed([&] { Command m = snapshot(0); m.tif = 1; return m; }());
  }
  SECTION("new order checks, in order") {
    h.expect(limit(70, Side::Buy, 5000, 0, 9), {rejected(RejectReason::UnknownSymbol, 70, 9)});
    h.expect(limit(70, Side::Buy, 5000, 0), {rejected(RejectReason::HandleOutOfRange, 70)});
    h.expect(limit(1, Side::Buy, 5000, 0), {rejected(RejectReason::HandleInUse, 1)});
    h.expect(limit(3, Side::Buy, 5000, 0), {rejected(RejectReason::ZeroQuantity, 3)});
    h.expect(limit(3, Side::Buy, 5000, 1001), {rejected(RejectReason::QuantityTooLarge, 3)});
    h.expect(limit(3, Side::Buy, 1000, 1000), {rejected(RejectReason::PriceOutOfRange, 3)});
    h.expect(market(3, Side::Buy, 1, TimeInForce::Gtc), {rejected(RejectReason::InvalidCombination, 3)});
    h.expect(post_only(market(3, Side::Buy, 1)), {rejected(RejectReason::InvalidCombination, 3)});
    h.expect(post_only(with_tif(limit(3, Side::Buy, 10, 1), TimeInForce::Ioc)),
             {rejected(RejectReason::InvalidCombination, 3)});
    h.expect(with_stp(with_tif(limit(3, Side::Buy, 10, 1), TimeInForce::Fok), StpMode::CancelBoth),
             {rejected(RejectReason::InvalidCombination, 3)});
    h.expect(post_only(limit(3, Side::Buy, 30, 1)), {rejected(RejectReason::PostOnlyWouldCross, 3)});
  }
  SECTION("modify checks, in order") {
    h.expect(modify(64, 0, 0), {rejected(RejectReason::HandleOutOfRange, 64)});
    h.expect(modify(3, 0, 0), {rejected(RejectReason::UnknownHandle, 3)});
    h.expect(modify(1, 5000, 0), {rejected(RejectReason::ZeroQuantity, 1)});
    h.expect(modify(1, 5000, 1001), {rejected(RejectReason::QuantityTooLarge, 1)});
    h.expect(modify(1, 1000, 1), {rejected(RejectReason::PriceOutOfRange, 1)});
    h.expect(cancel(64), {rejected(RejectReason::HandleOutOfRange, 64)});
    h.expect(mass_cancel(2), {rejected(RejectReason::UnknownSymbol, 0, 2)});
    h.expect(snapshot(2), {rejected(RejectReason::UnknownSymbol, 0, 2)});
  }
  // Whatever was rejected, the book is as it was.
  std::vector<sw::LevelView> bids(4), asks(4);
  REQUIRE(h.book().levels(0, Side::Buy, bids) == 1);
  REQUIRE(h.book().levels(0, Side::Sell, asks) == 1);
  CHECK((bids[0].price == 20 && bids[0].quantity == 10 && bids[0].orders == 1));
  CHECK((asks[0].price == 30 && asks[0].quantity == 10 && asks[0].orders == 1));
  CHECK(!h.core().is_resting(3));
}

} // namespace
} // namespace twinmatch::sw_test
