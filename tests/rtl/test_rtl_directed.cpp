// Hand-written command sequences with their expected events, derived from docs/matching.md,
// run through the verilated core and compared byte for byte.
#include <catch2/catch.hpp>

#include "rtl_test_util.hpp"

using namespace twinmatch;
using namespace twinmatch::rtl_test;
using namespace twinmatch::test;

TEST_CASE("rtl: every reject reason, in the documented order", "[rtl][reject]") {
  Expected x;
  const Command resting = limit(7, B, 100, 10);
  x.add(resting, {accepted(7, B, 0, 100, 10), level_update(B, 0, 100, 10, 1)});
  const Command ask = limit(8, S, 110, 5);
  x.add(ask, {accepted(8, S, 0, 110, 5), level_update(S, 0, 110, 5, 1)});

  const Command order = limit(1, B, 100, 1);
  const std::vector<Command> malformed = {
      edited(order, [](Command& m) { m.version = 1; }),
      edited(order, [](Command& m) { m.opcode = 7; }),
      edited(order, [](Command& m) { m.opcode = 0; }),
      edited(order, [](Command& m) { m.reserved0 = 1; }),
      edited(order, [](Command& m) { m.aux = 0x80000000u; }),
      edited(order, [](Command& m) { m.side = 2; }),
      edited(order, [](Command& m) { m.order_type = 2; }),
      edited(order, [](Command& m) { m.tif = 3; }),
      edited(order, [](Command& m) { m.stp = 4; }),
      edited(order, [](Command& m) { m.flags = kFlagByAccount; }),
      edited(order, [](Command& m) { m.depth = 1; }),
      // A market order's price is unused.
      edited(market(1, B, 1, TimeInForce::Ioc), [](Command& m) { m.price = 5; }),
      edited(cancel(7), [](Command& m) { m.symbol = 1; }),
      edited(cancel(7), [](Command& m) { m.flags = kFlagPostOnly; }),
      edited(modify(7, 100, 5), [](Command& m) { m.account = 1; }),
      edited(modify(7, 100, 5), [](Command& m) { m.side = 1; }),
      edited(mass_cancel(0), [](Command& m) { m.account = 3; }),  // account without by-account
      edited(mass_cancel(0), [](Command& m) { m.handle = 1; }),
      edited(snapshot(0), [](Command& m) { m.quantity = 1; }),
      edited(snapshot(0), [](Command& m) { m.flags = kFlagByAccount; }),
  };
  for (const Command& m : malformed) x.add(m, {rejected(m, RejectReason::Malformed)});

  auto reject = [&](const Command& cmd, RejectReason reason) { x.add(cmd, {rejected(cmd, reason)}); };
  // Malformed comes before every per-opcode check.
  reject(edited(limit(5000, B, 100, 1, 9), [](Command& m) { m.reserved0 = 1; }),
         RejectReason::Malformed);
  reject(limit(1, B, 100, 1, 4), RejectReason::UnknownSymbol);
  reject(limit(4096, B, 100, 0, 4), RejectReason::UnknownSymbol);  // symbol before handle
  reject(limit(4096, B, 100, 1), RejectReason::HandleOutOfRange);
  reject(limit(0xFFFFFFFFu, B, 100, 1), RejectReason::HandleOutOfRange);
  reject(limit(7, B, 100, 0), RejectReason::HandleInUse);  // in use before zero quantity
  reject(limit(1, B, 100, 0), RejectReason::ZeroQuantity);
  reject(limit(1, B, 100, 1000001), RejectReason::QuantityTooLarge);
  reject(limit(1, B, 256, 1000000), RejectReason::PriceOutsideBand);
  reject(market(1, B, 5, TimeInForce::Gtc), RejectReason::InvalidCombination);
  reject(edited(market(1, B, 5, TimeInForce::Ioc), [](Command& m) { m.flags = kFlagPostOnly; }),
         RejectReason::InvalidCombination);
  reject(limit(1, B, 100, 5, 0, 1, TimeInForce::Ioc, StpMode::None, true),
         RejectReason::InvalidCombination);
  reject(limit(1, B, 100, 5, 0, 1, TimeInForce::Fok, StpMode::CancelResting),
         RejectReason::InvalidCombination);
  reject(limit(1, B, 110, 5, 0, 1, TimeInForce::Gtc, StpMode::None, true),
         RejectReason::PostOnlyWouldCross);
  reject(limit(1, S, 100, 5, 0, 1, TimeInForce::Gtc, StpMode::None, true),
         RejectReason::PostOnlyWouldCross);
  reject(cancel(4096), RejectReason::HandleOutOfRange);
  reject(cancel(1), RejectReason::UnknownHandle);
  reject(modify(4096, 0, 0), RejectReason::HandleOutOfRange);
  reject(modify(1, 100, 5), RejectReason::UnknownHandle);
  reject(modify(7, 100, 0), RejectReason::ZeroQuantity);
  reject(modify(7, 100, 1000001), RejectReason::QuantityTooLarge);
  reject(modify(7, 256, 5), RejectReason::PriceOutsideBand);
  reject(mass_cancel(4), RejectReason::UnknownSymbol);
  reject(snapshot(65535), RejectReason::UnknownSymbol);

  // A post-only order modified into a crossing price.
  const Command post = limit(9, B, 90, 3, 0, 2, TimeInForce::Gtc, StpMode::None, true);
  x.add(post, {accepted(9, B, 0, 90, 3), level_update(B, 0, 90, 3, 1)});
  reject(modify(9, 110, 3), RejectReason::PostOnlyWouldCross);
  // Rejections changed nothing: the book is as it was.
  const Command snap = snapshot(0);
  x.add(snap, {snapshot_row(B, 0, 100, 10, 1),
               snapshot_row(B, 0, 90, 3, 1),
               snapshot_row(S, 0, 110, 5, 1),
               snapshot_end(0, 3)});
  check_directed(x);
}

