// The price band through the HLS core (docs/matching.md, "The price band" and "SetBand"), with
// the expected events written out in full: band moves up, down, in place and far from zero; the
// best-price search across the wrap of the circular level storage; the venue-sized core.
#include <catch2/catch.hpp>

#include "hls_harness.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;
using namespace twinmatch::test;

namespace {

constexpr auto Moved = CancelReason::BandMoved;
constexpr auto Outside = RejectReason::PriceOutsideBand;

} // namespace

TEST_CASE("hls band: moves cancel what leaves the band, in mass-cancel order", "[hls][band]") {
  Script s;
  s.expect(limit(1, B, 10, 5, 1), {accepted(1, B, 1, 10, 5), level_update(B, 1, 10, 5, 1)});
  s.expect(limit(2, B, 10, 3, 1), {accepted(2, B, 1, 10, 3), level_update(B, 1, 10, 8, 2)});
  s.expect(limit(3, B, 100, 2, 1), {accepted(3, B, 1, 100, 2), level_update(B, 1, 100, 2, 1)});
  s.expect(limit(4, B, 150, 1, 1), {accepted(4, B, 1, 150, 1), level_update(B, 1, 150, 1, 1)});
  s.expect(limit(5, S, 160, 4, 1), {accepted(5, S, 1, 160, 4), level_update(S, 1, 160, 4, 1)});
  s.expect(limit(6, S, 200, 6, 1), {accepted(6, S, 1, 200, 6), level_update(S, 1, 200, 6, 1)});
  s.expect(limit(7, S, 200, 7, 1), {accepted(7, S, 1, 200, 7), level_update(S, 1, 200, 13, 2)});

  // Up by 128: [128, 383]. The bids below 128 go, best first, oldest first within a level.
  s.expect(set_band(1, 128),
           {cancelled(3, B, 1, 100, 2, Moved), level_update(B, 1, 100, 0, 0),
            cancelled(1, B, 1, 10, 5, Moved), cancelled(2, B, 1, 10, 3, Moved),
            level_update(B, 1, 10, 0, 0), band_set(1, 128, 3)});
  s.expect(limit(20, B, 127, 1, 1), {rejected(20, 1, Outside)});
  s.expect(limit(20, S, 384, 1, 1), {rejected(20, 1, Outside)});

  // 260 and 300 are stored at slots 4 and 44, below 160 (slot 160) and 200 (slot 200): the
  // search follows the band, not the slots.
  s.expect(limit(8, S, 300, 2, 1), {accepted(8, S, 1, 300, 2), level_update(S, 1, 300, 2, 1)});
  s.expect(limit(9, S, 260, 1, 1), {accepted(9, S, 1, 260, 1), level_update(S, 1, 260, 1, 1)});
  s.expect(snapshot(1), {snapshot_row(B, 1, 150, 1, 1), snapshot_row(S, 1, 160, 4, 1),
                         snapshot_row(S, 1, 200, 13, 2), snapshot_row(S, 1, 260, 1, 1),
                         snapshot_row(S, 1, 300, 2, 1), snapshot_end(1, 5)});
  s.expect(market(10, B, 30, TimeInForce::Ioc, 1),
           {accepted(10, B, 1, 0, 30), fill(10, B, 1, 5, 160, 4, 26, 0),
            level_update(S, 1, 160, 0, 0), fill(10, B, 1, 6, 200, 6, 20, 0),
            fill(10, B, 1, 7, 200, 7, 13, 0), level_update(S, 1, 200, 0, 0),
            fill(10, B, 1, 9, 260, 1, 12, 0), level_update(S, 1, 260, 0, 0),
            fill(10, B, 1, 8, 300, 2, 10, 0), level_update(S, 1, 300, 0, 0),
            cancelled(10, B, 1, 0, 10, CancelReason::MarketRemainder)});

  s.expect(limit(11, S, 310, 1, 1), {accepted(11, S, 1, 310, 1), level_update(S, 1, 310, 1, 1)});
  s.expect(limit(15, S, 310, 5, 1), {accepted(15, S, 1, 310, 5), level_update(S, 1, 310, 6, 2)});
  s.expect(limit(12, S, 330, 2, 1), {accepted(12, S, 1, 330, 2), level_update(S, 1, 330, 2, 1)});
  s.expect(limit(13, S, 383, 3, 1), {accepted(13, S, 1, 383, 3), level_update(S, 1, 383, 3, 1)});
  s.expect(limit(14, B, 300, 4, 1), {accepted(14, B, 1, 300, 4), level_update(B, 1, 300, 4, 1)});

  // Down to 64: [64, 319]. The asks above 319 go, lowest first; 310 stays with its priority.
  s.expect(set_band(1, 64),
           {cancelled(12, S, 1, 330, 2, Moved), level_update(S, 1, 330, 0, 0),
            cancelled(13, S, 1, 383, 3, Moved), level_update(S, 1, 383, 0, 0),
            band_set(1, 64, 2)});
  s.expect(limit(16, B, 310, 1, 1), {accepted(16, B, 1, 310, 1), fill(16, B, 1, 11, 310, 1, 0, 0),
                                     level_update(S, 1, 310, 5, 1)});
  s.expect(limit(17, B, 64, 9, 1), {accepted(17, B, 1, 64, 9), level_update(B, 1, 64, 9, 1)});
  s.expect(snapshot(1), {snapshot_row(B, 1, 300, 4, 1), snapshot_row(B, 1, 150, 1, 1),
                         snapshot_row(B, 1, 64, 9, 1), snapshot_row(S, 1, 310, 5, 1),
                         snapshot_end(1, 4)});

  // The same base again cancels nothing; other symbols keep their own band.
  s.expect(set_band(1, 64), {band_set(1, 64, 0)});
  s.expect(limit(18, B, 10, 1, 0), {accepted(18, B, 0, 10, 1), level_update(B, 0, 10, 1, 1)});
  s.expect(limit(20, B, 10, 1, 1), {rejected(20, 1, Outside)});

  // Far from zero: nothing of the old band is held, every order goes.
  constexpr std::uint32_t kFar = 0x7fffffc0u;
  s.expect(set_band(1, kFar),
           {cancelled(14, B, 1, 300, 4, Moved), level_update(B, 1, 300, 0, 0),
            cancelled(4, B, 1, 150, 1, Moved), level_update(B, 1, 150, 0, 0),
            cancelled(17, B, 1, 64, 9, Moved), level_update(B, 1, 64, 0, 0),
            cancelled(15, S, 1, 310, 5, Moved), level_update(S, 1, 310, 0, 0),
            band_set(1, kFar, 4)});
  s.expect(limit(19, S, kFar + 255, 2, 1),
           {accepted(19, S, 1, kFar + 255, 2), level_update(S, 1, kFar + 255, 2, 1)});
  s.expect(limit(20, B, kFar, 3, 1),
           {accepted(20, B, 1, kFar, 3), level_update(B, 1, kFar, 3, 1)});
  s.expect(limit(21, B, kFar + 256, 3, 1), {rejected(21, 1, Outside)});
  s.expect(modify(19, kFar, 2),
           {modified(19, S, 1, kFar, 2), level_update(S, 1, kFar + 255, 0, 0),
            fill(19, S, 1, 20, kFar, 2, 0, 1), level_update(B, 1, kFar, 1, 1)});
  s.expect(snapshot(0), {snapshot_row(B, 0, 10, 1, 1), snapshot_end(0, 1)});
}

