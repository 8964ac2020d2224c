// Every order type and command of docs/matching.md through the HLS core, with the expected
// events written out in full.
#include <catch2/catch.hpp>

#include "hls_harness.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;
using namespace twinmatch::test;

namespace {

constexpr auto Gtc = TimeInForce::Gtc;
constexpr auto Ioc = TimeInForce::Ioc;
constexpr auto Fok = TimeInForce::Fok;

} // namespace

TEST_CASE("hls rules: GTC limit orders rest, then trade at the maker's price", "[hls][rules]") {
  Script s;
  s.expect(limit(1, S, 100, 10, 0, 7), {accepted(1, S, 0, 100, 10), level_update(S, 0, 100, 10, 1)});
  s.expect(limit(2, S, 100, 5, 0, 8), {accepted(2, S, 0, 100, 5), level_update(S, 0, 100, 15, 2)});
  s.expect(limit(3, S, 101, 20, 0, 8), {accepted(3, S, 0, 101, 20), level_update(S, 0, 101, 20, 1)});
  s.expect(limit(9, B, 90, 4), {accepted(9, B, 0, 90, 4), level_update(B, 0, 90, 4, 1)});
  // A buy at 101 sweeps 100 (oldest first), then part of 101; fully filled, nothing rests.
  s.expect(limit(4, B, 101, 30, 0, 9),
           {accepted(4, B, 0, 101, 30), fill(4, B, 0, 1, 100, 10, 20, 0),
            fill(4, B, 0, 2, 100, 5, 15, 0), level_update(S, 0, 100, 0, 0),
            fill(4, B, 0, 3, 101, 15, 0, 5), level_update(S, 0, 101, 5, 1)});
  // The handle of a filled order is free again.
  s.expect(limit(1, B, 95, 2), {accepted(1, B, 0, 95, 2), level_update(B, 0, 95, 2, 1)});
  // A sell below the best bid trades at the bid's price and rests the remainder.
  s.expect(limit(5, S, 80, 10, 0, 3),
           {accepted(5, S, 0, 80, 10), fill(5, S, 0, 1, 95, 2, 8, 0), level_update(B, 0, 95, 0, 0),
            fill(5, S, 0, 9, 90, 4, 4, 0), level_update(B, 0, 90, 0, 0),
            level_update(S, 0, 80, 4, 1)});
  s.expect(snapshot(0, 0), {snapshot_row(S, 0, 80, 4, 1), snapshot_row(S, 0, 101, 5, 1),
                            snapshot_end(0, 2)});
  // Other symbols are other books.
  s.expect(limit(6, B, 200, 1, 3, 3), {accepted(6, B, 3, 200, 1), level_update(B, 3, 200, 1, 1)});
}

TEST_CASE("hls rules: a partial fill leaves the maker at the head of its level", "[hls][rules]") {
  Script s;
  s.expect(limit(10, S, 50, 10, 1, 1), {accepted(10, S, 1, 50, 10), level_update(S, 1, 50, 10, 1)});
  s.expect(limit(11, S, 50, 10, 1, 2), {accepted(11, S, 1, 50, 10), level_update(S, 1, 50, 20, 2)});
  s.expect(limit(12, B, 50, 4, 1, 3),
           {accepted(12, B, 1, 50, 4), fill(12, B, 1, 10, 50, 4, 0, 6), level_update(S, 1, 50, 16, 2)});
  s.expect(limit(13, B, 55, 7, 1, 3),
           {accepted(13, B, 1, 55, 7), fill(13, B, 1, 10, 50, 6, 1, 0),
            fill(13, B, 1, 11, 50, 1, 0, 9), level_update(S, 1, 50, 9, 1)});
}

TEST_CASE("hls rules: market orders", "[hls][rules]") {
  Script s;
  s.expect(market(1, B, 8), {accepted(1, B, 0, 0, 8),
                                         cancelled(1, B, 0, 0, 8, CancelReason::MarketRemainder)});
  s.expect(limit(2, S, 101, 5, 0, 2), {accepted(2, S, 0, 101, 5), level_update(S, 0, 101, 5, 1)});
  s.expect(limit(3, S, 255, 5, 0, 2), {accepted(3, S, 0, 255, 5), level_update(S, 0, 255, 5, 1)});
  // A market order accepts every level, even the last tick.
  s.expect(market(1, B, 12),
           {accepted(1, B, 0, 0, 12), fill(1, B, 0, 2, 101, 5, 7, 0), level_update(S, 0, 101, 0, 0),
            fill(1, B, 0, 3, 255, 5, 2, 0), level_update(S, 0, 255, 0, 0),
            cancelled(1, B, 0, 0, 2, CancelReason::MarketRemainder)});
  s.expect(limit(4, B, 0, 3, 0, 2), {accepted(4, B, 0, 0, 3), level_update(B, 0, 0, 3, 1)});
  s.expect(market(5, S, 3),
           {accepted(5, S, 0, 0, 3), fill(5, S, 0, 4, 0, 3, 0, 0), level_update(B, 0, 0, 0, 0)});
}

