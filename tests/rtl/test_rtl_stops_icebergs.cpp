// Hand-written iceberg and stop order sequences (docs/matching.md, "Iceberg orders", "Stop
// orders", protocol 3) with their expected events, run through the verilated core and compared
// byte for byte; each expectation is also checked against the reference model.
#include <catch2/catch.hpp>

#include "rtl_test_util.hpp"

using namespace twinmatch;
using namespace twinmatch::rtl_test;
using namespace twinmatch::test;

namespace {

Event with_aux(Event event, std::uint32_t aux) {
  event.aux = aux;
  return event;
}

Event accepted_iceberg(std::uint32_t handle, Side side, std::uint32_t price,
                       std::uint32_t quantity, std::uint32_t peak) {
  return with_aux(accepted(handle, side, 0, price, quantity), peak);
}

// StopAccepted and StopTriggered: as Accepted, with the stop price in aux.
Event stop_event(EventType type, std::uint32_t handle, Side side, std::uint16_t symbol,
                 std::uint32_t price, std::uint32_t quantity, std::uint32_t stop_price) {
  Event event = with_aux(accepted(handle, side, symbol, price, quantity), stop_price);
  event.type = static_cast<std::uint8_t>(type);
  return event;
}

Event replenished(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t shown,
                  std::uint32_t remaining) {
  Event event = accepted(handle, side, 0, price, shown);
  event.type = static_cast<std::uint8_t>(EventType::Replenished);
  event.remaining = remaining;
  return event;
}

constexpr EventType kStopAccepted = EventType::StopAccepted;
constexpr EventType kStopTriggered = EventType::StopTriggered;

} // namespace

TEST_CASE("rtl: an iceberg shows its peak, is replenished at its level's tail, and fill-or-kill "
          "counts its hidden quantity", "[rtl][iceberg]") {
  Expected x;
  x.add(iceberg(1, S, 100, 10, 4, 1),
        {accepted_iceberg(1, S, 100, 10, 4), level_update(S, 0, 100, 4, 1)});
  x.add(limit(2, S, 100, 3, 0, 2), {accepted(2, S, 0, 100, 3), level_update(S, 0, 100, 7, 2)});
  // Takes the iceberg's 4 shown, which shows 4 more behind order 2; the sweep goes on there.
  x.add(limit(3, B, 100, 5, 0, 3),
        {accepted(3, B, 0, 100, 5), fill(3, B, 0, 1, 100, 4, 1, 6), replenished(1, S, 100, 4, 6),
         fill(3, B, 0, 2, 100, 1, 0, 2), level_update(S, 0, 100, 6, 2)});
  // 8 open (6 shown): fill-or-kill of 9 is killed, of 8 fills, through one more replenish of the
  // iceberg, now alone in its level, which then trades again.
  x.add(limit(4, B, 100, 9, 0, 4, TimeInForce::Fok),
        {accepted(4, B, 0, 100, 9), cancelled(4, B, 0, 100, 9, CancelReason::FillOrKill)});
  x.add(limit(5, B, 100, 8, 0, 4, TimeInForce::Fok),
        {accepted(5, B, 0, 100, 8), fill(5, B, 0, 2, 100, 2, 6, 0), fill(5, B, 0, 1, 100, 4, 2, 2),
         replenished(1, S, 100, 2, 2), fill(5, B, 0, 1, 100, 2, 0, 0),
         level_update(S, 0, 100, 0, 0)});
  check_directed(x);
}

TEST_CASE("rtl: a resting iceberg's modify, cancel and self-trade use its whole open quantity",
          "[rtl][iceberg]") {
  Expected x;
  x.add(iceberg(10, B, 90, 20, 5), {accepted_iceberg(10, B, 90, 20, 5), level_update(B, 0, 90, 5, 1)});
  // Hidden quantity only: its level shows the same, no LevelUpdate.
  x.add(modify(10, 90, 12), {modified(10, B, 0, 90, 12)});
  x.add(modify(10, 90, 3), {modified(10, B, 0, 90, 3), level_update(B, 0, 90, 3, 1)});
  // A new price: it rests again as an iceberg with its peak.
  x.add(modify(10, 91, 20), {modified(10, B, 0, 91, 20), level_update(B, 0, 90, 0, 0),
                             level_update(B, 0, 91, 5, 1)});
  const Command peak_change = modify_stop(10, 91, 20, 6);
  x.add(peak_change, {rejected(peak_change, RejectReason::InvalidCombination)});
  x.add(snapshot(0), {snapshot_row(B, 0, 91, 5, 1), snapshot_end(0, 1)});
  // Self-trade prevention cancels the whole iceberg.
  x.add(limit(11, S, 91, 2, 0, 1, TimeInForce::Ioc, StpMode::CancelResting),
        {accepted(11, S, 0, 91, 2), cancelled(10, B, 0, 91, 20, CancelReason::SelfTrade),
         level_update(B, 0, 91, 0, 0), cancelled(11, S, 0, 91, 2, CancelReason::ImmediateOrCancel)});
  x.add(iceberg(12, S, 95, 9, 2), {accepted_iceberg(12, S, 95, 9, 2), level_update(S, 0, 95, 2, 1)});
  x.add(cancel(12), {cancelled(12, S, 0, 95, 9, CancelReason::User), level_update(S, 0, 95, 0, 0)});
  check_directed(x);
}

