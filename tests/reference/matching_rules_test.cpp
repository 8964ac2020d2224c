// Every rule of docs/matching.md, pinned with hand-written expected events.
// Lines come from event_text: every non-zero field is named ("B" is side byte 0).
#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "support/model_driver.hpp"

using namespace twinmatch;
using namespace twinmatch::test;
using Lines = std::vector<std::string>;

namespace {
constexpr CoreConfig kConfig{2, 200, 64, 1000};
}

TEST_CASE("a limit order that does not cross rests and updates its level", "[rules]") {
  ModelDriver book(kConfig);
  CHECK(book.step(buy(1, 100, 10)) ==
        Lines{"Accepted B h=1 px=100 qty=10 rem=10", "LevelUpdate B px=100 lvlqty=10 n=1 last"});
  CHECK(book.step(buy(2, 100, 5)) ==
        Lines{"Accepted B h=2 px=100 qty=5 rem=5", "LevelUpdate B px=100 lvlqty=15 n=2 last"});
  CHECK(book.model().best_price(0, Side::Buy) == 100u);
}

TEST_CASE("a trade prints at the maker's price, not the aggressor's", "[rules][classic]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 10));
  CHECK(book.step(buy(2, 105, 4)) ==
        Lines{"Accepted B h=2 px=105 qty=4 rem=4",
              "Fill B h=2 maker=1 px=100 qty=4 mrem=6",
              "LevelUpdate S px=100 lvlqty=6 n=1 last"});
}

TEST_CASE("a partial fill keeps the maker at the head of its level", "[rules][classic]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 10));
  book.step(sell(2, 100, 10));
  book.step(buy(3, 100, 4));
  CHECK(book.step(buy(4, 100, 8)) ==
        Lines{"Accepted B h=4 px=100 qty=8 rem=8",
              "Fill B h=4 maker=1 px=100 qty=6 rem=2",
              "Fill B h=4 maker=2 px=100 qty=2 mrem=8",
              "LevelUpdate S px=100 lvlqty=8 n=1 last"});
}

TEST_CASE("a sweep walks levels best first and updates each level it leaves", "[rules]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 101, 5));
  book.step(sell(2, 100, 5));
  book.step(sell(3, 103, 5));
  CHECK(book.step(buy(4, 102, 12)) ==
        Lines{"Accepted B h=4 px=102 qty=12 rem=12",
              "Fill B h=4 maker=2 px=100 qty=5 rem=7",
              "LevelUpdate S px=100",
              "Fill B h=4 maker=1 px=101 qty=5 rem=2",
              "LevelUpdate S px=101",
              "LevelUpdate B px=102 lvlqty=2 n=1 last"});
  CHECK(book.model().best_price(0, Side::Sell) == 103u);
}

TEST_CASE("a marketable limit never trades through its own limit", "[rules][classic]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 99, 5));
  book.step(buy(2, 98, 5));
  CHECK(book.step(sell(3, 99, 8)) ==
        Lines{"Accepted S h=3 px=99 qty=8 rem=8",
              "Fill S h=3 maker=1 px=99 qty=5 rem=3",
              "LevelUpdate B px=99",
              "LevelUpdate S px=99 lvlqty=3 n=1 last"});
  CHECK(book.model().open_quantity(2) == 5);
}

TEST_CASE("an IOC remainder is cancelled, never left resting", "[rules][classic]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 3));
  CHECK(book.step(new_order({.handle = 2, .side = Side::Buy, .price = 100, .quantity = 5,
                             .tif = TimeInForce::Ioc})) ==
        Lines{"Accepted B h=2 px=100 qty=5 rem=5",
              "Fill B h=2 maker=1 px=100 qty=3 rem=2",
              "LevelUpdate S px=100",
              "Cancelled B reason=2 h=2 px=100 qty=2 last"});
  CHECK_FALSE(book.model().is_resting(2));
  CHECK_FALSE(book.model().best_price(0, Side::Buy).has_value());
}