TEST_CASE("hls rules: IOC limit orders", "[hls][rules]") {
  Script s;
  s.expect(limit(1, S, 100, 5, 2, 1), {accepted(1, S, 2, 100, 5), level_update(S, 2, 100, 5, 1)});
  s.expect(limit(2, B, 99, 8, 2, 2, Ioc),
           {accepted(2, B, 2, 99, 8), cancelled(2, B, 2, 99, 8, CancelReason::ImmediateOrCancel)});
  s.expect(limit(2, B, 100, 8, 2, 2, Ioc),
           {accepted(2, B, 2, 100, 8), fill(2, B, 2, 1, 100, 5, 3, 0), level_update(S, 2, 100, 0, 0),
            cancelled(2, B, 2, 100, 3, CancelReason::ImmediateOrCancel)});
  s.expect(snapshot(2, 0), {snapshot_end(2, 0)});
}

TEST_CASE("hls rules: fill-or-kill", "[hls][rules]") {
  Script s;
  s.expect(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
  s.expect(limit(2, S, 102, 5), {accepted(2, S, 0, 102, 5), level_update(S, 0, 102, 5, 1)});
  // Only 5 is available at <= 101: killed, nothing trades.
  s.expect(limit(3, B, 101, 8, 0, 2, Fok),
           {accepted(3, B, 0, 101, 8), cancelled(3, B, 0, 101, 8, CancelReason::FillOrKill)});
  s.expect(market(3, B, 11, Fok, 0, 2),
           {accepted(3, B, 0, 0, 11), cancelled(3, B, 0, 0, 11, CancelReason::FillOrKill)});
  s.expect(snapshot(0, 0), {snapshot_row(S, 0, 100, 5, 1), snapshot_row(S, 0, 102, 5, 1),
                            snapshot_end(0, 2)});
  // Exactly enough at <= 102: fills completely across both levels.
  s.expect(limit(3, B, 102, 10, 0, 2, Fok),
           {accepted(3, B, 0, 102, 10), fill(3, B, 0, 1, 100, 5, 5, 0),
            level_update(S, 0, 100, 0, 0), fill(3, B, 0, 2, 102, 5, 0, 0),
            level_update(S, 0, 102, 0, 0)});
  s.expect(limit(4, B, 7, 2), {accepted(4, B, 0, 7, 2), level_update(B, 0, 7, 2, 1)});
  s.expect(market(5, S, 1, Fok, 0, 2),
           {accepted(5, S, 0, 0, 1), fill(5, S, 0, 4, 7, 1, 0, 1), level_update(B, 0, 7, 1, 1)});
}

TEST_CASE("hls rules: post-only orders rest and never take", "[hls][rules]") {
  Script s;
  s.expect(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
  s.expect(limit(2, B, 99, 5, 0, 2, Gtc, StpMode::None, true),
           {accepted(2, B, 0, 99, 5), level_update(B, 0, 99, 5, 1)});
  s.expect(limit(3, B, 100, 5, 0, 2, Gtc, StpMode::None, true),
           {rejected(3, 0, RejectReason::PostOnlyWouldCross)});
  // As a maker it trades normally.
  s.expect(limit(4, S, 99, 2, 0, 3),
           {accepted(4, S, 0, 99, 2), fill(4, S, 0, 2, 99, 2, 0, 3), level_update(B, 0, 99, 3, 1)});
}

TEST_CASE("hls rules: self-trade prevention modes", "[hls][rules][stp]") {
  Script s;
  SECTION("none: trades with itself") {
    s.expect(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
    s.expect(limit(2, B, 100, 5),
             {accepted(2, B, 0, 100, 5), fill(2, B, 0, 1, 100, 5, 0, 0), level_update(S, 0, 100, 0, 0)});
  }
  SECTION("cancel resting: the maker goes, the sweep goes on") {
    s.expect(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
    s.expect(limit(2, S, 100, 5, 0, 2), {accepted(2, S, 0, 100, 5), level_update(S, 0, 100, 10, 2)});
    s.expect(limit(3, B, 100, 10, 0, 1, Gtc, StpMode::CancelResting),
             {accepted(3, B, 0, 100, 10), cancelled(1, S, 0, 100, 5, CancelReason::SelfTrade),
              fill(3, B, 0, 2, 100, 5, 5, 0), level_update(S, 0, 100, 0, 0),
              level_update(B, 0, 100, 5, 1)});
    s.expect(cancel(1), {rejected(1, 0, RejectReason::UnknownHandle)});
  }
  SECTION("cancel incoming: the sweep stops, the remainder is cancelled") {
    s.expect(limit(1, S, 100, 5, 0, 2), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
    s.expect(limit(2, S, 100, 5), {accepted(2, S, 0, 100, 5), level_update(S, 0, 100, 10, 2)});
    s.expect(limit(4, S, 101, 5, 0, 2), {accepted(4, S, 0, 101, 5), level_update(S, 0, 101, 5, 1)});
    s.expect(limit(3, B, 101, 12, 0, 1, Ioc, StpMode::CancelIncoming),
             {accepted(3, B, 0, 101, 12), fill(3, B, 0, 1, 100, 5, 7, 0),
              level_update(S, 0, 100, 5, 1), cancelled(3, B, 0, 101, 7, CancelReason::SelfTrade)});
    // Stopped at an unchanged level: no level update at all.
    s.expect(limit(3, B, 100, 3, 0, 1, Gtc, StpMode::CancelIncoming),
             {accepted(3, B, 0, 100, 3), cancelled(3, B, 0, 100, 3, CancelReason::SelfTrade)});
    s.expect(snapshot(0, 0), {snapshot_row(S, 0, 100, 5, 1), snapshot_row(S, 0, 101, 5, 1),
                              snapshot_end(0, 2)});
  }
  SECTION("cancel both: the maker is cancelled, then the sweep stops") {
    s.expect(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
    s.expect(limit(2, S, 100, 5, 0, 2), {accepted(2, S, 0, 100, 5), level_update(S, 0, 100, 10, 2)});
    s.expect(market(3, B, 10, Ioc, 0, 1, StpMode::CancelBoth),
             {accepted(3, B, 0, 0, 10), cancelled(1, S, 0, 100, 5, CancelReason::SelfTrade),
              level_update(S, 0, 100, 5, 1), cancelled(3, B, 0, 0, 10, CancelReason::SelfTrade)});
  }
}

TEST_CASE("hls rules: modify keeps or loses priority", "[hls][rules][modify]") {
  Script s;
  s.expect(limit(1, B, 100, 10), {accepted(1, B, 0, 100, 10), level_update(B, 0, 100, 10, 1)});
  s.expect(limit(2, B, 100, 5, 0, 2), {accepted(2, B, 0, 100, 5), level_update(B, 0, 100, 15, 2)});
  SECTION("same price, smaller: keeps priority") {
    s.expect(modify(1, 100, 4), {modified(1, B, 0, 100, 4), level_update(B, 0, 100, 9, 2)});
    s.expect(modify(1, 100, 4), {modified(1, B, 0, 100, 4)});
    s.expect(limit(9, S, 100, 6, 0, 3),
             {accepted(9, S, 0, 100, 6), fill(9, S, 0, 1, 100, 4, 2, 0),
              fill(9, S, 0, 2, 100, 2, 0, 3), level_update(B, 0, 100, 3, 1)});
  }
  SECTION("same price, larger: loses priority, one level update") {
    s.expect(modify(1, 100, 12), {modified(1, B, 0, 100, 12), level_update(B, 0, 100, 17, 2)});
    s.expect(limit(9, S, 100, 6, 0, 3),
             {accepted(9, S, 0, 100, 6), fill(9, S, 0, 2, 100, 5, 1, 0),
              fill(9, S, 0, 1, 100, 1, 0, 11), level_update(B, 0, 100, 11, 1)});
  }
  SECTION("new price: old level update, then the new level") {
    s.expect(modify(2, 101, 5), {modified(2, B, 0, 101, 5), level_update(B, 0, 100, 10, 1),
                                       level_update(B, 0, 101, 5, 1)});
    s.expect(modify(2, 100, 5), {modified(2, B, 0, 100, 5), level_update(B, 0, 101, 0, 0),
                                       level_update(B, 0, 100, 15, 2)});
    s.expect(snapshot(0, 1), {snapshot_row(B, 0, 100, 15, 2), snapshot_end(0, 1)});
  }
  SECTION("new crossing price: trades as a GTC limit order, rests the rest") {
    s.expect(limit(5, S, 105, 5, 0, 3), {accepted(5, S, 0, 105, 5), level_update(S, 0, 105, 5, 1)});
    s.expect(modify(1, 106, 12),
             {modified(1, B, 0, 106, 12), level_update(B, 0, 100, 5, 1),
              fill(1, B, 0, 5, 105, 5, 7, 0), level_update(S, 0, 105, 0, 0),
              level_update(B, 0, 106, 7, 1)});
  }
  SECTION("new crossing price into its own account: self-trade prevention of the order applies") {
    s.expect(limit(6, S, 103, 3, 0, 7), {accepted(6, S, 0, 103, 3), level_update(S, 0, 103, 3, 1)});
    s.expect(limit(7, S, 104, 3, 0, 7, Gtc, StpMode::CancelIncoming),
             {accepted(7, S, 0, 104, 3), level_update(S, 0, 104, 3, 1)});
    s.expect(limit(8, B, 90, 4, 0, 7, Gtc, StpMode::CancelIncoming),
             {accepted(8, B, 0, 90, 4), level_update(B, 0, 90, 4, 1)});
    s.expect(modify(8, 104, 4),
             {modified(8, B, 0, 104, 4), level_update(B, 0, 90, 0, 0),
              cancelled(8, B, 0, 104, 4, CancelReason::SelfTrade)});
    s.expect(cancel(8), {rejected(8, 0, RejectReason::UnknownHandle)});
  }
}

TEST_CASE("hls rules: cancel", "[hls][rules]") {
  Script s;
  s.expect(limit(1, S, 100, 10), {accepted(1, S, 0, 100, 10), level_update(S, 0, 100, 10, 1)});
  s.expect(limit(2, S, 100, 10), {accepted(2, S, 0, 100, 10), level_update(S, 0, 100, 20, 2)});
  s.expect(limit(3, S, 100, 10), {accepted(3, S, 0, 100, 10), level_update(S, 0, 100, 30, 3)});
  s.expect(limit(4, B, 100, 4, 0, 2),
           {accepted(4, B, 0, 100, 4), fill(4, B, 0, 1, 100, 4, 0, 6), level_update(S, 0, 100, 26, 3)});
  // Cancel from the middle, then the head (with its open quantity), then the tail.
  s.expect(cancel(2), {cancelled(2, S, 0, 100, 10, CancelReason::User), level_update(S, 0, 100, 16, 2)});
  s.expect(cancel(1), {cancelled(1, S, 0, 100, 6, CancelReason::User), level_update(S, 0, 100, 10, 1)});
  s.expect(limit(1, S, 100, 1), {accepted(1, S, 0, 100, 1), level_update(S, 0, 100, 11, 2)});
  s.expect(cancel(1), {cancelled(1, S, 0, 100, 1, CancelReason::User), level_update(S, 0, 100, 10, 1)});
  s.expect(cancel(3), {cancelled(3, S, 0, 100, 10, CancelReason::User), level_update(S, 0, 100, 0, 0)});
  s.expect(snapshot(0, 0), {snapshot_end(0, 0)});
}

TEST_CASE("hls rules: mass cancel, all and by account", "[hls][rules][mass]") {
  Script s;
  s.expect(limit(1, B, 10, 1, 1, 1), {accepted(1, B, 1, 10, 1), level_update(B, 1, 10, 1, 1)});
  s.expect(limit(2, B, 10, 2, 1, 2), {accepted(2, B, 1, 10, 2), level_update(B, 1, 10, 3, 2)});
  s.expect(limit(7, B, 10, 4, 1, 1), {accepted(7, B, 1, 10, 4), level_update(B, 1, 10, 7, 3)});
  s.expect(limit(8, B, 10, 8, 1, 2), {accepted(8, B, 1, 10, 8), level_update(B, 1, 10, 15, 4)});
  s.expect(limit(3, B, 12, 16, 1, 1), {accepted(3, B, 1, 12, 16), level_update(B, 1, 12, 16, 1)});
  s.expect(limit(4, S, 20, 32, 1, 1), {accepted(4, S, 1, 20, 32), level_update(S, 1, 20, 32, 1)});
  s.expect(limit(5, S, 21, 64, 1, 2), {accepted(5, S, 1, 21, 64), level_update(S, 1, 21, 64, 1)});
  s.expect(limit(6, S, 20, 128, 1, 2), {accepted(6, S, 1, 20, 128), level_update(S, 1, 20, 160, 2)});
  s.expect(limit(9, S, 20, 1, 2, 1), {accepted(9, S, 2, 20, 1), level_update(S, 2, 20, 1, 1)});

  s.expect(mass_cancel(0), {mass_cancel_done(0, 0)});
  s.expect(mass_cancel_account(1, 3), {mass_cancel_done(1, 0)});
  // Bids best to worst, oldest first within a level, then asks; an unchanged level (21) is silent.
  s.expect(mass_cancel_account(1, 1),
           {cancelled(3, B, 1, 12, 16, CancelReason::Mass), level_update(B, 1, 12, 0, 0),
            cancelled(1, B, 1, 10, 1, CancelReason::Mass), cancelled(7, B, 1, 10, 4, CancelReason::Mass),
            level_update(B, 1, 10, 10, 2), cancelled(4, S, 1, 20, 32, CancelReason::Mass),
            level_update(S, 1, 20, 128, 1), mass_cancel_done(1, 4)});
  // The survivors of level 10 kept their order (2 then 8), and their links are intact.
  s.expect(limit(10, S, 10, 3, 1, 5),
           {accepted(10, S, 1, 10, 3), fill(10, S, 1, 2, 10, 2, 1, 0), fill(10, S, 1, 8, 10, 1, 0, 7),
            level_update(B, 1, 10, 7, 1)});
  s.expect(limit(11, B, 10, 1, 1, 5), {accepted(11, B, 1, 10, 1), level_update(B, 1, 10, 8, 2)});
  s.expect(cancel(8), {cancelled(8, B, 1, 10, 7, CancelReason::User), level_update(B, 1, 10, 1, 1)});
  s.expect(mass_cancel(1),
           {cancelled(11, B, 1, 10, 1, CancelReason::Mass), level_update(B, 1, 10, 0, 0),
            cancelled(6, S, 1, 20, 128, CancelReason::Mass), level_update(S, 1, 20, 0, 0),
            cancelled(5, S, 1, 21, 64, CancelReason::Mass), level_update(S, 1, 21, 0, 0),
            mass_cancel_done(1, 3)});
  s.expect(snapshot(1, 0), {snapshot_end(1, 0)});
  s.expect(snapshot(2, 0), {snapshot_row(S, 2, 20, 1, 1), snapshot_end(2, 1)});
}

TEST_CASE("hls rules: snapshot depth and order", "[hls][rules]") {
  Script s;
  s.expect(limit(1, B, 10, 1), {accepted(1, B, 0, 10, 1), level_update(B, 0, 10, 1, 1)});
  s.expect(limit(2, B, 12, 2), {accepted(2, B, 0, 12, 2), level_update(B, 0, 12, 2, 1)});
  s.expect(limit(3, B, 11, 3), {accepted(3, B, 0, 11, 3), level_update(B, 0, 11, 3, 1)});
  s.expect(limit(4, B, 11, 4), {accepted(4, B, 0, 11, 4), level_update(B, 0, 11, 7, 2)});
  s.expect(limit(5, S, 255, 5), {accepted(5, S, 0, 255, 5), level_update(S, 0, 255, 5, 1)});
  s.expect(limit(6, S, 64, 6), {accepted(6, S, 0, 64, 6), level_update(S, 0, 64, 6, 1)});
  s.expect(limit(7, B, 0, 7), {accepted(7, B, 0, 0, 7), level_update(B, 0, 0, 7, 1)});
  s.expect(snapshot(0, 0),
           {snapshot_row(B, 0, 12, 2, 1), snapshot_row(B, 0, 11, 7, 2), snapshot_row(B, 0, 10, 1, 1),
            snapshot_row(B, 0, 0, 7, 1), snapshot_row(S, 0, 64, 6, 1), snapshot_row(S, 0, 255, 5, 1),
            snapshot_end(0, 6)});
  s.expect(snapshot(0, 2),
           {snapshot_row(B, 0, 12, 2, 1), snapshot_row(B, 0, 11, 7, 2), snapshot_row(S, 0, 64, 6, 1),
            snapshot_row(S, 0, 255, 5, 1), snapshot_end(0, 4)});
  s.expect(snapshot(0, 1),
           {snapshot_row(B, 0, 12, 2, 1), snapshot_row(S, 0, 64, 6, 1), snapshot_end(0, 2)});
  s.expect(snapshot(1, 3), {snapshot_end(1, 0)});
}

TEST_CASE("hls rules: every core instance starts empty and independent", "[hls][rules]") {
  HlsHarness first;
  HlsHarness second;
  const std::vector<Event> a = first.apply(limit(1, B, 10, 1));
  const std::vector<Event> b = second.apply(limit(1, B, 10, 1));
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  CHECK(a[0].seq == 1);
  CHECK(b[0].seq == 1);
  CHECK(second.apply(cancel(1)).size() == 2);
  CHECK(first.apply(limit(1, B, 10, 1))[0].reason ==
        static_cast<std::uint8_t>(RejectReason::HandleInUse));
}
