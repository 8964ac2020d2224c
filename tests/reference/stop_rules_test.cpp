// The stop-order rules of docs/matching.md ("Stop orders", "New order" step 5), one test per
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

TEST_CASE("a stop waits pending: in no level, in no snapshot", "[rules][stop]") {
  ModelDriver book(kConfig);
  CHECK(book.step(stop(1, B, 5, 105)) == Lines{"StopAccepted B h=1 qty=5 rem=5 aux=105 last"});
  CHECK(book.step(stop_limit(2, S, 90, 4, 95)) == Lines{"StopAccepted S h=2 px=90 qty=4 rem=4 aux=95 last"});
  CHECK(book.step(snapshot(0)) == Lines{"SnapshotEnd B last"});
  CHECK(book.model().is_pending(1));
  CHECK_FALSE(book.model().is_resting(1));
  // No book has traded: not even a stop price of 0 triggers.
  CHECK(book.step(stop(3, B, 1, 0)) == Lines{"StopAccepted B h=3 qty=1 rem=1 last"});
}

TEST_CASE("a buy stop triggers at or above its stop price and enters as a market order", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 104, 2));
  book.step(sell(2, 105, 5));
  book.step(sell(3, 106, 5));
  book.step(stop(4, B, 6, 105));
  CHECK(book.step(buy(5, 104, 2)) ==
        Lines{"Accepted B h=5 px=104 qty=2 rem=2", "Fill B h=5 maker=1 px=104 qty=2", "LevelUpdate S px=104 last"});
  CHECK(book.step(buy(6, 105, 1)) ==
        Lines{"Accepted B h=6 px=105 qty=1 rem=1",
              "Fill B h=6 maker=2 px=105 qty=1 mrem=4",
              "LevelUpdate S px=105 lvlqty=4 n=1",
              "StopTriggered B h=4 qty=6 rem=6 aux=105",
              "Fill B h=4 maker=2 px=105 qty=4 rem=2",
              "LevelUpdate S px=105",
              "Fill B h=4 maker=3 px=106 qty=2 mrem=3",
              "LevelUpdate S px=106 lvlqty=3 n=1 last"});
  CHECK_FALSE(book.model().is_pending(4));
}

TEST_CASE("a sell stop triggers at or below its stop price", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 96, 3));
  book.step(buy(2, 95, 3));
  book.step(stop(3, S, 4, 95));
  CHECK(book.step(sell(4, 96, 3)) ==
        Lines{"Accepted S h=4 px=96 qty=3 rem=3", "Fill S h=4 maker=1 px=96 qty=3", "LevelUpdate B px=96 last"});
  CHECK(book.step(sell(5, 95, 1)) ==
        Lines{"Accepted S h=5 px=95 qty=1 rem=1",
              "Fill S h=5 maker=2 px=95 qty=1 mrem=2",
              "LevelUpdate B px=95 lvlqty=2 n=1",
              "StopTriggered S h=3 qty=4 rem=4 aux=95",
              "Fill S h=3 maker=2 px=95 qty=2 rem=2",
              "LevelUpdate B px=95",
              "Cancelled S reason=4 h=3 qty=2 last"});
}

TEST_CASE("a stop placed while its condition holds triggers in the command that placed it",
          "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 1));
  book.step(buy(2, 100, 1));
  book.step(sell(3, 102, 5));
  CHECK(book.step(stop(4, B, 2, 99)) ==
        Lines{"StopAccepted B h=4 qty=2 rem=2 aux=99",
              "StopTriggered B h=4 qty=2 rem=2 aux=99",
              "Fill B h=4 maker=3 px=102 qty=2 mrem=3",
              "LevelUpdate S px=102 lvlqty=3 n=1 last"});
  // A sell stop at the last trade price triggers too; with nothing to sell into, a Stop's
  // remainder is cancelled like a market order's.
  CHECK(book.step(stop(5, S, 2, 102, TimeInForce::Ioc)) ==
        Lines{"StopAccepted S h=5 qty=2 rem=2 aux=102", "StopTriggered S h=5 qty=2 rem=2 aux=102",
              "Cancelled S reason=4 h=5 qty=2 last"});
}