TEST_CASE("the best price is not stale after a cancel", "[rules][classic]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 100, 5));
  book.step(buy(2, 98, 5));
  CHECK(book.step(cancel(1)) ==
        Lines{"Cancelled B reason=1 h=1 px=100 qty=5", "LevelUpdate B px=100 last"});
  CHECK(book.step(sell(3, 99, 5)) ==
        Lines{"Accepted S h=3 px=99 qty=5 rem=5", "LevelUpdate S px=99 lvlqty=5 n=1 last"});
  CHECK(book.step(sell(4, 98, 1)) ==
        Lines{"Accepted S h=4 px=98 qty=1 rem=1",
              "Fill S h=4 maker=2 px=98 qty=1 mrem=4",
              "LevelUpdate B px=98 lvlqty=4 n=1 last"});
}

TEST_CASE("a cancel of a filled order is rejected, not acknowledged", "[rules][classic]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 5));
  book.step(buy(2, 100, 5));
  CHECK(book.step(cancel(1)) == Lines{"Rejected B reason=5 h=1 last"});
  CHECK(book.step(cancel(2)) == Lines{"Rejected B reason=5 h=2 last"});
  CHECK(book.step(cancel(9)) == Lines{"Rejected B reason=5 h=9 last"});
}

TEST_CASE("a market order sweeps any price and cancels its remainder", "[rules]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 10, 2));
  book.step(buy(2, 150, 2));
  CHECK(book.step(market(3, Side::Sell, 6)) ==
        Lines{"Accepted S h=3 qty=6 rem=6",
              "Fill S h=3 maker=2 px=150 qty=2 rem=4",
              "LevelUpdate B px=150",
              "Fill S h=3 maker=1 px=10 qty=2 rem=2",
              "LevelUpdate B px=10",
              "Cancelled S reason=4 h=3 qty=2 last"});
  CHECK(book.step(market(4, Side::Buy, 1)) ==
        Lines{"Accepted B h=4 qty=1 rem=1", "Cancelled B reason=4 h=4 qty=1 last"});
}

TEST_CASE("fill-or-kill fills completely or not at all", "[rules]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 3));
  book.step(sell(2, 101, 3));
  book.step(sell(3, 103, 9));
  const auto fok = [](std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
    return new_order({.handle = handle, .side = Side::Buy, .price = price, .quantity = quantity,
                      .tif = TimeInForce::Fok});
  };
  CHECK(book.step(fok(4, 101, 7)) ==
        Lines{"Accepted B h=4 px=101 qty=7 rem=7", "Cancelled B reason=3 h=4 px=101 qty=7 last"});
  CHECK(book.model().open_quantity(1) == 3);
  CHECK(book.step(fok(5, 101, 6)) ==
        Lines{"Accepted B h=5 px=101 qty=6 rem=6",
              "Fill B h=5 maker=1 px=100 qty=3 rem=3",
              "LevelUpdate S px=100",
              "Fill B h=5 maker=2 px=101 qty=3",
              "LevelUpdate S px=101 last"});
  CHECK(book.step(market(6, Side::Buy, 10, TimeInForce::Fok)) ==
        Lines{"Accepted B h=6 qty=10 rem=10", "Cancelled B reason=3 h=6 qty=10 last"});
}

TEST_CASE("post-only rests or is rejected without trading", "[rules]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 5));
  const auto post = [](std::uint32_t handle, std::uint32_t price) {
    return new_order({.handle = handle, .side = Side::Buy, .price = price, .quantity = 5,
                      .post_only = true});
  };
  CHECK(book.step(post(2, 100)) == Lines{"Rejected B reason=10 h=2 last"});
  CHECK(book.step(post(2, 99)) ==
        Lines{"Accepted B h=2 px=99 qty=5 rem=5", "LevelUpdate B px=99 lvlqty=5 n=1 last"});
  CHECK(book.step(modify(2, 100, 5)) == Lines{"Rejected B reason=10 h=2 last"});
  CHECK(book.model().open_quantity(1) == 5);
}

