// The iceberg rules of docs/matching.md ("Iceberg orders", "New order" step 3), one test per
// rule, with hand-written expected events (event_text lines: every non-zero field is named).
#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "support/model_driver.hpp"

using namespace twinmatch;
using namespace twinmatch::test;
using Lines = std::vector<std::string>;

namespace {
constexpr CoreConfig kConfig{2, 200, 64, 1000};
}

TEST_CASE("an iceberg rests showing its peak; levels count displayed quantity only", "[rules][iceberg]") {
  ModelDriver book(kConfig);
  CHECK(book.step(iceberg(1, S, 100, 10, 3)) ==
        Lines{"Accepted S h=1 px=100 qty=10 rem=10 aux=3", "LevelUpdate S px=100 lvlqty=3 n=1 last"});
  CHECK(book.step(sell(2, 100, 5)) ==
        Lines{"Accepted S h=2 px=100 qty=5 rem=5", "LevelUpdate S px=100 lvlqty=8 n=2 last"});
  CHECK(book.step(snapshot(0)) == Lines{"SnapshotRow S px=100 lvlqty=8 n=2", "SnapshotEnd B n=1 last"});
  CHECK(book.model().open_quantity(1) == 10);
}

TEST_CASE("an iceberg whose peak is its quantity shows all of it", "[rules][iceberg]") {
  ModelDriver book(kConfig);
  CHECK(book.step(iceberg(1, B, 90, 7, 7)) ==
        Lines{"Accepted B h=1 px=90 qty=7 rem=7 aux=7", "LevelUpdate B px=90 lvlqty=7 n=1 last"});
  CHECK(book.step(sell(2, 90, 7)) ==
        Lines{"Accepted S h=2 px=90 qty=7 rem=7", "Fill S h=2 maker=1 px=90 qty=7", "LevelUpdate B px=90 last"});
}

TEST_CASE("a replenished iceberg goes to the back of its level and the sweep goes on into it",
          "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(iceberg(1, S, 100, 10, 3));
  book.step(sell(2, 100, 2));
  CHECK(book.step(buy(3, 100, 6)) ==
        Lines{"Accepted B h=3 px=100 qty=6 rem=6",
              "Fill B h=3 maker=1 px=100 qty=3 rem=3 mrem=7",
              "Replenished S h=1 px=100 qty=3 rem=7",
              "Fill B h=3 maker=2 px=100 qty=2 rem=1",
              "Fill B h=3 maker=1 px=100 qty=1 mrem=6",
              "LevelUpdate S px=100 lvlqty=2 n=1 last"});
}

TEST_CASE("an iceberg alone in its level is replenished again and again by one sweep",
          "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(iceberg(1, S, 100, 7, 2));
  CHECK(book.step(buy(2, 101, 6)) ==
        Lines{"Accepted B h=2 px=101 qty=6 rem=6",
              "Fill B h=2 maker=1 px=100 qty=2 rem=4 mrem=5",
              "Replenished S h=1 px=100 qty=2 rem=5",
              "Fill B h=2 maker=1 px=100 qty=2 rem=2 mrem=3",
              "Replenished S h=1 px=100 qty=2 rem=3",
              "Fill B h=2 maker=1 px=100 qty=2 mrem=1",
              "Replenished S h=1 px=100 qty=1 rem=1",
              "LevelUpdate S px=100 lvlqty=1 n=1 last"});
  CHECK(book.step(buy(3, 100, 5)) ==
        Lines{"Accepted B h=3 px=100 qty=5 rem=5",
              "Fill B h=3 maker=1 px=100 qty=1 rem=4",
              "LevelUpdate S px=100",
              "LevelUpdate B px=100 lvlqty=4 n=1 last"});
}

TEST_CASE("a fill that leaves an iceberg part of its display neither replenishes nor moves it",
          "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(iceberg(1, S, 100, 10, 4));
  book.step(sell(2, 100, 5));
  CHECK(book.step(buy(3, 100, 1)) ==
        Lines{"Accepted B h=3 px=100 qty=1 rem=1", "Fill B h=3 maker=1 px=100 qty=1 mrem=9",
              "LevelUpdate S px=100 lvlqty=8 n=2 last"});
  CHECK(book.step(buy(4, 100, 3)) ==
        Lines{"Accepted B h=4 px=100 qty=3 rem=3", "Fill B h=4 maker=1 px=100 qty=3 mrem=6",
              "Replenished S h=1 px=100 qty=4 rem=6", "LevelUpdate S px=100 lvlqty=9 n=2 last"});
  CHECK(book.step(buy(5, 100, 1)) ==
        Lines{"Accepted B h=5 px=100 qty=1 rem=1", "Fill B h=5 maker=2 px=100 qty=1 mrem=4",
              "LevelUpdate S px=100 lvlqty=8 n=2 last"});
}

TEST_CASE("an incoming iceberg trades its whole quantity, then rests showing its peak",
          "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 4));
  book.step(sell(2, 101, 4));
  CHECK(book.step(iceberg(3, B, 101, 20, 5)) ==
        Lines{"Accepted B h=3 px=101 qty=20 rem=20 aux=5",
              "Fill B h=3 maker=1 px=100 qty=4 rem=16",
              "LevelUpdate S px=100",
              "Fill B h=3 maker=2 px=101 qty=4 rem=12",
              "LevelUpdate S px=101",
              "LevelUpdate B px=101 lvlqty=5 n=1 last"});
  CHECK(book.model().open_quantity(3) == 12);
}