TEST_CASE("hls band: a move by exactly the band's width leaves nothing, one word less keeps one",
          "[hls][band]") {
  Script s;
  s.expect(limit(1, B, 0, 1, 2), {accepted(1, B, 2, 0, 1), level_update(B, 2, 0, 1, 1)});
  s.expect(limit(2, S, 255, 1, 2), {accepted(2, S, 2, 255, 1), level_update(S, 2, 255, 1, 1)});
  s.expect(limit(3, S, 192, 1, 2), {accepted(3, S, 2, 192, 1), level_update(S, 2, 192, 1, 1)});
  s.expect(limit(4, S, 191, 1, 2), {accepted(4, S, 2, 191, 1), level_update(S, 2, 191, 1, 1)});
  // Up by 192: [192, 447] keeps 192 .. 255, the top word of the old band.
  s.expect(set_band(2, 192),
           {cancelled(1, B, 2, 0, 1, Moved), level_update(B, 2, 0, 0, 0),
            cancelled(4, S, 2, 191, 1, Moved), level_update(S, 2, 191, 0, 0),
            band_set(2, 192, 2)});
  // 447 lives at slot 191, just below the held word: the walk wraps to it last.
  s.expect(limit(5, S, 447, 1, 2), {accepted(5, S, 2, 447, 1), level_update(S, 2, 447, 1, 1)});
  s.expect(snapshot(2), {snapshot_row(S, 2, 192, 1, 1), snapshot_row(S, 2, 255, 1, 1),
                         snapshot_row(S, 2, 447, 1, 1), snapshot_end(2, 3)});
  // Fill-or-kill counts across the wrap too: 192 + 255 + 447 hold 3.
  s.expect(limit(7, B, 447, 3, 2, 1, TimeInForce::Fok),
           {accepted(7, B, 2, 447, 3), fill(7, B, 2, 3, 192, 1, 2, 0),
            level_update(S, 2, 192, 0, 0),
            fill(7, B, 2, 2, 255, 1, 1, 0), level_update(S, 2, 255, 0, 0),
            fill(7, B, 2, 5, 447, 1, 0, 0), level_update(S, 2, 447, 0, 0)});
  s.expect(limit(6, B, 256, 1, 2), {accepted(6, B, 2, 256, 1), level_update(B, 2, 256, 1, 1)});
  s.expect(limit(8, S, 400, 2, 2), {accepted(8, S, 2, 400, 2), level_update(S, 2, 400, 2, 1)});
  // Up by exactly 256: [448, 703] shares nothing with [192, 447].
  s.expect(set_band(2, 448),
           {cancelled(6, B, 2, 256, 1, Moved), level_update(B, 2, 256, 0, 0),
            cancelled(8, S, 2, 400, 2, Moved), level_update(S, 2, 400, 0, 0),
            band_set(2, 448, 2)});
  s.expect(snapshot(2), {snapshot_end(2, 0)});
}