TEST_CASE("self-trade prevention: each mode", "[rules][stp]") {
  const auto incoming = [](StpMode stp) {
    return new_order({.handle = 9, .side = Side::Buy, .price = 100, .quantity = 10, .account = 7,
                      .stp = stp});
  };
  SECTION("none trades with yourself") {
    ModelDriver book(kConfig);
    book.step(sell(1, 100, 4, 7));
    CHECK(book.step(incoming(StpMode::None)) ==
          Lines{"Accepted B h=9 px=100 qty=10 rem=10", "Fill B h=9 maker=1 px=100 qty=4 rem=6",
                "LevelUpdate S px=100", "LevelUpdate B px=100 lvlqty=6 n=1 last"});
  }
  SECTION("cancel resting removes the own order and keeps matching") {
    ModelDriver book(kConfig);
    book.step(sell(1, 100, 4, 7));
    book.step(sell(2, 100, 4, 8));
    CHECK(book.step(incoming(StpMode::CancelResting)) ==
          Lines{"Accepted B h=9 px=100 qty=10 rem=10",
                "Cancelled S reason=6 h=1 px=100 qty=4",
                "Fill B h=9 maker=2 px=100 qty=4 rem=6",
                "LevelUpdate S px=100",
                "LevelUpdate B px=100 lvlqty=6 n=1 last"});
  }
  SECTION("cancel incoming stops before the own order, after trading ahead of it") {
    ModelDriver book(kConfig);
    book.step(sell(1, 100, 4, 8));
    book.step(sell(2, 100, 4, 7));
    CHECK(book.step(incoming(StpMode::CancelIncoming)) ==
          Lines{"Accepted B h=9 px=100 qty=10 rem=10",
                "Fill B h=9 maker=1 px=100 qty=4 rem=6",
                "LevelUpdate S px=100 lvlqty=4 n=1",
                "Cancelled B reason=6 h=9 px=100 qty=6 last"});
    CHECK(book.model().is_resting(2));
  }
  SECTION("cancel incoming at an untouched level sends no level update") {
    ModelDriver book(kConfig);
    book.step(sell(1, 100, 4, 7));
    CHECK(book.step(incoming(StpMode::CancelIncoming)) ==
          Lines{"Accepted B h=9 px=100 qty=10 rem=10",
                "Cancelled B reason=6 h=9 px=100 qty=10 last"});
  }
  SECTION("cancel both removes both") {
    ModelDriver book(kConfig);
    book.step(sell(1, 100, 4, 7));
    book.step(sell(2, 100, 4, 8));
    CHECK(book.step(incoming(StpMode::CancelBoth)) ==
          Lines{"Accepted B h=9 px=100 qty=10 rem=10",
                "Cancelled S reason=6 h=1 px=100 qty=4",
                "LevelUpdate S px=100 lvlqty=4 n=1",
                "Cancelled B reason=6 h=9 px=100 qty=10 last"});
    CHECK_FALSE(book.model().is_resting(1));
    CHECK(book.model().is_resting(2));
  }
}

TEST_CASE("modify: a decrease keeps priority, an increase or a new price loses it",
          "[rules][modify]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 100, 10));
  book.step(buy(2, 100, 10));
  CHECK(book.step(modify(1, 100, 6)) ==
        Lines{"Modified B h=1 px=100 qty=6 rem=6", "LevelUpdate B px=100 lvlqty=16 n=2 last"});
  CHECK(book.step(modify(1, 100, 6)) == Lines{"Modified B h=1 px=100 qty=6 rem=6 last"});
  CHECK(book.step(sell(3, 100, 7)) ==
        Lines{"Accepted S h=3 px=100 qty=7 rem=7", "Fill S h=3 maker=1 px=100 qty=6 rem=1",
              "Fill S h=3 maker=2 px=100 qty=1 mrem=9", "LevelUpdate B px=100 lvlqty=9 n=1 last"});

  book.step(buy(4, 100, 5));
  CHECK(book.step(modify(2, 100, 12)) ==
        Lines{"Modified B h=2 px=100 qty=12 rem=12", "LevelUpdate B px=100 lvlqty=17 n=2 last"});
  CHECK(book.step(sell(5, 100, 5)) ==
        Lines{"Accepted S h=5 px=100 qty=5 rem=5", "Fill S h=5 maker=4 px=100 qty=5",
              "LevelUpdate B px=100 lvlqty=12 n=1 last"});

  CHECK(book.step(modify(2, 95, 12)) ==
        Lines{"Modified B h=2 px=95 qty=12 rem=12", "LevelUpdate B px=100",
              "LevelUpdate B px=95 lvlqty=12 n=1 last"});
}