TEST_CASE("fill-or-kill counts icebergs' hidden quantity", "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(iceberg(1, S, 100, 10, 2));
  const auto fok = [](std::uint32_t handle, std::uint32_t quantity) {
    return new_order({.handle = handle, .side = B, .price = 100, .quantity = quantity,
                      .tif = TimeInForce::Fok});
  };
  CHECK(book.step(fok(2, 11)) ==
        Lines{"Accepted B h=2 px=100 qty=11 rem=11", "Cancelled B reason=3 h=2 px=100 qty=11 last"});
  CHECK(book.step(fok(3, 10)) ==
        Lines{"Accepted B h=3 px=100 qty=10 rem=10",
              "Fill B h=3 maker=1 px=100 qty=2 rem=8 mrem=8",
              "Replenished S h=1 px=100 qty=2 rem=8",
              "Fill B h=3 maker=1 px=100 qty=2 rem=6 mrem=6",
              "Replenished S h=1 px=100 qty=2 rem=6",
              "Fill B h=3 maker=1 px=100 qty=2 rem=4 mrem=4",
              "Replenished S h=1 px=100 qty=2 rem=4",
              "Fill B h=3 maker=1 px=100 qty=2 rem=2 mrem=2",
              "Replenished S h=1 px=100 qty=2 rem=2",
              "Fill B h=3 maker=1 px=100 qty=2",
              "LevelUpdate S px=100 last"});
}

TEST_CASE("modify of an iceberg in place keeps its priority and trims its display", "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(iceberg(1, S, 100, 10, 4));
  book.step(sell(2, 100, 3));
  // Hidden quantity shrinks: the display is unchanged, so no level update.
  CHECK(book.step(modify(1, 100, 8)) == Lines{"Modified S h=1 px=100 qty=8 rem=8 last"});
  CHECK(book.step(modify(1, 100, 2)) ==
        Lines{"Modified S h=1 px=100 qty=2 rem=2", "LevelUpdate S px=100 lvlqty=5 n=2 last"});
  CHECK(book.step(buy(3, 100, 1)) ==
        Lines{"Accepted B h=3 px=100 qty=1 rem=1", "Fill B h=3 maker=1 px=100 qty=1 mrem=1",
              "LevelUpdate S px=100 lvlqty=4 n=2 last"});
}

TEST_CASE("modify of an iceberg that grows or moves goes through the sweep with the same peak",
          "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(iceberg(1, S, 100, 10, 4));
  book.step(sell(2, 100, 3));
  book.step(buy(3, 95, 2));
  CHECK(book.step(modify(1, 100, 12)) ==
        Lines{"Modified S h=1 px=100 qty=12 rem=12", "LevelUpdate S px=100 lvlqty=7 n=2 last"});
  CHECK(book.step(buy(4, 100, 3)) ==
        Lines{"Accepted B h=4 px=100 qty=3 rem=3", "Fill B h=4 maker=2 px=100 qty=3",
              "LevelUpdate S px=100 lvlqty=4 n=1 last"});
  // To a crossing price: it trades all it can as a taker, then rests showing a fresh peak.
  CHECK(book.step(modify(1, 95, 12)) ==
        Lines{"Modified S h=1 px=95 qty=12 rem=12",
              "LevelUpdate S px=100",
              "Fill S h=1 maker=3 px=95 qty=2 rem=10",
              "LevelUpdate B px=95",
              "LevelUpdate S px=95 lvlqty=4 n=1 last"});
}

TEST_CASE("cancel, mass cancel, band moves and self-trade prevention cancel an iceberg whole",
          "[rules][iceberg]") {
  ModelDriver book(kConfig);
  book.step(iceberg(1, S, 100, 10, 3));
  CHECK(book.step(cancel(1)) == Lines{"Cancelled S reason=1 h=1 px=100 qty=10", "LevelUpdate S px=100 last"});
  book.step(iceberg(2, S, 100, 10, 3));
  CHECK(book.step(mass_cancel(0)) ==
        Lines{"Cancelled S reason=5 h=2 px=100 qty=10", "LevelUpdate S px=100", "MassCancelDone B n=1 last"});
  book.step(iceberg(3, B, 30, 9, 2));
  CHECK(book.step(set_band(0, 64)) ==
        Lines{"Cancelled B reason=7 h=3 px=30 qty=9", "LevelUpdate B px=30", "BandSet B px=64 n=1 last"});
  book.step(iceberg(4, S, 100, 10, 3));
  CHECK(book.step(new_order({.handle = 5, .side = B, .price = 100, .quantity = 2,
                             .stp = StpMode::CancelResting})) ==
        Lines{"Accepted B h=5 px=100 qty=2 rem=2", "Cancelled S reason=6 h=4 px=100 qty=10",
              "LevelUpdate S px=100", "LevelUpdate B px=100 lvlqty=2 n=1 last"});
}
