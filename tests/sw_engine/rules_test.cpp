// docs/matching.md rule by rule, with every expected event written out by hand.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

#include "commands.hpp"
#include "core_harness.hpp"
#include "support/expected_events.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

namespace twinmatch::sw_test {
namespace {

using namespace twinmatch::test;
using sw::Core;
using sw::VectorSink;

constexpr CoreConfig kSmall{2, 1000, 64, 1000};

class Harness : public CoreHarness<> {
public:
  explicit Harness(const CoreConfig& config = kSmall) : CoreHarness(config) {}
};

TEST_CASE("a limit order that does not cross rests and reports its level", "[rules]") {
  Harness h;
  h.expect(limit(1, Side::Buy, 100, 10), {accepted(1, B, 0, 100, 10), level_update(B, 0, 100, 10, 1)});
  h.expect(limit(2, Side::Buy, 100, 5), {accepted(2, B, 0, 100, 5), level_update(B, 0, 100, 15, 2)});
  h.expect(limit(3, Side::Sell, 101, 7), {accepted(3, S, 0, 101, 7), level_update(S, 0, 101, 7, 1)});
  CHECK(h.core().best_price(0, Side::Buy) == 100);
  CHECK(h.core().best_price(0, Side::Sell) == 101);
}

TEST_CASE("a crossing order trades at the maker's price, oldest first, then rests", "[rules]") {
  Harness h;
  h.apply({limit(1, Side::Sell, 100, 5), limit(2, Side::Sell, 100, 5), limit(3, Side::Sell, 102, 4),
           limit(4, Side::Sell, 104, 4)});
  h.expect(limit(7, Side::Buy, 103, 16),
           {accepted(7, B, 0, 103, 16), fill(7, B, 0, 1, 100, 5, 11, 0), fill(7, B, 0, 2, 100, 5, 6, 0),
            level_update(S, 0, 100, 0, 0), fill(7, B, 0, 3, 102, 4, 2, 0), level_update(S, 0, 102, 0, 0),
            level_update(B, 0, 103, 2, 1)});
  CHECK(h.core().best_price(0, Side::Sell) == 104);
  CHECK(h.core().best_price(0, Side::Buy) == 103);
}

TEST_CASE("a band move cancels the orders outside it in mass-cancel order, the rest keep priority", "[rules][band]") {
  Harness h;
  h.apply({limit(1, Side::Buy, 100, 1), limit(2, Side::Buy, 100, 2), limit(3, Side::Buy, 300, 3),
           limit(4, Side::Buy, 700, 4), limit(5, Side::Sell, 800, 5), limit(6, Side::Sell, 900, 6),
           limit(7, Side::Sell, 900, 7), limit(9, Side::Buy, 5, 9, 1)});
  h.expect(set_band(0, 256), {cancelled(1, B, 0, 100, 1, CancelReason::BandMoved),
                                  cancelled(2, B, 0, 100, 2, CancelReason::BandMoved),
                                  level_update(B, 0, 100, 0, 0), band_set(0, 256, 2)});
  // Prices are absolute: the new band takes 1255, not 255; the other book keeps its band.
  h.expect(limit(10, Side::Sell, 255, 1), {rejected(10, 0, RejectReason::PriceOutsideBand)});
  h.expect(modify(3, 1256, 3), {rejected(3, 0, RejectReason::PriceOutsideBand)});
  h.expect(limit(10, Side::Sell, 1255, 1), {accepted(10, S, 0, 1255, 1), level_update(S, 0, 1255, 1, 1)});
  h.expect(limit(11, Side::Sell, 255, 1, 1), {accepted(11, S, 1, 255, 1), level_update(S, 1, 255, 1, 1)});
  CHECK(h.core().best_price(0, Side::Buy) == 700);
  CHECK(h.core().best_price(0, Side::Sell) == 800);
  // Bids high to low, then asks low to high, one update per level.
  h.expect(set_band(0, 832), {cancelled(4, B, 0, 700, 4, CancelReason::BandMoved), level_update(B, 0, 700, 0, 0),
                                  cancelled(3, B, 0, 300, 3, CancelReason::BandMoved), level_update(B, 0, 300, 0, 0),
                                  cancelled(5, S, 0, 800, 5, CancelReason::BandMoved), level_update(S, 0, 800, 0, 0),
                                  band_set(0, 832, 3)});
  CHECK(h.core().best_price(0, Side::Buy) == sw::kNoPrice);
  CHECK(h.core().best_price(0, Side::Sell) == 900);
  // The same base again cancels nothing; the kept level trades oldest first.
  h.expect(set_band(0, 832), {band_set(0, 832, 0)});
  h.expect(limit(12, Side::Buy, 900, 8), {accepted(12, B, 0, 900, 8), fill(12, B, 0, 6, 900, 6, 2, 0),
                                          fill(12, B, 0, 7, 900, 2, 0, 5), level_update(S, 0, 900, 5, 1)});
  // Back down: the ask at 1255 leaves.
  h.expect(set_band(0, 0), {cancelled(10, S, 0, 1255, 1, CancelReason::BandMoved),
                                level_update(S, 0, 1255, 0, 0), band_set(0, 0, 1)});
  std::vector<sw::LevelView> asks(4);
  REQUIRE(h.book().levels(0, Side::Sell, asks) == 1);
  CHECK((asks[0].price == 900 && asks[0].quantity == 5 && asks[0].orders == 1));
}

TEST_CASE("a band may end at the largest price", "[rules][band]") {
  Harness h;
  constexpr std::uint32_t kBase = 0xFFFFFC00u, kTop = kBase + 999;
  h.expect(set_band(1, kBase), {band_set(1, kBase, 0)});
  h.expect(limit(1, Side::Sell, kTop, 3, 1), {accepted(1, S, 1, kTop, 3), level_update(S, 1, kTop, 3, 1)});
  h.expect(limit(2, Side::Buy, kBase, 2, 1), {accepted(2, B, 1, kBase, 2), level_update(B, 1, kBase, 2, 1)});
  h.expect(limit(3, Side::Buy, kTop + 1, 2, 1), {rejected(3, 1, RejectReason::PriceOutsideBand)});
  h.expect(limit(3, Side::Buy, kBase - 1, 2, 1), {rejected(3, 1, RejectReason::PriceOutsideBand)});
  h.expect(limit(3, Side::Buy, kTop, 4, 1), {accepted(3, B, 1, kTop, 4), fill(3, B, 1, 1, kTop, 3, 1, 0),
                                             level_update(S, 1, kTop, 0, 0), level_update(B, 1, kTop, 1, 1)});
  CHECK(h.core().best_price(1, Side::Buy) == kTop);
}

TEST_CASE("a partial fill leaves the maker at the head and the level update is last", "[rules]") {
  Harness h;
  h.apply({limit(1, Side::Buy, 50, 10), limit(2, Side::Buy, 50, 10)});
  h.expect(limit(3, Side::Sell, 40, 4), {accepted(3, S, 0, 40, 4), fill(3, S, 0, 1, 50, 4, 0, 6),
                                         level_update(B, 0, 50, 16, 2)});
  h.expect(limit(4, Side::Sell, 50, 7), {accepted(4, S, 0, 50, 7), fill(4, S, 0, 1, 50, 6, 1, 0),
                                         fill(4, S, 0, 2, 50, 1, 0, 9), level_update(B, 0, 50, 9, 1)});
}

TEST_CASE("IOC, market and FOK remainders", "[rules]") {
  Harness h;
  h.apply({limit(1, Side::Sell, 10, 3), limit(2, Side::Sell, 12, 3)});
  SECTION("IOC") {
    h.expect(with_tif(limit(5, Side::Buy, 11, 5), TimeInForce::Ioc),
             {accepted(5, B, 0, 11, 5), fill(5, B, 0, 1, 10, 3, 2, 0), level_update(S, 0, 10, 0, 0),
              cancelled(5, B, 0, 11, 2, CancelReason::ImmediateOrCancel)});
  }
  SECTION("market") {
    h.expect(market(5, Side::Buy, 10),
             {accepted(5, B, 0, 0, 10), fill(5, B, 0, 1, 10, 3, 7, 0), level_update(S, 0, 10, 0, 0),
              fill(5, B, 0, 2, 12, 3, 4, 0), level_update(S, 0, 12, 0, 0),
              cancelled(5, B, 0, 0, 4, CancelReason::MarketRemainder)});
  }
  SECTION("FOK that cannot fill is killed and trades nothing") {
    h.expect(with_tif(limit(5, Side::Buy, 11, 4), TimeInForce::Fok),
             {accepted(5, B, 0, 11, 4), cancelled(5, B, 0, 11, 4, CancelReason::FillOrKill)});
    CHECK(h.core().open_quantity(1) == 3);
  }
  SECTION("FOK that can fill trades") {
    h.expect(with_tif(limit(5, Side::Buy, 12, 4), TimeInForce::Fok),
             {accepted(5, B, 0, 12, 4), fill(5, B, 0, 1, 10, 3, 1, 0), level_update(S, 0, 10, 0, 0),
              fill(5, B, 0, 2, 12, 1, 0, 2), level_update(S, 0, 12, 2, 1)});
  }
}

TEST_CASE("self-trade prevention modes", "[rules]") {
  Harness h;
  h.apply({limit(1, Side::Sell, 10, 3, 0, 7), // account 7
           limit(2, Side::Sell, 10, 3, 0, 8)});
  SECTION("cancel resting") {
    h.expect(with_stp(limit(5, Side::Buy, 10, 4, 0, 7), StpMode::CancelResting),
             {accepted(5, B, 0, 10, 4), cancelled(1, S, 0, 10, 3, CancelReason::SelfTrade),
              fill(5, B, 0, 2, 10, 3, 1, 0), level_update(S, 0, 10, 0, 0), level_update(B, 0, 10, 1, 1)});
  }
  SECTION("cancel incoming stops before the maker; an unchanged level gets no update") {
    h.expect(with_stp(limit(5, Side::Buy, 10, 4, 0, 7), StpMode::CancelIncoming),
             {accepted(5, B, 0, 10, 4), cancelled(5, B, 0, 10, 4, CancelReason::SelfTrade)});
    CHECK(h.core().open_quantity(1) == 3);
  }
  SECTION("cancel both") {
    h.expect(with_stp(limit(5, Side::Buy, 10, 4, 0, 7), StpMode::CancelBoth),
             {accepted(5, B, 0, 10, 4), cancelled(1, S, 0, 10, 3, CancelReason::SelfTrade),
              level_update(S, 0, 10, 3, 1), cancelled(5, B, 0, 10, 4, CancelReason::SelfTrade)});
  }
  SECTION("no prevention trades with yourself") {
    h.expect(limit(5, Side::Buy, 10, 2, 0, 7),
             {accepted(5, B, 0, 10, 2), fill(5, B, 0, 1, 10, 2, 0, 1), level_update(S, 0, 10, 4, 2)});
  }
}

TEST_CASE("cancel and modify", "[rules]") {
  Harness h;
  h.apply({limit(1, Side::Buy, 20, 10), limit(2, Side::Buy, 20, 10), limit(3, Side::Sell, 30, 10)});
  SECTION("cancel") {
    h.expect(cancel(1), {cancelled(1, B, 0, 20, 10, CancelReason::User), level_update(B, 0, 20, 10, 1)});
    h.expect(cancel(1), {rejected(1, 0, RejectReason::UnknownHandle)});
  }
  SECTION("same price, same quantity: only Modified") {
    h.expect(modify(1, 20, 10), {modified(1, B, 0, 20, 10)});
  }
  SECTION("same price, less quantity keeps priority") {
    h.expect(modify(1, 20, 4), {modified(1, B, 0, 20, 4), level_update(B, 0, 20, 14, 2)});
    h.expect(limit(4, Side::Sell, 20, 5), {accepted(4, S, 0, 20, 5), fill(4, S, 0, 1, 20, 4, 1, 0),
                                           fill(4, S, 0, 2, 20, 1, 0, 9), level_update(B, 0, 20, 9, 1)});
  }
  SECTION("same price, more quantity loses priority") {
    h.expect(modify(1, 20, 12), {modified(1, B, 0, 20, 12), level_update(B, 0, 20, 22, 2)});
    h.expect(limit(4, Side::Sell, 20, 5), {accepted(4, S, 0, 20, 5), fill(4, S, 0, 2, 20, 5, 0, 5),
                                           level_update(B, 0, 20, 17, 2)});
  }
  SECTION("new price that crosses trades, then rests at the tail") {
    h.expect(modify(2, 31, 15), {modified(2, B, 0, 31, 15), level_update(B, 0, 20, 10, 1),
                                 fill(2, B, 0, 3, 30, 10, 5, 0), level_update(S, 0, 30, 0, 0), level_update(B, 0, 31, 5, 1)});
  }
  SECTION("post-only never modifies into a cross") {
    h.expect(post_only(limit(4, Side::Sell, 25, 1)), {accepted(4, S, 0, 25, 1), level_update(S, 0, 25, 1, 1)});
    h.expect(modify(4, 20, 1), {rejected(4, 0, RejectReason::PostOnlyWouldCross)});
    h.expect(post_only(limit(5, Side::Sell, 20, 1)), {rejected(5, 0, RejectReason::PostOnlyWouldCross)});
  }
}

TEST_CASE("mass cancel visits bids best first, then asks, oldest first", "[rules]") {
  Harness h;
  h.apply({limit(1, Side::Buy, 20, 1, 0, 1), limit(2, Side::Buy, 21, 2, 0, 2),
           limit(3, Side::Buy, 21, 3, 0, 1), limit(4, Side::Sell, 40, 4, 0, 1),
           limit(5, Side::Sell, 30, 5, 0, 2), limit(6, Side::Buy, 21, 6, 1, 1)}); // another symbol
  SECTION("by account") {
    h.expect(mass_cancel_account(0, 1),
             {cancelled(3, B, 0, 21, 3, CancelReason::Mass), level_update(B, 0, 21, 2, 1),
              cancelled(1, B, 0, 20, 1, CancelReason::Mass), level_update(B, 0, 20, 0, 0),
              cancelled(4, S, 0, 40, 4, CancelReason::Mass), level_update(S, 0, 40, 0, 0),
              mass_cancel_done(0, 3)});
  }
  SECTION("everything, then nothing left") {
    h.expect(mass_cancel(0),
             {cancelled(2, B, 0, 21, 2, CancelReason::Mass), cancelled(3, B, 0, 21, 3, CancelReason::Mass),
              level_update(B, 0, 21, 0, 0), cancelled(1, B, 0, 20, 1, CancelReason::Mass), level_update(B, 0, 20, 0, 0),
              cancelled(5, S, 0, 30, 5, CancelReason::Mass), level_update(S, 0, 30, 0, 0),
              cancelled(4, S, 0, 40, 4, CancelReason::Mass), level_update(S, 0, 40, 0, 0),
              mass_cancel_done(0, 5)});
    h.expect(mass_cancel(0), {mass_cancel_done(0, 0)});
    CHECK(h.core().is_resting(6));
  }
}

TEST_CASE("snapshot reports bids then asks, best first, limited by depth", "[rules]") {
  Harness h;
  h.apply({limit(1, Side::Buy, 20, 1), limit(2, Side::Buy, 22, 2), limit(3, Side::Buy, 22, 3),
           limit(4, Side::Sell, 40, 4), limit(5, Side::Sell, 30, 5)});
  h.expect(snapshot(0), {snapshot_row(B, 0, 22, 5, 2), snapshot_row(B, 0, 20, 1, 1), snapshot_row(S, 0, 30, 5, 1), snapshot_row(S, 0, 40, 4, 1),
                         snapshot_end(0, 4)});
  h.expect(snapshot(0, 1), {snapshot_row(B, 0, 22, 5, 2), snapshot_row(S, 0, 30, 5, 1), snapshot_end(0, 2)});
  h.expect(snapshot(1), {snapshot_end(1, 0)});
}

TEST_CASE("validation order and reject events", "[rules][validation]") {
  Harness h;
  h.apply({limit(1, Side::Buy, 20, 10), limit(2, Side::Sell, 30, 10)});
  const auto malformed = [&](Command c) { h.expect(c, {rejected(c, RejectReason::Malformed)}); };
  SECTION("malformed") {
    Command c = limit(3, Side::Buy, 10, 1);
    malformed(edited(c, [](Command& m) { m.opcode = 0; }));
    malformed(edited(c, [](Command& m) { m.opcode = 7; }));
    malformed(edited(c, [](Command& m) { m.version = 1; }));
    malformed(edited(c, [](Command& m) { m.version = 4; }));
    malformed(edited(c, [](Command& m) { m.reserved0 = 1; }));
    malformed(edited(c, [](Command& m) { m.aux = 1; }));
    malformed(edited(c, [](Command& m) { m.side = 2; }));
    malformed(edited(c, [](Command& m) { m.order_type = 2; }));
    malformed(edited(c, [](Command& m) { m.tif = 3; }));
    malformed(edited(c, [](Command& m) { m.stp = 4; }));
    malformed(edited(c, [](Command& m) { m.flags = kFlagByAccount; }));
    malformed(edited(c, [](Command& m) { m.depth = 1; }));
    malformed(edited(market(3, Side::Buy, 1), [](Command& m) { m.price = 5; }));
    malformed(edited(cancel(1), [](Command& m) { m.quantity = 1; }));
    malformed(edited(cancel(1), [](Command& m) { m.symbol = 1; }));
    malformed(edited(modify(1, 20, 5), [](Command& m) { m.account = 1; }));
    malformed(edited(modify(1, 20, 5), [](Command& m) { m.side = 1; }));
    malformed(edited(mass_cancel(0), [](Command& m) { m.account = 3; }));
    malformed(edited(mass_cancel(0), [](Command& m) { m.flags = kFlagPostOnly; }));
    malformed(edited(mass_cancel(0), [](Command& m) { m.handle = 1; }));
    malformed(edited(snapshot(0), [](Command& m) { m.price = 1; }));
    malformed(edited(snapshot(0), [](Command& m) { m.tif = 1; }));
    malformed(edited(set_band(0, 64), [](Command& m) { m.handle = 1; }));
    malformed(edited(set_band(0, 64), [](Command& m) { m.quantity = 1; }));
    malformed(edited(set_band(0, 64), [](Command& m) { m.depth = 1; }));
    malformed(edited(set_band(0, 64), [](Command& m) { m.account = 1; }));
    malformed(edited(set_band(0, 64), [](Command& m) { m.side = 1; }));
    malformed(edited(set_band(0, 64), [](Command& m) { m.flags = kFlagByAccount; }));
  }
  SECTION("new order checks, in order") {
    h.expect(limit(70, Side::Buy, 5000, 0, 9), {rejected(70, 9, RejectReason::UnknownSymbol)});
    h.expect(limit(70, Side::Buy, 5000, 0), {rejected(70, 0, RejectReason::HandleOutOfRange)});
    h.expect(limit(1, Side::Buy, 5000, 0), {rejected(1, 0, RejectReason::HandleInUse)});
    h.expect(limit(3, Side::Buy, 5000, 0), {rejected(3, 0, RejectReason::ZeroQuantity)});
    h.expect(limit(3, Side::Buy, 5000, 1001), {rejected(3, 0, RejectReason::QuantityTooLarge)});
    h.expect(limit(3, Side::Buy, 1000, 1000), {rejected(3, 0, RejectReason::PriceOutsideBand)});
    h.expect(market(3, Side::Buy, 1, TimeInForce::Gtc), {rejected(3, 0, RejectReason::InvalidCombination)});
    h.expect(post_only(market(3, Side::Buy, 1)), {rejected(3, 0, RejectReason::InvalidCombination)});
    h.expect(post_only(with_tif(limit(3, Side::Buy, 10, 1), TimeInForce::Ioc)),
             {rejected(3, 0, RejectReason::InvalidCombination)});
    h.expect(with_stp(with_tif(limit(3, Side::Buy, 10, 1), TimeInForce::Fok), StpMode::CancelBoth),
             {rejected(3, 0, RejectReason::InvalidCombination)});
    h.expect(post_only(limit(3, Side::Buy, 30, 1)), {rejected(3, 0, RejectReason::PostOnlyWouldCross)});
  }
  SECTION("modify checks, in order") {
    h.expect(modify(64, 0, 0), {rejected(64, 0, RejectReason::HandleOutOfRange)});
    h.expect(modify(3, 0, 0), {rejected(3, 0, RejectReason::UnknownHandle)});
    h.expect(modify(1, 5000, 0), {rejected(1, 0, RejectReason::ZeroQuantity)});
    h.expect(modify(1, 5000, 1001), {rejected(1, 0, RejectReason::QuantityTooLarge)});
    h.expect(modify(1, 1000, 1), {rejected(1, 0, RejectReason::PriceOutsideBand)});
    h.expect(cancel(64), {rejected(64, 0, RejectReason::HandleOutOfRange)});
    h.expect(mass_cancel(2), {rejected(0, 2, RejectReason::UnknownSymbol)});
    h.expect(snapshot(2), {rejected(0, 2, RejectReason::UnknownSymbol)});
  }
  SECTION("set band checks, in order") {
    h.expect(set_band(2, 64), {rejected(0, 2, RejectReason::UnknownSymbol)});
    h.expect(set_band(0, 65), {rejected(0, 0, RejectReason::PriceOutOfRange)});
    h.expect(set_band(0, 0xFFFFFFC0u), {rejected(0, 0, RejectReason::PriceOutOfRange)});
    // 1000 levels fit below 2^32 from 0xFFFFFC00 (the band ends at 2^32 - 25), not from the next
    // multiple of 64.
    h.expect(set_band(0, 0xFFFFFC40u), {rejected(0, 0, RejectReason::PriceOutOfRange)});
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