TEST_CASE("modify to a crossing price trades at the maker's price", "[rules][modify]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 101, 3));
  book.step(buy(2, 99, 5));
  CHECK(book.step(modify(2, 102, 5)) ==
        Lines{"Modified B h=2 px=102 qty=5 rem=5", "LevelUpdate B px=99",
              "Fill B h=2 maker=1 px=101 qty=3 rem=2", "LevelUpdate S px=101",
              "LevelUpdate B px=102 lvlqty=2 n=1 last"});
  CHECK(book.step(modify(2, 102, 0)) == Lines{"Rejected B reason=6 h=2 last"});
}

TEST_CASE("mass cancel visits bids best first, then asks, oldest first", "[rules][mass]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 98, 1, 7));
  book.step(buy(2, 99, 2, 8));
  book.step(buy(3, 99, 3, 7));
  book.step(sell(4, 101, 4, 7));
  book.step(new_order({.handle = 5, .side = Side::Sell, .price = 101, .quantity = 5, .symbol = 1}));
  CHECK(book.step(mass_cancel_account(0, 7)) ==
        Lines{"Cancelled B reason=5 h=3 px=99 qty=3", "LevelUpdate B px=99 lvlqty=2 n=1",
              "Cancelled B reason=5 h=1 px=98 qty=1", "LevelUpdate B px=98",
              "Cancelled S reason=5 h=4 px=101 qty=4", "LevelUpdate S px=101",
              "MassCancelDone B n=3 last"});
  CHECK(book.step(mass_cancel(0)) ==
        Lines{"Cancelled B reason=5 h=2 px=99 qty=2", "LevelUpdate B px=99",
              "MassCancelDone B n=1 last"});
  CHECK(book.step(mass_cancel(0)) == Lines{"MassCancelDone B last"});
  CHECK(book.model().is_resting(5));
}

TEST_CASE("snapshot reports the top levels of each side and changes nothing", "[rules][snapshot]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 98, 1));
  book.step(buy(2, 99, 2));
  book.step(buy(3, 99, 3));
  book.step(sell(4, 101, 4));
  CHECK(book.step(snapshot(0, 1)) ==
        Lines{"SnapshotRow B px=99 lvlqty=5 n=2", "SnapshotRow S px=101 lvlqty=4 n=1",
              "SnapshotEnd B n=2 last"});
  CHECK(book.step(snapshot(0)) ==
        Lines{"SnapshotRow B px=99 lvlqty=5 n=2", "SnapshotRow B px=98 lvlqty=1 n=1",
              "SnapshotRow S px=101 lvlqty=4 n=1", "SnapshotEnd B n=3 last"});
  CHECK(book.step(snapshot(1)) == Lines{"SnapshotEnd B sym=1 last"});
}