TEST_CASE("rtl: limit orders rest, cross, sweep levels and rest the remainder", "[rtl][limit]") {
  Expected x;
  x.add(limit(1, S, 101, 5), {accepted(1, S, 0, 101, 5), level_update(S, 0, 101, 5, 1)});
  x.add(limit(2, S, 101, 7, 0, 2), {accepted(2, S, 0, 101, 7), level_update(S, 0, 101, 12, 2)});
  x.add(limit(3, S, 103, 4, 0, 3), {accepted(3, S, 0, 103, 4), level_update(S, 0, 103, 4, 1)});
  x.add(limit(4, S, 105, 9, 0, 3), {accepted(4, S, 0, 105, 9), level_update(S, 0, 105, 9, 1)});
  // Buy 20 at 104: takes 101 (5 + 7) and 103 (4) at the makers' prices, rests 4 at 104.
  x.add(limit(10, B, 104, 20, 0, 9),
        {accepted(10, B, 0, 104, 20), fill(10, B, 0, 1, 101, 5, 15, 0),
         fill(10, B, 0, 2, 101, 7, 8, 0), level_update(S, 0, 101, 0, 0),
         fill(10, B, 0, 3, 103, 4, 4, 0), level_update(S, 0, 103, 0, 0),
         level_update(B, 0, 104, 4, 1)});
  // Sell 2 at 100: partial fill of the resting buy, which stays at the head.
  x.add(limit(11, S, 100, 2, 0, 8), {accepted(11, S, 0, 100, 2), fill(11, S, 0, 10, 104, 2, 0, 2),
                                     level_update(B, 0, 104, 2, 1)});
  // Another book is independent.
  x.add(limit(12, S, 50, 1, 3), {accepted(12, S, 3, 50, 1), level_update(S, 3, 50, 1, 1)});
  x.add(limit(13, B, 49, 1, 3), {accepted(13, B, 3, 49, 1), level_update(B, 3, 49, 1, 1)});
  // Edge prices 0 and 255.
  x.add(limit(14, B, 0, 1), {accepted(14, B, 0, 0, 1), level_update(B, 0, 0, 1, 1)});
  x.add(limit(15, S, 255, 1000000),
        {accepted(15, S, 0, 255, 1000000), level_update(S, 0, 255, 1000000, 1)});
  // Handle 7 used again after its order was filled... handle 1 was filled above.
  x.add(limit(1, B, 10, 1), {accepted(1, B, 0, 10, 1), level_update(B, 0, 10, 1, 1)});
  x.add(snapshot(0, 2), {snapshot_row(B, 0, 104, 2, 1),
                         snapshot_row(B, 0, 10, 1, 1),
                         snapshot_row(S, 0, 105, 9, 1),
                         snapshot_row(S, 0, 255, 1000000, 1),
                         snapshot_end(0, 4)});
  x.add(snapshot(1), {snapshot_end(1, 0)});
  check_directed(x);
}