TEST_CASE("triggered stops run one at a time, placed first first, and cascade", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 101, 1));
  book.step(sell(2, 102, 1));
  book.step(sell(3, 103, 5));
  book.step(stop(10, B, 1, 102));
  book.step(stop(11, B, 1, 101));
  // The trade at 101 triggers stop 11 only; its fill at 102 triggers stop 10.
  CHECK(book.step(buy(20, 101, 1)) ==
        Lines{"Accepted B h=20 px=101 qty=1 rem=1",
              "Fill B h=20 maker=1 px=101 qty=1",
              "LevelUpdate S px=101",
              "StopTriggered B h=11 qty=1 rem=1 aux=101",
              "Fill B h=11 maker=2 px=102 qty=1",
              "LevelUpdate S px=102",
              "StopTriggered B h=10 qty=1 rem=1 aux=102",
              "Fill B h=10 maker=3 px=103 qty=1 mrem=4",
              "LevelUpdate S px=103 lvlqty=4 n=1 last"});
  // Two stops triggered by one command run in the order they were placed, not by stop price.
  book.step(sell(30, 105, 5));
  book.step(stop(12, B, 1, 105));
  book.step(stop(13, B, 1, 104));
  CHECK(book.step(buy(21, 105, 5)) ==
        Lines{"Accepted B h=21 px=105 qty=5 rem=5",
              "Fill B h=21 maker=3 px=103 qty=4 rem=1",
              "LevelUpdate S px=103",
              "Fill B h=21 maker=30 px=105 qty=1 mrem=4",
              "LevelUpdate S px=105 lvlqty=4 n=1",
              "StopTriggered B h=12 qty=1 rem=1 aux=105",
              "Fill B h=12 maker=30 px=105 qty=1 mrem=3",
              "LevelUpdate S px=105 lvlqty=3 n=1",
              "StopTriggered B h=13 qty=1 rem=1 aux=104",
              "Fill B h=13 maker=30 px=105 qty=1 mrem=2",
              "LevelUpdate S px=105 lvlqty=2 n=1 last"});
}

TEST_CASE("a stop-limit enters as a limit order at its price and may rest", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 101, 1));
  book.step(sell(2, 103, 4));
  CHECK(book.step(stop_limit(3, B, 102, 5, 101)) == Lines{"StopAccepted B h=3 px=102 qty=5 rem=5 aux=101 last"});
  CHECK(book.step(buy(4, 101, 1)) ==
        Lines{"Accepted B h=4 px=101 qty=1 rem=1",
              "Fill B h=4 maker=1 px=101 qty=1",
              "LevelUpdate S px=101",
              "StopTriggered B h=3 px=102 qty=5 rem=5 aux=101",
              "LevelUpdate B px=102 lvlqty=5 n=1 last"});
  CHECK(book.model().is_resting(3));
  CHECK(book.step(cancel(3)) == Lines{"Cancelled B reason=1 h=3 px=102 qty=5", "LevelUpdate B px=102 last"});
}

TEST_CASE("a triggered fill-or-kill stop is killed when it cannot fill", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 100, 1));
  book.step(sell(2, 101, 2));
  book.step(stop(3, B, 5, 100, TimeInForce::Fok));
  CHECK(book.step(buy(4, 100, 1)) ==
        Lines{"Accepted B h=4 px=100 qty=1 rem=1",
              "Fill B h=4 maker=1 px=100 qty=1",
              "LevelUpdate S px=100",
              "StopTriggered B h=3 qty=5 rem=5 aux=100",
              "Cancelled B reason=3 h=3 qty=5 last"});
}

TEST_CASE("a stop triggers only on its own book's trades", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(stop(1, B, 1, 100, TimeInForce::Ioc, 1, 1));
  book.step(sell(2, 100, 1));
  CHECK(book.step(buy(3, 100, 1)) ==
        Lines{"Accepted B h=3 px=100 qty=1 rem=1", "Fill B h=3 maker=2 px=100 qty=1", "LevelUpdate S px=100 last"});
  CHECK(book.model().is_pending(1));
  CHECK(book.model().last_trade(0) == 100u);
  CHECK_FALSE(book.model().last_trade(1).has_value());
}

TEST_CASE("a pending stop is cancelled whole, with no level update", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(stop_limit(1, S, 90, 4, 95));
  CHECK(book.step(cancel(1)) == Lines{"Cancelled S reason=1 h=1 px=90 qty=4 last"});
  CHECK(book.step(cancel(1)) == Lines{"Rejected B reason=5 h=1 last"});
  book.step(stop(2, B, 3, 120));
  CHECK(book.step(cancel(2)) == Lines{"Cancelled B reason=1 h=2 qty=3 last"});
}