TEST_CASE("rtl: stops trigger on the last trade price, oldest first, and run as new orders",
          "[rtl][stop]") {
  Expected x;
  x.add(limit(1, S, 105, 5, 0, 1), {accepted(1, S, 0, 105, 5), level_update(S, 0, 105, 5, 1)});
  x.add(stop(2, B, 3, 101, TimeInForce::Ioc, 2, 0),
        {stop_event(kStopAccepted, 2, B, 0, 0, 3, 101)});
  x.add(stop_limit(3, B, 104, 2, 100, TimeInForce::Gtc, 3, 0),
        {stop_event(kStopAccepted, 3, B, 0, 104, 2, 100)});
  x.add(limit(4, S, 101, 1, 0, 4), {accepted(4, S, 0, 101, 1), level_update(S, 0, 101, 1, 1)});
  // A trade at 101 triggers both stops; the older (2) buys at market, the trade at 105 keeps
  // 3 triggered: it rests at 104.
  x.add(limit(5, B, 101, 1, 0, 5),
        {accepted(5, B, 0, 101, 1), fill(5, B, 0, 4, 101, 1, 0, 0), level_update(S, 0, 101, 0, 0),
         stop_event(kStopTriggered, 2, B, 0, 0, 3, 101), fill(2, B, 0, 1, 105, 3, 0, 2),
         level_update(S, 0, 105, 2, 1), stop_event(kStopTriggered, 3, B, 0, 104, 2, 100),
         level_update(B, 0, 104, 2, 1)});
  // A stop placed while its condition holds triggers in its own command.
  x.add(stop(6, S, 1, 200, TimeInForce::Ioc, 6, 0),
        {stop_event(kStopAccepted, 6, S, 0, 0, 1, 200), stop_event(kStopTriggered, 6, S, 0, 0, 1, 200),
         fill(6, S, 0, 3, 104, 1, 0, 1), level_update(B, 0, 104, 1, 1)});
  // A pending stop modified to a stop price the last trade (104) reaches triggers then.
  x.add(stop_limit(7, S, 100, 2, 50, TimeInForce::Gtc, 7, 0),
        {stop_event(kStopAccepted, 7, S, 0, 100, 2, 50)});
  x.add(modify_stop(7, 100, 2, 110),
        {with_aux(modified(7, S, 0, 100, 2), 110), stop_event(kStopTriggered, 7, S, 0, 100, 2, 110),
         fill(7, S, 0, 3, 104, 1, 1, 0), level_update(B, 0, 104, 0, 0),
         level_update(S, 0, 100, 1, 1)});
  // A fill-or-kill stop that cannot fill is killed when it triggers.
  x.add(stop(8, B, 50, 90, TimeInForce::Fok, 8, 0),
        {stop_event(kStopAccepted, 8, B, 0, 0, 50, 90), stop_event(kStopTriggered, 8, B, 0, 0, 50, 90),
         cancelled(8, B, 0, 0, 50, CancelReason::FillOrKill)});
  check_directed(x);
}