TEST_CASE("rtl: market, IOC and fill-or-kill", "[rtl][tif]") {
  Expected x;
  x.add(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
  x.add(limit(2, S, 102, 5), {accepted(2, S, 0, 102, 5), level_update(S, 0, 102, 5, 1)});
  // Market with nothing on the other side.
  x.add(market(3, S, 4, TimeInForce::Ioc),
        {accepted(3, S, 0, 0, 4), cancelled(3, S, 0, 0, 4, CancelReason::MarketRemainder)});
  // FOK that cannot be filled: 100 + 102 hold 10 < 11.
  x.add(market(4, B, 11, TimeInForce::Fok),
        {accepted(4, B, 0, 0, 11), cancelled(4, B, 0, 0, 11, CancelReason::FillOrKill)});
  // FOK limit whose price admits only the 100 level.
  x.add(limit(5, B, 101, 6, 0, 1, TimeInForce::Fok),
        {accepted(5, B, 0, 101, 6), cancelled(5, B, 0, 101, 6, CancelReason::FillOrKill)});
  // FOK that fits exactly across two levels.
  x.add(limit(6, B, 102, 7, 0, 1, TimeInForce::Fok),
        {accepted(6, B, 0, 102, 7), fill(6, B, 0, 1, 100, 5, 2, 0), level_update(S, 0, 100, 0, 0),
         fill(6, B, 0, 2, 102, 2, 0, 3), level_update(S, 0, 102, 3, 1)});
  // IOC crossing partly, remainder cancelled.
  x.add(limit(7, B, 102, 5, 0, 1, TimeInForce::Ioc),
        {accepted(7, B, 0, 102, 5), fill(7, B, 0, 2, 102, 3, 2, 0), level_update(S, 0, 102, 0, 0),
         cancelled(7, B, 0, 102, 2, CancelReason::ImmediateOrCancel)});
  // IOC that does not cross.
  x.add(limit(8, S, 150, 5, 0, 1, TimeInForce::Ioc),
        {accepted(8, S, 0, 150, 5), cancelled(8, S, 0, 150, 5, CancelReason::ImmediateOrCancel)});
  // FOK with an empty opposite side.
  x.add(limit(9, S, 1, 1, 0, 1, TimeInForce::Fok),
        {accepted(9, S, 0, 1, 1), cancelled(9, S, 0, 1, 1, CancelReason::FillOrKill)});
  // Market buy sweeping bids? No: a market sell against resting bids at two levels.
  x.add(limit(10, B, 50, 2), {accepted(10, B, 0, 50, 2), level_update(B, 0, 50, 2, 1)});
  x.add(limit(11, B, 60, 3), {accepted(11, B, 0, 60, 3), level_update(B, 0, 60, 3, 1)});
  x.add(market(12, S, 9, TimeInForce::Ioc),
        {accepted(12, S, 0, 0, 9), fill(12, S, 0, 11, 60, 3, 6, 0), level_update(B, 0, 60, 0, 0),
         fill(12, S, 0, 10, 50, 2, 4, 0), level_update(B, 0, 50, 0, 0),
         cancelled(12, S, 0, 0, 4, CancelReason::MarketRemainder)});
  // Market FOK that fits.
  x.add(limit(13, B, 70, 4), {accepted(13, B, 0, 70, 4), level_update(B, 0, 70, 4, 1)});
  x.add(market(14, S, 4, TimeInForce::Fok),
        {accepted(14, S, 0, 0, 4), fill(14, S, 0, 13, 70, 4, 0, 0), level_update(B, 0, 70, 0, 0)});
  check_directed(x);
}

TEST_CASE("rtl: self-trade prevention", "[rtl][stp]") {
  Expected x;
  x.add(limit(1, S, 100, 5, 0, 7), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
  x.add(limit(2, S, 100, 5, 0, 8), {accepted(2, S, 0, 100, 5), level_update(S, 0, 100, 10, 2)});
  x.add(limit(3, S, 101, 5, 0, 7), {accepted(3, S, 0, 101, 5), level_update(S, 0, 101, 5, 1)});
  // Cancel resting: account 7's makers are cancelled, account 8's trades.
  x.add(limit(10, B, 101, 8, 0, 7, TimeInForce::Gtc, StpMode::CancelResting),
        {accepted(10, B, 0, 101, 8), cancelled(1, S, 0, 100, 5, CancelReason::SelfTrade),
         fill(10, B, 0, 2, 100, 5, 3, 0), level_update(S, 0, 100, 0, 0),
         cancelled(3, S, 0, 101, 5, CancelReason::SelfTrade), level_update(S, 0, 101, 0, 0),
         level_update(B, 0, 101, 3, 1)});
  x.add(limit(4, S, 110, 5, 0, 8), {accepted(4, S, 0, 110, 5), level_update(S, 0, 110, 5, 1)});
  x.add(limit(5, S, 110, 5, 0, 7), {accepted(5, S, 0, 110, 5), level_update(S, 0, 110, 10, 2)});
  // Cancel incoming: trades with 4, stops at 5 (same account); the level changed.
  x.add(limit(11, B, 110, 20, 0, 7, TimeInForce::Gtc, StpMode::CancelIncoming),
        {accepted(11, B, 0, 110, 20), fill(11, B, 0, 4, 110, 5, 15, 0), level_update(S, 0, 110, 5, 1),
         cancelled(11, B, 0, 110, 15, CancelReason::SelfTrade)});
  // Cancel incoming at an unchanged level: no level update.
  x.add(limit(12, B, 110, 1, 0, 7, TimeInForce::Gtc, StpMode::CancelIncoming),
        {accepted(12, B, 0, 110, 1), cancelled(12, B, 0, 110, 1, CancelReason::SelfTrade)});
  // Cancel both.
  x.add(limit(13, B, 110, 2, 0, 7, TimeInForce::Ioc, StpMode::CancelBoth),
        {accepted(13, B, 0, 110, 2), cancelled(5, S, 0, 110, 5, CancelReason::SelfTrade),
         level_update(S, 0, 110, 0, 0), cancelled(13, B, 0, 110, 2, CancelReason::SelfTrade)});
  // STP None trades with yourself.
  x.add(limit(14, S, 101, 3, 0, 7), {accepted(14, S, 0, 101, 3), fill(14, S, 0, 10, 101, 3, 0, 0),
                                     level_update(B, 0, 101, 0, 0)});
  check_directed(x);
}

TEST_CASE("rtl: cancel and modify", "[rtl][modify]") {
  Expected x;
  x.add(limit(1, B, 100, 5), {accepted(1, B, 0, 100, 5), level_update(B, 0, 100, 5, 1)});
  x.add(limit(2, B, 100, 6), {accepted(2, B, 0, 100, 6), level_update(B, 0, 100, 11, 2)});
  x.add(limit(3, B, 100, 7), {accepted(3, B, 0, 100, 7), level_update(B, 0, 100, 18, 3)});
  // Cancel from the middle of the level.
  x.add(cancel(2), {cancelled(2, B, 0, 100, 6, CancelReason::User), level_update(B, 0, 100, 12, 2)});
  // Same price, same quantity: Modified only. The next command's table reads are issued in
  // that same cycle (regression: they once read the modified order's level instead).
  x.add(limit(30, B, 97, 2), {accepted(30, B, 0, 97, 2), level_update(B, 0, 97, 2, 1)});
  x.add(modify(1, 100, 5), {modified(1, B, 0, 100, 5)});
  x.add(limit(31, B, 97, 3), {accepted(31, B, 0, 97, 3), level_update(B, 0, 97, 5, 2)});
  // Same price, smaller: keeps priority.
  x.add(modify(1, 100, 4), {modified(1, B, 0, 100, 4), level_update(B, 0, 100, 11, 2)});
  // Same price, larger: loses priority, one level update only.
  x.add(modify(1, 100, 9), {modified(1, B, 0, 100, 9), level_update(B, 0, 100, 16, 2)});
  // 3 is now the head: a sell of 7 takes all of it, then 2 of order 1.
  x.add(limit(4, S, 100, 9), {accepted(4, S, 0, 100, 9), fill(4, S, 0, 3, 100, 7, 2, 0),
                              fill(4, S, 0, 1, 100, 2, 0, 7), level_update(B, 0, 100, 7, 1)});
  // Price change without crossing: old level update, then the new one.
  x.add(modify(1, 98, 7), {modified(1, B, 0, 98, 7), level_update(B, 0, 100, 0, 0),
                           level_update(B, 0, 98, 7, 1)});
  // Price change into a cross: trades as a GTC limit at the new price.
  x.add(limit(5, S, 99, 3), {accepted(5, S, 0, 99, 3), level_update(S, 0, 99, 3, 1)});
  x.add(modify(1, 99, 5), {modified(1, B, 0, 99, 5), level_update(B, 0, 98, 0, 0),
                           fill(1, B, 0, 5, 99, 3, 2, 0), level_update(S, 0, 99, 0, 0),
                           level_update(B, 0, 99, 2, 1)});
  // Modify that fills completely: nothing rests.
  x.add(limit(6, S, 120, 4), {accepted(6, S, 0, 120, 4), level_update(S, 0, 120, 4, 1)});
  x.add(modify(1, 120, 4), {modified(1, B, 0, 120, 4), level_update(B, 0, 99, 0, 0),
                            fill(1, B, 0, 6, 120, 4, 0, 0), level_update(S, 0, 120, 0, 0)});
  x.add(cancel(1), {rejected(cancel(1), RejectReason::UnknownHandle)});
  // Cancel of the only order, head and tail of a level.
  x.add(limit(7, S, 130, 1), {accepted(7, S, 0, 130, 1), level_update(S, 0, 130, 1, 1)});
  x.add(cancel(7), {cancelled(7, S, 0, 130, 1, CancelReason::User), level_update(S, 0, 130, 0, 0)});
  x.add(cancel(7), {rejected(cancel(7), RejectReason::UnknownHandle)});
  check_directed(x);
}

TEST_CASE("rtl: mass cancel, all and by account", "[rtl][mass]") {
  Expected x;
  x.add(limit(1, B, 100, 1, 2, 5), {accepted(1, B, 2, 100, 1), level_update(B, 2, 100, 1, 1)});
  x.add(limit(2, B, 100, 2, 2, 6), {accepted(2, B, 2, 100, 2), level_update(B, 2, 100, 3, 2)});
  x.add(limit(3, B, 100, 3, 2, 5), {accepted(3, B, 2, 100, 3), level_update(B, 2, 100, 6, 3)});
  x.add(limit(4, B, 90, 4, 2, 6), {accepted(4, B, 2, 90, 4), level_update(B, 2, 90, 4, 1)});
  x.add(limit(5, S, 120, 5, 2, 5), {accepted(5, S, 2, 120, 5), level_update(S, 2, 120, 5, 1)});
  x.add(limit(6, S, 110, 6, 2, 5), {accepted(6, S, 2, 110, 6), level_update(S, 2, 110, 6, 1)});
  x.add(limit(7, S, 110, 7, 2, 6), {accepted(7, S, 2, 110, 7), level_update(S, 2, 110, 13, 2)});
  x.add(limit(8, B, 100, 8, 1, 5), {accepted(8, B, 1, 100, 8), level_update(B, 1, 100, 8, 1)});
  x.add(mass_cancel_account(2, 5),
        {cancelled(1, B, 2, 100, 1, CancelReason::Mass), cancelled(3, B, 2, 100, 3, CancelReason::Mass),
         level_update(B, 2, 100, 2, 1), cancelled(6, S, 2, 110, 6, CancelReason::Mass),
         level_update(S, 2, 110, 7, 1), cancelled(5, S, 2, 120, 5, CancelReason::Mass),
         level_update(S, 2, 120, 0, 0), mass_cancel_done(2, 4)});
  x.add(mass_cancel_account(2, 5), {mass_cancel_done(2, 0)});
  // The walk left consistent links: new orders append behind the survivors.
  x.add(limit(9, B, 100, 9, 2, 5), {accepted(9, B, 2, 100, 9), level_update(B, 2, 100, 11, 2)});
  x.add(mass_cancel(2),
        {cancelled(2, B, 2, 100, 2, CancelReason::Mass), cancelled(9, B, 2, 100, 9, CancelReason::Mass),
         level_update(B, 2, 100, 0, 0), cancelled(4, B, 2, 90, 4, CancelReason::Mass),
         level_update(B, 2, 90, 0, 0),
         cancelled(7, S, 2, 110, 7, CancelReason::Mass), level_update(S, 2, 110, 0, 0),
         mass_cancel_done(2, 4)});
  x.add(snapshot(2), {snapshot_end(2, 0)});
  x.add(snapshot(1), {snapshot_row(B, 1, 100, 8, 1),
                      snapshot_end(1, 1)});
  // Handles freed by the mass cancel can be used again.
  x.add(limit(1, S, 100, 1, 2, 5), {accepted(1, S, 2, 100, 1), level_update(S, 2, 100, 1, 1)});
  check_directed(x);
}

TEST_CASE("rtl: gaps and back-pressure change timing, never the events", "[rtl][backpressure]") {
  Expected x;
  for (std::uint32_t i = 0; i < 40; ++i) {
    const Side side = (i % 2 == 0) ? B : S;
    const std::uint32_t price = 100 + (i % 5);
    x.add(limit(i, side, price, 1 + i % 3), {});
  }
  // Expected events come from the no-stall run; the stalled runs must agree byte for byte.
  sim::RtlSim plain;
  std::vector<Event> reference_run;
  plain.run(x.commands(), reference_run);
  REQUIRE(reference_run.size() > x.commands().size());
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    sim::RtlSimOptions options;
    options.gap_probability = 0.5;
    options.backpressure_probability = 0.7;
    options.seed = seed;
    sim::RtlSim stalled(options);
    std::vector<Event> events;
    const sim::RtlRunStats stats = stalled.run(x.commands(), events);
    const std::string diff = first_difference(events, reference_run);
    INFO("seed " << seed << ": " << diff);
    CHECK(diff.empty());
    CHECK(stats.run_cycles > 2 * x.commands().size());
  }
}

TEST_CASE("rtl: the price band: absolute prices, SetBand and its checks", "[rtl][band]") {
  constexpr CancelReason moved = CancelReason::BandMoved;
  Expected x;
  auto reject = [&](const Command& cmd, RejectReason reason) { x.add(cmd, {rejected(cmd, reason)}); };
  reject(set_band(0, 1000), RejectReason::PriceOutOfRange);  // not a multiple of 64
  x.add(set_band(0, 1024), {band_set(0, 1024, 0)});  // band [1024, 1279]
  x.add(limit(1, B, 1100, 5), {accepted(1, B, 0, 1100, 5), level_update(B, 0, 1100, 5, 1)});
  x.add(limit(2, B, 1100, 3), {accepted(2, B, 0, 1100, 3), level_update(B, 0, 1100, 8, 2)});
  x.add(limit(3, B, 1050, 2), {accepted(3, B, 0, 1050, 2), level_update(B, 0, 1050, 2, 1)});
  x.add(limit(7, B, 1024, 1), {accepted(7, B, 0, 1024, 1), level_update(B, 0, 1024, 1, 1)});
  x.add(limit(4, S, 1200, 4), {accepted(4, S, 0, 1200, 4), level_update(S, 0, 1200, 4, 1)});
  x.add(limit(5, S, 1279, 1), {accepted(5, S, 0, 1279, 1), level_update(S, 0, 1279, 1, 1)});
  x.add(limit(6, S, 1150, 6), {accepted(6, S, 0, 1150, 6), level_update(S, 0, 1150, 6, 1)});
  // Outside the band, in the documented place of the validation order.
  reject(limit(8, B, 1023, 1), RejectReason::PriceOutsideBand);
  reject(limit(8, S, 1280, 1), RejectReason::PriceOutsideBand);
  reject(limit(8, B, 100, 1), RejectReason::PriceOutsideBand);  // inside the initial band only
  reject(limit(8, B, 1023, 1000001), RejectReason::QuantityTooLarge);
  reject(limit(8, B, 2000, 5, 0, 1, TimeInForce::Ioc, StpMode::None, true),
         RejectReason::PriceOutsideBand);  // before InvalidCombination
  reject(modify(1, 1280, 5), RejectReason::PriceOutsideBand);
  reject(modify(1, 0, 5), RejectReason::PriceOutsideBand);
  // A market order's price 0 is not a price: it trades.
  x.add(market(9, S, 1, TimeInForce::Ioc),
        {accepted(9, S, 0, 0, 1), fill(9, S, 0, 1, 1100, 1, 0, 4), level_update(B, 0, 1100, 7, 2)});
  // SetBand's own checks.
  reject(set_band(0, 63), RejectReason::PriceOutOfRange);
  reject(set_band(0, 0xFFFFFFC0u), RejectReason::PriceOutOfRange);  // would pass 2^32 - 1
  reject(set_band(4, 0), RejectReason::UnknownSymbol);
  reject(set_band(4, 63), RejectReason::UnknownSymbol);  // symbol first
  reject(edited(set_band(0, 1088), [](Command& m) { m.handle = 1; }), RejectReason::Malformed);
  reject(edited(set_band(0, 1088), [](Command& m) { m.account = 1; }), RejectReason::Malformed);
  reject(edited(set_band(0, 1088), [](Command& m) { m.quantity = 1; }), RejectReason::Malformed);
  reject(edited(set_band(0, 1088), [](Command& m) { m.flags = kFlagByAccount; }),
         RejectReason::Malformed);
  reject(edited(set_band(0, 1088), [](Command& m) { m.depth = 1; }), RejectReason::Malformed);
  // Up by 64 to [1088, 1343]: the two lowest bids leave, bids best to worst; nothing else moves.
  x.add(set_band(0, 1088),
        {cancelled(3, B, 0, 1050, 2, moved), level_update(B, 0, 1050, 0, 0),
         cancelled(7, B, 0, 1024, 1, moved), level_update(B, 0, 1024, 0, 0),
         band_set(0, 1088, 2)});
  reject(limit(13, B, 1087, 1), RejectReason::PriceOutsideBand);
  reject(limit(13, S, 1344, 1), RejectReason::PriceOutsideBand);
  // 1300 and 1343 take the level slots (price mod 256) that 1044 and 1087 had.
  x.add(limit(10, S, 1300, 2), {accepted(10, S, 0, 1300, 2), level_update(S, 0, 1300, 2, 1)});
  x.add(limit(11, S, 1343, 3), {accepted(11, S, 0, 1343, 3), level_update(S, 0, 1343, 3, 1)});
  x.add(limit(12, B, 1088, 1), {accepted(12, B, 0, 1088, 1), level_update(B, 0, 1088, 1, 1)});
  x.add(snapshot(0), {snapshot_row(B, 0, 1100, 7, 2), snapshot_row(B, 0, 1088, 1, 1),
                      snapshot_row(S, 0, 1150, 6, 1), snapshot_row(S, 0, 1200, 4, 1),
                      snapshot_row(S, 0, 1279, 1, 1), snapshot_row(S, 0, 1300, 2, 1),
                      snapshot_row(S, 0, 1343, 3, 1), snapshot_end(0, 7)});
  // A fill-or-kill sweep in price order across the slot wrap (1279 is slot 255, 1300 slot 20).
  x.add(limit(14, B, 1300, 13, 0, 1, TimeInForce::Fok),
        {accepted(14, B, 0, 1300, 13),
         fill(14, B, 0, 6, 1150, 6, 7, 0), level_update(S, 0, 1150, 0, 0),
         fill(14, B, 0, 4, 1200, 4, 3, 0), level_update(S, 0, 1200, 0, 0),
         fill(14, B, 0, 5, 1279, 1, 2, 0), level_update(S, 0, 1279, 0, 0),
         fill(14, B, 0, 10, 1300, 2, 0, 0), level_update(S, 0, 1300, 0, 0)});
  x.add(limit(15, S, 1290, 5), {accepted(15, S, 0, 1290, 5), level_update(S, 0, 1290, 5, 1)});
  // Down by 128 to [960, 1215]: the asks above 1215 leave, asks best to worst.
  x.add(set_band(0, 960),
        {cancelled(15, S, 0, 1290, 5, moved), level_update(S, 0, 1290, 0, 0),
         cancelled(11, S, 0, 1343, 3, moved), level_update(S, 0, 1343, 0, 0),
         band_set(0, 960, 2)});
  x.add(limit(16, B, 960, 2), {accepted(16, B, 0, 960, 2), level_update(B, 0, 960, 2, 1)});
  x.add(limit(17, S, 1215, 1), {accepted(17, S, 0, 1215, 1), level_update(S, 0, 1215, 1, 1)});
  // A sell sweeps the bids best to worst (slots 76, 64, then 192) and the survivors of both
  // moves kept their time priority (1 before 2).
  x.add(limit(18, S, 960, 9, 0, 2),
        {accepted(18, S, 0, 960, 9), fill(18, S, 0, 1, 1100, 4, 5, 0),
         fill(18, S, 0, 2, 1100, 3, 2, 0), level_update(B, 0, 1100, 0, 0),
         fill(18, S, 0, 12, 1088, 1, 1, 0), level_update(B, 0, 1088, 0, 0),
         fill(18, S, 0, 16, 960, 1, 0, 1), level_update(B, 0, 960, 1, 1)});
  x.add(set_band(0, 960), {band_set(0, 960, 0)});  // the same base: nothing moves
  // A move by the band's width or more empties the book: bids, then asks.
  x.add(set_band(0, 0xFFFFFF00u),
        {cancelled(16, B, 0, 960, 1, moved), level_update(B, 0, 960, 0, 0),
         cancelled(17, S, 0, 1215, 1, moved), level_update(S, 0, 1215, 0, 0),
         band_set(0, 0xFFFFFF00u, 2)});
  // The top band: its last tick is 2^32 - 1.
  x.add(limit(19, S, 0xFFFFFFFFu, 7),
        {accepted(19, S, 0, 0xFFFFFFFFu, 7), level_update(S, 0, 0xFFFFFFFFu, 7, 1)});
  x.add(limit(20, B, 0xFFFFFF00u, 1),
        {accepted(20, B, 0, 0xFFFFFF00u, 1), level_update(B, 0, 0xFFFFFF00u, 1, 1)});
  reject(limit(22, B, 0xFFFFFEFFu, 1), RejectReason::PriceOutsideBand);
  x.add(market(21, B, 8, TimeInForce::Ioc),
        {accepted(21, B, 0, 0, 8), fill(21, B, 0, 19, 0xFFFFFFFFu, 7, 1, 0),
         level_update(S, 0, 0xFFFFFFFFu, 0, 0),
         cancelled(21, B, 0, 0, 1, CancelReason::MarketRemainder)});
  // Other books keep their own band.
  x.add(limit(23, B, 100, 1, 1), {accepted(23, B, 1, 100, 1), level_update(B, 1, 100, 1, 1)});
  reject(modify(23, 256, 1), RejectReason::PriceOutsideBand);
  x.add(modify(23, 200, 1), {modified(23, B, 1, 200, 1), level_update(B, 1, 100, 0, 0),
                             level_update(B, 1, 200, 1, 1)});
  x.add(mass_cancel(0), {cancelled(20, B, 0, 0xFFFFFF00u, 1, CancelReason::Mass),
                         level_update(B, 0, 0xFFFFFF00u, 0, 0), mass_cancel_done(0, 1)});
  x.add(set_band(0, 0), {band_set(0, 0, 0)});
  x.add(limit(24, S, 5, 1), {accepted(24, S, 0, 5, 1), level_update(S, 0, 5, 1, 1)});
  check_directed(x);
}