TEST_CASE("hls band: the venue-sized core (256 symbols, 4096-tick band, 65536 orders)",
          "[hls][band][venue]") {
  VenueScript s;
  constexpr std::uint32_t kBase = 0x10000040u; // slot of the base: 64 (leaf word 1 of 64)
  constexpr std::uint32_t kTop = kBase + 4095;  // slot 63: the last word of the band's view
  s.expect(limit(1, S, 10, 1, 255), {accepted(1, S, 255, 10, 1), level_update(S, 255, 10, 1, 1)});
  s.expect(set_band(255, kBase), {cancelled(1, S, 255, 10, 1, Moved),
                                      level_update(S, 255, 10, 0, 0), band_set(255, kBase, 1)});
  s.expect(set_band(256, 0), {rejected(0, 256, RejectReason::UnknownSymbol)});
  s.expect(set_band(255, 0xfffff040u), {rejected(0, 255, RejectReason::PriceOutOfRange)});
  s.expect(limit(65536, S, kTop, 1, 255), {rejected(65536, 255, RejectReason::HandleOutOfRange)});
  s.expect(limit(65535, S, kTop, 4, 255),
           {accepted(65535, S, 255, kTop, 4), level_update(S, 255, kTop, 4, 1)});
  s.expect(limit(2, S, kBase + 1000, 5, 255),
           {accepted(2, S, 255, kBase + 1000, 5), level_update(S, 255, kBase + 1000, 5, 1)});
  s.expect(limit(3, B, kBase, 6, 255),
           {accepted(3, B, 255, kBase, 6), level_update(B, 255, kBase, 6, 1)});
  s.expect(limit(4, B, kBase + 4096, 6, 255), {rejected(4, 255, RejectReason::PriceOutsideBand)});
  s.expect(snapshot(255), {snapshot_row(B, 255, kBase, 6, 1),
                           snapshot_row(S, 255, kBase + 1000, 5, 1),
                           snapshot_row(S, 255, kTop, 4, 1), snapshot_end(255, 3)});
  s.expect(market(4, B, 9, TimeInForce::Fok, 255),
           {accepted(4, B, 255, 0, 9), fill(4, B, 255, 2, kBase + 1000, 5, 4, 0),
            level_update(S, 255, kBase + 1000, 0, 0), fill(4, B, 255, 65535, kTop, 4, 0, 0),
            level_update(S, 255, kTop, 0, 0)});
  // Down one word: [kBase - 64, kTop - 64]; the bid at kBase stays.
  s.expect(limit(5, S, kTop - 63, 1, 255),
           {accepted(5, S, 255, kTop - 63, 1), level_update(S, 255, kTop - 63, 1, 1)});
  s.expect(set_band(255, kBase - 64), {cancelled(5, S, 255, kTop - 63, 1, Moved),
                                           level_update(S, 255, kTop - 63, 0, 0),
                                           band_set(255, kBase - 64, 1)});
  s.expect(mass_cancel(255), {cancelled(3, B, 255, kBase, 6, CancelReason::Mass),
                              level_update(B, 255, kBase, 0, 0), mass_cancel_done(255, 1)});
}