TEST_CASE("rtl: pending stops: capacity, cancel, modify, mass cancel and SetBand",
          "[rtl][stop]") {
  Expected x;
  // Symbol 1 never trades: its stops stay pending. 16 (kHardwareConfig.stop_orders) fit.
  auto side_of = [](std::uint32_t h) { return h % 2 ? S : B; };
  auto price_of = [](std::uint32_t h) { return h % 4 == 0 ? h + 100 : h; };
  for (std::uint32_t h = 100; h < 116; ++h) {
    x.add(stop_limit(h, side_of(h), price_of(h), h - 99, 1000 + h, TimeInForce::Gtc, h % 3, 1),
          {stop_event(kStopAccepted, h, side_of(h), 1, price_of(h), h - 99, 1000 + h)});
  }
  const Command full = stop(120, B, 1, 5, TimeInForce::Ioc, 1, 1);
  x.add(full, {rejected(full, RejectReason::StopCapacity)});
  const Command in_use = limit(103, B, 10, 1, 1);
  x.add(in_use, {rejected(in_use, RejectReason::HandleInUse)});
  // A pending stop-limit's new price must lie in its band; a Stop has no price to modify.
  const Command outside = modify_stop(103, 300, 1, 7);
  x.add(outside, {rejected(outside, RejectReason::PriceOutsideBand)});
  x.add(cancel(105), {cancelled(105, S, 1, 105, 6, CancelReason::User)});
  x.add(full, {stop_event(kStopAccepted, 120, B, 1, 0, 1, 5)});
  const Command priced_stop = modify_stop(120, 1, 1, 5);
  x.add(priced_stop, {rejected(priced_stop, RejectReason::InvalidCombination)});
  x.add(modify_stop(102, 60, 9, 77), {with_aux(modified(102, B, 1, 60, 9), 77)});
  x.add(snapshot(1), {snapshot_end(1, 0)});
  // Mass cancel by account 0: 102 (modified, in its place), 108, 111, 114.
  x.add(mass_cancel_account(1, 0),
        {cancelled(102, B, 1, 60, 9, CancelReason::Mass),
         cancelled(108, B, 1, 208, 9, CancelReason::Mass),
         cancelled(111, S, 1, 111, 12, CancelReason::Mass),
         cancelled(114, B, 1, 114, 15, CancelReason::Mass), mass_cancel_done(1, 4)});
  // SetBand to [128, 383]: the stop-limits priced below 128 go, in placement order; the Stop
  // (no price) stays.
  const std::vector<std::uint32_t> left = {100, 101, 103, 104, 106, 107, 109, 110, 112, 113, 115};
  std::vector<Event> band;
  std::vector<Event> mass;
  for (std::uint32_t h : left) {
    const bool outside_band = price_of(h) < 128;
    (outside_band ? band : mass)
        .push_back(cancelled(h, side_of(h), 1, price_of(h), h - 99,
                             outside_band ? CancelReason::BandMoved : CancelReason::Mass));
  }
  band.push_back(band_set(1, 128, static_cast<std::uint32_t>(band.size())));
  x.add(set_band(1, 128), band);
  mass.push_back(cancelled(120, B, 1, 0, 1, CancelReason::Mass));
  mass.push_back(mass_cancel_done(1, static_cast<std::uint32_t>(mass.size())));
  x.add(mass_cancel(1), mass);
  x.add(cancel(120), {rejected(cancel(120), RejectReason::UnknownHandle)});
  check_directed(x);
}

TEST_CASE("rtl: protocol 3 validation: version 2, aux, stop and iceberg combinations",
          "[rtl][stop][iceberg][reject]") {
  Expected x;
  auto reject = [&](const Command& cmd, RejectReason reason) { x.add(cmd, {rejected(cmd, reason)}); };
  auto v2 = [](Command command) {
    command.version = 2;
    return command;
  };
  reject(v2(stop(1, B, 1, 10, TimeInForce::Ioc, 1, 0)), RejectReason::Malformed);
  reject(v2(iceberg(1, B, 10, 5, 2)), RejectReason::Malformed);
  reject(v2(modify_stop(1, 10, 5, 2)), RejectReason::Malformed);
  reject(edited(stop(1, B, 1, 10, TimeInForce::Ioc, 1, 0), [](Command& m) { m.price = 5; }), RejectReason::Malformed);
  reject(edited(limit(1, B, 10, 1), [](Command& m) { m.aux = 5; }), RejectReason::Malformed);
  reject(edited(cancel(1), [](Command& m) { m.aux = 5; }), RejectReason::Malformed);
  reject(edited(snapshot(0), [](Command& m) { m.aux = 5; }), RejectReason::Malformed);
  reject(edited(limit(1, B, 10, 1), [](Command& m) { m.order_type = 4; }), RejectReason::Malformed);
  reject(edited(limit(1, B, 10, 1), [](Command& m) { m.flags = 0x08; }), RejectReason::Malformed);
  reject(stop_limit(1, B, 256, 1, 10, TimeInForce::Gtc, 1, 0), RejectReason::PriceOutsideBand);
  reject(stop(1, B, 1, 10, TimeInForce::Gtc, 1, 0), RejectReason::InvalidCombination);
  reject(edited(stop_limit(1, B, 20, 1, 10, TimeInForce::Gtc, 1, 0), [](Command& m) { m.flags = kFlagPostOnly; }),
         RejectReason::InvalidCombination);
  reject(edited(iceberg(1, B, 10, 5, 2), [](Command& m) { m.tif = 1; }),
         RejectReason::InvalidCombination);
  reject(iceberg(1, B, 10, 5, 6), RejectReason::InvalidCombination);
  reject(edited(iceberg(1, B, 10, 5, 2), [](Command& m) {
           m.order_type = 3;
         }), RejectReason::InvalidCombination);
  check_directed(x);
}