TEST_CASE("orders outside the band are rejected; a band far from zero trades as any other",
          "[rules][band]") {
  ModelDriver book(kConfig);
  CHECK(book.step(set_band(0, 4'000'000'000u)) == Lines{"BandSet B px=4000000000 last"});
  CHECK(book.model().band_base(0) == 4'000'000'000u);
  CHECK(book.model().band_base(1) == 0u);
  CHECK(book.step(buy(1, 3'999'999'999u, 1)) == Lines{"Rejected B reason=13 h=1 last"});
  CHECK(book.step(buy(1, 4'000'000'200u, 1)) == Lines{"Rejected B reason=13 h=1 last"});
  CHECK(book.step(buy(1, 100, 1)) == Lines{"Rejected B reason=13 h=1 last"});
  CHECK(book.step(new_order({.handle = 1, .side = Side::Buy, .price = 100, .quantity = 1, .symbol = 1})) ==
        Lines{"Accepted B sym=1 h=1 px=100 qty=1 rem=1", "LevelUpdate B sym=1 px=100 lvlqty=1 n=1 last"});
  book.step(sell(2, 4'000'000'199u, 5));
  CHECK(book.step(buy(3, 4'000'000'000u, 5)) ==
        Lines{"Accepted B h=3 px=4000000000 qty=5 rem=5", "LevelUpdate B px=4000000000 lvlqty=5 n=1 last"});
  CHECK(book.step(modify(3, 4'000'000'200u, 5)) == Lines{"Rejected B reason=13 h=3 last"});
  CHECK(book.step(modify(3, 3'999'999'999u, 5)) == Lines{"Rejected B reason=13 h=3 last"});
  CHECK(book.step(market(4, Side::Buy, 2)) ==
        Lines{"Accepted B h=4 qty=2 rem=2", "Fill B h=4 maker=2 px=4000000199 qty=2 mrem=3",
              "LevelUpdate S px=4000000199 lvlqty=3 n=1 last"});
  // The highest base whose 200-tick band ends at 2^32 - 1 or below.
  CHECK(book.step(set_band(1, 0xFFFFFF00u)) ==
        Lines{"Cancelled B reason=7 sym=1 h=1 px=100 qty=1", "LevelUpdate B sym=1 px=100",
              "BandSet B sym=1 px=4294967040 n=1 last"});
}

TEST_CASE("a band move cancels what falls outside, in mass-cancel order, and keeps the rest",
          "[rules][band]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 10, 1));
  book.step(buy(2, 70, 2));
  book.step(buy(3, 70, 3));
  book.step(buy(4, 100, 4));
  book.step(sell(5, 150, 5));
  book.step(sell(6, 190, 6));
  book.step(new_order({.handle = 7, .side = Side::Sell, .price = 20, .quantity = 7, .symbol = 1}));
  CHECK(book.step(set_band(0, 64)) ==
        Lines{"Cancelled B reason=7 h=1 px=10 qty=1", "LevelUpdate B px=10", "BandSet B px=64 n=1 last"});
  CHECK(book.step(set_band(0, 64)) == Lines{"BandSet B px=64 last"});
  CHECK(book.step(buy(8, 63, 1)) == Lines{"Rejected B reason=13 h=8 last"});
  CHECK(book.step(buy(8, 263, 1)) ==
        Lines{"Accepted B h=8 px=263 qty=1 rem=1", "Fill B h=8 maker=5 px=150 qty=1 mrem=4",
              "LevelUpdate S px=150 lvlqty=4 n=1 last"});
  CHECK(book.step(set_band(0, 0)) == Lines{"BandSet B last"});
  // Moving up: the bids below the new band go, best (highest) first, oldest first in a level.
  CHECK(book.step(set_band(0, 128)) ==
        Lines{"Cancelled B reason=7 h=4 px=100 qty=4", "LevelUpdate B px=100",
              "Cancelled B reason=7 h=2 px=70 qty=2", "Cancelled B reason=7 h=3 px=70 qty=3",
              "LevelUpdate B px=70", "BandSet B px=128 n=3 last"});
  book.step(buy(9, 140, 1));
  book.step(sell(10, 300, 6));
  book.step(sell(11, 320, 2));
  // Moving down: the asks above the new band go, best (lowest) first; the bids stay.
  CHECK(book.step(set_band(0, 0)) ==
        Lines{"Cancelled S reason=7 h=10 px=300 qty=6", "LevelUpdate S px=300",
              "Cancelled S reason=7 h=11 px=320 qty=2", "LevelUpdate S px=320", "BandSet B n=2 last"});
  CHECK(book.model().is_resting(5));
  CHECK(book.model().is_resting(9));
  CHECK(book.model().is_resting(7)); // another symbol's book is untouched
  CHECK(book.step(snapshot(0)) ==
        Lines{"SnapshotRow B px=140 lvlqty=1 n=1", "SnapshotRow S px=150 lvlqty=4 n=1",
              "SnapshotRow S px=190 lvlqty=6 n=1", "SnapshotEnd B n=3 last"});
}