TEST_CASE("a modified pending stop keeps its place and may trigger at once", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(sell(1, 101, 1));
  book.step(sell(2, 102, 9));
  book.step(stop(10, B, 1, 110));
  book.step(stop(11, B, 1, 101));
  CHECK(book.step(modify_stop(10, 0, 3, 101)) == Lines{"Modified B h=10 qty=3 rem=3 aux=101 last"});
  CHECK(book.step(buy(20, 101, 1)) ==
        Lines{"Accepted B h=20 px=101 qty=1 rem=1",
              "Fill B h=20 maker=1 px=101 qty=1",
              "LevelUpdate S px=101",
              "StopTriggered B h=10 qty=3 rem=3 aux=101",
              "Fill B h=10 maker=2 px=102 qty=3 mrem=6",
              "LevelUpdate S px=102 lvlqty=6 n=1",
              "StopTriggered B h=11 qty=1 rem=1 aux=101",
              "Fill B h=11 maker=2 px=102 qty=1 mrem=5",
              "LevelUpdate S px=102 lvlqty=5 n=1 last"});
  book.step(stop_limit(12, B, 104, 2, 150));
  CHECK(book.step(modify_stop(12, 103, 4, 102)) ==
        Lines{"Modified B h=12 px=103 qty=4 rem=4 aux=102",
              "StopTriggered B h=12 px=103 qty=4 rem=4 aux=102",
              "Fill B h=12 maker=2 px=102 qty=4 mrem=1",
              "LevelUpdate S px=102 lvlqty=1 n=1 last"});
}

TEST_CASE("mass cancel cancels the book's pending stops after its resting orders", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 90, 5, 1));
  book.step(buy(2, 90, 5, 2));
  book.step(stop(3, B, 1, 150, TimeInForce::Ioc, 2));
  book.step(stop_limit(4, S, 80, 2, 85, TimeInForce::Gtc, 1));
  book.step(stop(5, S, 3, 70, TimeInForce::Ioc, 1));
  book.step(stop(6, S, 3, 70, TimeInForce::Ioc, 1, 1)); // another book's
  CHECK(book.step(mass_cancel_account(0, 1)) ==
        Lines{"Cancelled B reason=5 h=1 px=90 qty=5",
              "LevelUpdate B px=90 lvlqty=5 n=1",
              "Cancelled S reason=5 h=4 px=80 qty=2",
              "Cancelled S reason=5 h=5 qty=3",
              "MassCancelDone B n=3 last"});
  CHECK(book.step(mass_cancel(0)) ==
        Lines{"Cancelled B reason=5 h=2 px=90 qty=5", "LevelUpdate B px=90",
              "Cancelled B reason=5 h=3 qty=1", "MassCancelDone B n=2 last"});
  CHECK(book.model().is_pending(6));
}

TEST_CASE("a band move cancels the pending stop-limits whose price it leaves out", "[rules][stop]") {
  ModelDriver book(kConfig);
  book.step(buy(1, 30, 5));
  book.step(stop_limit(2, B, 150, 1, 160));
  book.step(stop_limit(3, S, 20, 2, 25));
  book.step(stop(4, S, 3, 10));
  book.step(stop_limit(5, S, 40, 4, 45));
  CHECK(book.step(set_band(0, 64)) ==
        Lines{"Cancelled B reason=7 h=1 px=30 qty=5", "LevelUpdate B px=30",
              "Cancelled S reason=7 h=3 px=20 qty=2", "Cancelled S reason=7 h=5 px=40 qty=4",
              "BandSet B px=64 n=3 last"});
  CHECK(book.model().is_pending(2));
  CHECK(book.model().is_pending(4)); // a Stop has no price to leave the band
}

TEST_CASE("each book holds at most stop_orders pending stops", "[rules][stop]") {
  constexpr CoreConfig kTwoStops{2, 200, 64, 1000, 2};
  ModelDriver book(kTwoStops);
  book.step(stop(1, B, 1, 150));
  book.step(stop_limit(2, S, 50, 1, 40));
  CHECK(book.step(stop(3, B, 1, 150)) == Lines{"Rejected B reason=14 h=3 last"});
  CHECK(book.step(stop_limit(3, B, 100, 1, 150)) == Lines{"Rejected B reason=14 h=3 last"});
  // A plain order is not a stop; the other book has its own table.
  CHECK(book.step(buy(3, 100, 1)) == Lines{"Accepted B h=3 px=100 qty=1 rem=1", "LevelUpdate B px=100 lvlqty=1 n=1 last"});
  CHECK(book.step(stop(4, B, 1, 150, TimeInForce::Ioc, 1, 1)) == Lines{"StopAccepted B sym=1 h=4 qty=1 rem=1 aux=150 last"});
  book.step(cancel(1));
  CHECK(book.step(stop(5, B, 1, 150)) == Lines{"StopAccepted B h=5 qty=1 rem=1 aux=150 last"});
}
