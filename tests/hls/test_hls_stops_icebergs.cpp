// Iceberg and stop orders (docs/matching.md, protocol 3) through the HLS core, with the expected
// events written out in full: each rule of "Iceberg orders" and "Stop orders", the new
// validation cases, and the bound of the trigger loop.
#include <catch2/catch.hpp>

#include "hls_diff.hpp"
#include "hls_harness.hpp"
#include "twinmatch/tools/command_builders.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;
using namespace twinmatch::test;

namespace {

constexpr auto Gtc = TimeInForce::Gtc;
constexpr auto Ioc = TimeInForce::Ioc;
constexpr auto Fok = TimeInForce::Fok;

// Local builders that take a symbol (tests/support's `iceberg` has none) and put the stop price
// before the quantity.
Command iceberg_order(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                      std::uint32_t peak, std::uint16_t symbol = 0, std::uint32_t account = 1) {
  return tools::new_order_command({.symbol = symbol,
                                   .handle = handle,
                                   .side = side,
                                   .price = price,
                                   .quantity = quantity,
                                   .account = account,
                                   .iceberg = true,
                                   .aux = peak});
}

// A Stop: a market order once its stop price trades.
Command stop_order(std::uint32_t handle, Side side, std::uint32_t stop_price,
                   std::uint32_t quantity, TimeInForce tif = Ioc, std::uint16_t symbol = 0,
                   std::uint32_t account = 1) {
  return tools::new_order_command({.symbol = symbol,
                                   .handle = handle,
                                   .side = side,
                                   .type = OrderType::Stop,
                                   .tif = tif,
                                   .quantity = quantity,
                                   .account = account,
                                   .aux = stop_price});
}

Command stop_limit_order(std::uint32_t handle, Side side, std::uint32_t price,
                         std::uint32_t stop_price, std::uint32_t quantity, TimeInForce tif = Gtc,
                         std::uint16_t symbol = 0, std::uint32_t account = 1) {
  return tools::new_order_command({.symbol = symbol,
                                   .handle = handle,
                                   .side = side,
                                   .type = OrderType::StopLimit,
                                   .tif = tif,
                                   .price = price,
                                   .quantity = quantity,
                                   .account = account,
                                   .aux = stop_price});
}

Event with_aux(Event event, std::uint32_t aux) {
  event.aux = aux;
  return event;
}

Event stop_accepted(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                    std::uint32_t quantity, std::uint32_t stop_price) {
  Event event = with_aux(accepted(handle, side, symbol, price, quantity), stop_price);
  event.type = static_cast<std::uint8_t>(EventType::StopAccepted);
  return event;
}

Event stop_triggered(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                     std::uint32_t quantity, std::uint32_t stop_price) {
  Event event = stop_accepted(handle, side, symbol, price, quantity, stop_price);
  event.type = static_cast<std::uint8_t>(EventType::StopTriggered);
  return event;
}

Event replenished(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                  std::uint32_t shown, std::uint32_t open) {
  Event event = accepted(handle, side, symbol, price, shown);
  event.type = static_cast<std::uint8_t>(EventType::Replenished);
  event.remaining = open;
  return event;
}

Event stop_modified(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                    std::uint32_t quantity, std::uint32_t stop_price) {
  return with_aux(modified(handle, side, symbol, price, quantity), stop_price);
}

} // namespace

// ---------------------------------------------------------------- icebergs
TEST_CASE("hls icebergs: a resting iceberg shows its peak; levels count displayed quantity",
          "[hls][iceberg]") {
  Script s;
  s.expect(iceberg_order(1, S, 100, 10, 3, 0, 7),
           {with_aux(accepted(1, S, 0, 100, 10), 3), level_update(S, 0, 100, 3, 1)});
  s.expect(limit(2, S, 100, 5, 0, 8), {accepted(2, S, 0, 100, 5), level_update(S, 0, 100, 8, 2)});
  s.expect(snapshot(0), {snapshot_row(S, 0, 100, 8, 2), snapshot_end(0, 1)});
}

TEST_CASE("hls icebergs: replenished in the sweep, to the tail of the level", "[hls][iceberg]") {
  Script s;
  s.expect(iceberg_order(1, S, 100, 10, 3), {with_aux(accepted(1, S, 0, 100, 10), 3),
                                       level_update(S, 0, 100, 3, 1)});
  s.expect(limit(2, S, 100, 5), {accepted(2, S, 0, 100, 5), level_update(S, 0, 100, 8, 2)});
  // The fill uses up the displayed 3: 3 more are shown and the iceberg goes behind order 2,
  // which the taker meets next in the same level.
  s.expect(limit(3, B, 100, 4, 0, 9),
           {accepted(3, B, 0, 100, 4), fill(3, B, 0, 1, 100, 3, 1, 7),
            replenished(1, S, 0, 100, 3, 7), fill(3, B, 0, 2, 100, 1, 0, 4),
            level_update(S, 0, 100, 7, 2)});
  // Alone in its level, the iceberg is its own next maker: 3, 3, then the last 1.
  s.expect(market(4, B, 20, Ioc, 0, 9),
           {accepted(4, B, 0, 0, 20), fill(4, B, 0, 2, 100, 4, 16, 0),
            fill(4, B, 0, 1, 100, 3, 13, 4), replenished(1, S, 0, 100, 3, 4),
            fill(4, B, 0, 1, 100, 3, 10, 1), replenished(1, S, 0, 100, 1, 1),
            fill(4, B, 0, 1, 100, 1, 9, 0), level_update(S, 0, 100, 0, 0),
            cancelled(4, B, 0, 0, 9, CancelReason::MarketRemainder)});
}

TEST_CASE("hls icebergs: a taker that uses up the displayed part still replenishes the maker",
          "[hls][iceberg]") {
  Script s;
  s.expect(iceberg_order(1, B, 50, 6, 2), {with_aux(accepted(1, B, 0, 50, 6), 2),
                                     level_update(B, 0, 50, 2, 1)});
  s.expect(limit(2, S, 50, 2, 0, 3),
           {accepted(2, S, 0, 50, 2), fill(2, S, 0, 1, 50, 2, 0, 4),
            replenished(1, B, 0, 50, 2, 4), level_update(B, 0, 50, 2, 1)});
}

TEST_CASE("hls icebergs: the order behind a replenished iceberg, then the iceberg again",
          "[hls][iceberg]") {
  // The sweep's forwarding registers serve exactly these reads: order 2 leaves one iteration
  // after the move wrote its link, and iceberg 1 is read again after its replenishment.
  Script s;
  s.expect(iceberg_order(1, S, 100, 4, 2), {with_aux(accepted(1, S, 0, 100, 4), 2),
                                            level_update(S, 0, 100, 2, 1)});
  s.expect(limit(2, S, 100, 1), {accepted(2, S, 0, 100, 1), level_update(S, 0, 100, 3, 2)});
  s.expect(limit(3, S, 100, 3), {accepted(3, S, 0, 100, 3), level_update(S, 0, 100, 6, 3)});
  s.expect(market(4, B, 9, Ioc, 0, 2),
           {accepted(4, B, 0, 0, 9), fill(4, B, 0, 1, 100, 2, 7, 2),
            replenished(1, S, 0, 100, 2, 2), fill(4, B, 0, 2, 100, 1, 6, 0),
            fill(4, B, 0, 3, 100, 3, 3, 0), fill(4, B, 0, 1, 100, 2, 1, 0),
            level_update(S, 0, 100, 0, 0),
            cancelled(4, B, 0, 0, 1, CancelReason::MarketRemainder)});
  s.expect(iceberg_order(1, S, 100, 6, 2), {with_aux(accepted(1, S, 0, 100, 6), 2),
                                            level_update(S, 0, 100, 2, 1)});
  s.expect(iceberg_order(2, S, 100, 4, 1), {with_aux(accepted(2, S, 0, 100, 4), 1),
                                            level_update(S, 0, 100, 3, 2)});
  // Two icebergs take turns: each replenishment moves one behind the other.
  s.expect(market(4, B, 10, Ioc, 0, 2),
           {accepted(4, B, 0, 0, 10), fill(4, B, 0, 1, 100, 2, 8, 4),
            replenished(1, S, 0, 100, 2, 4), fill(4, B, 0, 2, 100, 1, 7, 3),
            replenished(2, S, 0, 100, 1, 3), fill(4, B, 0, 1, 100, 2, 5, 2),
            replenished(1, S, 0, 100, 2, 2), fill(4, B, 0, 2, 100, 1, 4, 2),
            replenished(2, S, 0, 100, 1, 2), fill(4, B, 0, 1, 100, 2, 2, 0),
            fill(4, B, 0, 2, 100, 1, 1, 1), replenished(2, S, 0, 100, 1, 1),
            fill(4, B, 0, 2, 100, 1, 0, 0), level_update(S, 0, 100, 0, 0)});
}

TEST_CASE("hls icebergs: fill-or-kill counts hidden quantity", "[hls][iceberg]") {
  Script s;
  s.expect(iceberg_order(1, S, 100, 10, 2), {with_aux(accepted(1, S, 0, 100, 10), 2),
                                       level_update(S, 0, 100, 2, 1)});
  s.expect(limit(2, B, 100, 11, 0, 2, Fok),
           {accepted(2, B, 0, 100, 11), cancelled(2, B, 0, 100, 11, CancelReason::FillOrKill)});
  s.expect(limit(2, B, 100, 10, 0, 2, Fok),
           {accepted(2, B, 0, 100, 10), fill(2, B, 0, 1, 100, 2, 8, 8),
            replenished(1, S, 0, 100, 2, 8), fill(2, B, 0, 1, 100, 2, 6, 6),
            replenished(1, S, 0, 100, 2, 6), fill(2, B, 0, 1, 100, 2, 4, 4),
            replenished(1, S, 0, 100, 2, 4), fill(2, B, 0, 1, 100, 2, 2, 2),
            replenished(1, S, 0, 100, 2, 2), fill(2, B, 0, 1, 100, 2, 0, 0),
            level_update(S, 0, 100, 0, 0)});
}

TEST_CASE("hls icebergs: an incoming iceberg trades its whole quantity, then rests its peak",
          "[hls][iceberg]") {
  Script s;
  s.expect(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
  s.expect(iceberg_order(2, B, 100, 12, 4),
           {with_aux(accepted(2, B, 0, 100, 12), 4), fill(2, B, 0, 1, 100, 5, 7, 0),
            level_update(S, 0, 100, 0, 0), level_update(B, 0, 100, 4, 1)});
  // Its open quantity is 7, shown 4: a cancel takes all 7.
  s.expect(cancel(2), {cancelled(2, B, 0, 100, 7, CancelReason::User),
                       level_update(B, 0, 100, 0, 0)});
}

TEST_CASE("hls icebergs: modify keeps or loses priority; the peak cannot change",
          "[hls][iceberg]") {
  Script s;
  s.expect(iceberg_order(1, B, 100, 20, 5), {with_aux(accepted(1, B, 0, 100, 20), 5),
                                       level_update(B, 0, 100, 5, 1)});
  s.expect(limit(2, B, 100, 3), {accepted(2, B, 0, 100, 3), level_update(B, 0, 100, 8, 2)});
  // Less quantity, same price: the displayed 5 stays, only hidden quantity goes: no update.
  s.expect(modify(1, 100, 18), {modified(1, B, 0, 100, 18)});
  // Displayed becomes min(5, 4): the level shows 1 less. Still the head.
  s.expect(modify(1, 100, 4), {modified(1, B, 0, 100, 4), level_update(B, 0, 100, 7, 2)});
  // More quantity: to the tail as a new iceberg with the same peak.
  s.expect(modify(1, 100, 9), {modified(1, B, 0, 100, 9), level_update(B, 0, 100, 8, 2)});
  s.expect(market(3, S, 4, Ioc, 0, 2),
           {accepted(3, S, 0, 0, 4), fill(3, S, 0, 2, 100, 3, 1, 0),
            fill(3, S, 0, 1, 100, 1, 0, 8), level_update(B, 0, 100, 4, 1)});
  Command with_peak = modify(1, 100, 8);
  with_peak.aux = 1;
  s.expect(with_peak, {rejected(with_peak, RejectReason::InvalidCombination)});
  // A new price: the old level empties, and the iceberg rests with its peak at the new one.
  s.expect(modify(1, 90, 8), {modified(1, B, 0, 90, 8), level_update(B, 0, 100, 0, 0),
                              level_update(B, 0, 90, 5, 1)});
}

TEST_CASE("hls icebergs: self-trade prevention, mass cancel and band moves take the whole order",
          "[hls][iceberg]") {
  Script s;
  s.expect(iceberg_order(1, S, 100, 10, 2, 0, 5), {with_aux(accepted(1, S, 0, 100, 10), 2),
                                             level_update(S, 0, 100, 2, 1)});
  s.expect(limit(2, B, 100, 3, 0, 5, Gtc, StpMode::CancelResting),
           {accepted(2, B, 0, 100, 3), cancelled(1, S, 0, 100, 10, CancelReason::SelfTrade),
            level_update(S, 0, 100, 0, 0), level_update(B, 0, 100, 3, 1)});
  s.expect(iceberg_order(3, S, 101, 9, 4), {with_aux(accepted(3, S, 0, 101, 9), 4),
                                      level_update(S, 0, 101, 4, 1)});
  s.expect(iceberg_order(4, S, 200, 30, 7), {with_aux(accepted(4, S, 0, 200, 30), 7),
                                       level_update(S, 0, 200, 7, 1)});
  s.expect(set_band(0, 128), {cancelled(2, B, 0, 100, 3, CancelReason::BandMoved),
                              level_update(B, 0, 100, 0, 0),
                              cancelled(3, S, 0, 101, 9, CancelReason::BandMoved),
                              level_update(S, 0, 101, 0, 0), band_set(0, 128, 2)});
  s.expect(mass_cancel(0), {cancelled(4, S, 0, 200, 30, CancelReason::Mass),
                            level_update(S, 0, 200, 0, 0), mass_cancel_done(0, 1)});
}

// ---------------------------------------------------------------- stops
TEST_CASE("hls stops: pending until the last trade reaches them, then run oldest first",
          "[hls][stop]") {
  Script s;
  s.expect(limit(1, S, 100, 5), {accepted(1, S, 0, 100, 5), level_update(S, 0, 100, 5, 1)});
  s.expect(limit(2, S, 101, 5), {accepted(2, S, 0, 101, 5), level_update(S, 0, 101, 5, 1)});
  // No trade yet: nothing triggers, whatever the stop price.
  s.expect(stop_order(10, B, 100, 3, Ioc, 0, 2), {stop_accepted(10, B, 0, 0, 3, 100)});
  s.expect(stop_limit_order(11, B, 101, 100, 4, Gtc, 0, 2), {stop_accepted(11, B, 0, 101, 4, 100)});
  s.expect(snapshot(0), {snapshot_row(S, 0, 100, 5, 1), snapshot_row(S, 0, 101, 5, 1),
                         snapshot_end(0, 2)});
  // A trade at 100 triggers both buy stops (100 >= 100), in the order they were placed; all in
  // the one command.
  s.expect(limit(3, B, 100, 1, 0, 3),
           {accepted(3, B, 0, 100, 1), fill(3, B, 0, 1, 100, 1, 0, 4),
            level_update(S, 0, 100, 4, 1), stop_triggered(10, B, 0, 0, 3, 100),
            fill(10, B, 0, 1, 100, 3, 0, 1), level_update(S, 0, 100, 1, 1),
            stop_triggered(11, B, 0, 101, 4, 100), fill(11, B, 0, 1, 100, 1, 3, 0),
            level_update(S, 0, 100, 0, 0), fill(11, B, 0, 2, 101, 3, 0, 2),
            level_update(S, 0, 101, 2, 1)});
  // Both handles are free again.
  s.expect(cancel(10), {rejected(10, 0, RejectReason::UnknownHandle)});
}

TEST_CASE("hls stops: a stop placed while its condition holds triggers at once; cascades",
          "[hls][stop]") {
  Script s;
  s.expect(limit(1, B, 100, 5), {accepted(1, B, 0, 100, 5), level_update(B, 0, 100, 5, 1)});
  s.expect(limit(2, S, 100, 1, 0, 2), {accepted(2, S, 0, 100, 1), fill(2, S, 0, 1, 100, 1, 0, 4),
                                       level_update(B, 0, 100, 4, 1)});
  s.expect(stop_order(20, S, 100, 2, Ioc, 0, 2),
           {stop_accepted(20, S, 0, 0, 2, 100), stop_triggered(20, S, 0, 0, 2, 100),
            fill(20, S, 0, 1, 100, 2, 0, 2), level_update(B, 0, 100, 2, 1)});
  s.expect(limit(3, B, 99, 5), {accepted(3, B, 0, 99, 5), level_update(B, 0, 99, 5, 1)});
  s.expect(limit(5, B, 98, 5), {accepted(5, B, 0, 98, 5), level_update(B, 0, 98, 5, 1)});
  s.expect(stop_order(21, S, 99, 6, Ioc, 0, 2), {stop_accepted(21, S, 0, 0, 6, 99)});
  s.expect(stop_order(22, S, 98, 1, Ioc, 0, 2), {stop_accepted(22, S, 0, 0, 1, 98)});
  s.expect(stop_order(23, S, 97, 1, Ioc, 0, 2), {stop_accepted(23, S, 0, 0, 1, 97)});
  // The market sell trades at 99, which triggers stop 21; its fills trade at 98, which triggers
  // stop 22; 23 (97) stays pending.
  s.expect(market(4, S, 3, Ioc, 0, 2),
           {accepted(4, S, 0, 0, 3), fill(4, S, 0, 1, 100, 2, 1, 0), level_update(B, 0, 100, 0, 0),
            fill(4, S, 0, 3, 99, 1, 0, 4), level_update(B, 0, 99, 4, 1),
            stop_triggered(21, S, 0, 0, 6, 99), fill(21, S, 0, 3, 99, 4, 2, 0),
            level_update(B, 0, 99, 0, 0), fill(21, S, 0, 5, 98, 2, 0, 3),
            level_update(B, 0, 98, 3, 1), stop_triggered(22, S, 0, 0, 1, 98),
            fill(22, S, 0, 5, 98, 1, 0, 2), level_update(B, 0, 98, 2, 1)});
  s.expect(cancel(23), {cancelled(23, S, 0, 0, 1, CancelReason::User)});
}

TEST_CASE("hls stops: a triggered stop runs steps 2 to 4: FOK kill, remainders, resting",
          "[hls][stop]") {
  Script s;
  s.expect(limit(1, S, 100, 3), {accepted(1, S, 0, 100, 3), level_update(S, 0, 100, 3, 1)});
  s.expect(stop_order(10, B, 100, 5, Fok), {stop_accepted(10, B, 0, 0, 5, 100)});
  s.expect(stop_order(11, B, 100, 5, Ioc), {stop_accepted(11, B, 0, 0, 5, 100)});
  s.expect(stop_limit_order(12, B, 100, 100, 4, Gtc), {stop_accepted(12, B, 0, 100, 4, 100)});
  s.expect(stop_limit_order(13, B, 100, 100, 4, Ioc), {stop_accepted(13, B, 0, 100, 4, 100)});
  s.expect(limit(2, B, 100, 1, 0, 2),
           {accepted(2, B, 0, 100, 1), fill(2, B, 0, 1, 100, 1, 0, 2),
            level_update(S, 0, 100, 2, 1), stop_triggered(10, B, 0, 0, 5, 100),
            cancelled(10, B, 0, 0, 5, CancelReason::FillOrKill),
            stop_triggered(11, B, 0, 0, 5, 100), fill(11, B, 0, 1, 100, 2, 3, 0),
            level_update(S, 0, 100, 0, 0), cancelled(11, B, 0, 0, 3, CancelReason::MarketRemainder),
            stop_triggered(12, B, 0, 100, 4, 100), level_update(B, 0, 100, 4, 1),
            stop_triggered(13, B, 0, 100, 4, 100),
            cancelled(13, B, 0, 100, 4, CancelReason::ImmediateOrCancel)});
  // The triggered stop-limit rests under its own handle.
  s.expect(cancel(12), {cancelled(12, B, 0, 100, 4, CancelReason::User),
                        level_update(B, 0, 100, 0, 0)});
}

TEST_CASE("hls stops: cancel and modify of pending stops; modify keeps the place",
          "[hls][stop]") {
  Script s;
  s.expect(limit(1, S, 100, 10), {accepted(1, S, 0, 100, 10), level_update(S, 0, 100, 10, 1)});
  s.expect(limit(2, B, 100, 1, 0, 2), {accepted(2, B, 0, 100, 1), fill(2, B, 0, 1, 100, 1, 0, 9),
                                       level_update(S, 0, 100, 9, 1)});
  s.expect(stop_order(10, B, 105, 2), {stop_accepted(10, B, 0, 0, 2, 105)});
  s.expect(stop_limit_order(11, B, 100, 104, 3, Ioc), {stop_accepted(11, B, 0, 100, 3, 104)});
  s.expect(stop_order(12, B, 103, 1), {stop_accepted(12, B, 0, 0, 1, 103)});
  s.expect(cancel(12), {cancelled(12, B, 0, 0, 1, CancelReason::User)});
  s.expect(modify_stop(10, 5, 2, 105), {rejected(10, 0, RejectReason::InvalidCombination)});
  s.expect(modify_stop(11, 300, 3, 104), {rejected(11, 0, RejectReason::PriceOutsideBand)});
  // The new stop price is reached already: it triggers in the modify.
  s.expect(modify_stop(11, 100, 4, 100),
           {stop_modified(11, B, 0, 100, 4, 100), stop_triggered(11, B, 0, 100, 4, 100),
            fill(11, B, 0, 1, 100, 4, 0, 5), level_update(S, 0, 100, 5, 1)});
  s.expect(modify_stop(10, 0, 2, 100),
           {stop_modified(10, B, 0, 0, 2, 100), stop_triggered(10, B, 0, 0, 2, 100),
            fill(10, B, 0, 1, 100, 2, 0, 3), level_update(S, 0, 100, 3, 1)});

  // Symbol 1: stop 30, placed first, is modified and still runs before stop 31.
  s.expect(limit(3, S, 50, 10, 1), {accepted(3, S, 1, 50, 10), level_update(S, 1, 50, 10, 1)});
  s.expect(stop_order(30, B, 51, 1, Ioc, 1), {stop_accepted(30, B, 1, 0, 1, 51)});
  s.expect(stop_order(31, B, 51, 2, Ioc, 1), {stop_accepted(31, B, 1, 0, 2, 51)});
  s.expect(modify_stop(30, 0, 3, 51), {stop_modified(30, B, 1, 0, 3, 51)});
  s.expect(limit(4, S, 51, 10, 1), {accepted(4, S, 1, 51, 10), level_update(S, 1, 51, 10, 1)});
  s.expect(limit(5, B, 51, 11, 1, 2),
           {accepted(5, B, 1, 51, 11), fill(5, B, 1, 3, 50, 10, 1, 0),
            level_update(S, 1, 50, 0, 0), fill(5, B, 1, 4, 51, 1, 0, 9),
            level_update(S, 1, 51, 9, 1), stop_triggered(30, B, 1, 0, 3, 51),
            fill(30, B, 1, 4, 51, 3, 0, 6), level_update(S, 1, 51, 6, 1),
            stop_triggered(31, B, 1, 0, 2, 51), fill(31, B, 1, 4, 51, 2, 0, 4),
            level_update(S, 1, 51, 4, 1)});
}

TEST_CASE("hls stops: stops of other books never run", "[hls][stop]") {
  Script s;
  s.expect(stop_order(10, B, 0, 1, Ioc, 2), {stop_accepted(10, B, 2, 0, 1, 0)});
  s.expect(limit(1, S, 7, 1, 1), {accepted(1, S, 1, 7, 1), level_update(S, 1, 7, 1, 1)});
  s.expect(limit(2, B, 7, 1, 1, 2), {accepted(2, B, 1, 7, 1), fill(2, B, 1, 1, 7, 1, 0, 0),
                                     level_update(S, 1, 7, 0, 0)});
  // Symbol 2 has not traded: its buy stop at 0 waits, and a band move leaves it (a Stop).
  s.expect(set_band(2, 64), {band_set(2, 64, 0)});
  s.expect(cancel(10), {cancelled(10, B, 2, 0, 1, CancelReason::User)});
}

TEST_CASE("hls stops: mass cancel takes pending stops after resting orders, by account too",
          "[hls][stop]") {
  Script s;
  s.expect(limit(1, B, 90, 5), {accepted(1, B, 0, 90, 5), level_update(B, 0, 90, 5, 1)});
  s.expect(stop_order(10, S, 80, 2), {stop_accepted(10, S, 0, 0, 2, 80)});
  s.expect(stop_limit_order(11, B, 120, 130, 3, Gtc, 0, 2), {stop_accepted(11, B, 0, 120, 3, 130)});
  s.expect(stop_order(12, B, 140, 1), {stop_accepted(12, B, 0, 0, 1, 140)});
  s.expect(mass_cancel_account(0, 1),
           {cancelled(1, B, 0, 90, 5, CancelReason::Mass), level_update(B, 0, 90, 0, 0),
            cancelled(10, S, 0, 0, 2, CancelReason::Mass),
            cancelled(12, B, 0, 0, 1, CancelReason::Mass), mass_cancel_done(0, 3)});
  s.expect(mass_cancel(0), {cancelled(11, B, 0, 120, 3, CancelReason::Mass),
                            mass_cancel_done(0, 1)});
  s.expect(mass_cancel(0), {mass_cancel_done(0, 0)});
}

TEST_CASE("hls stops: a band move cancels the pending stop-limits outside it", "[hls][stop]") {
  Script s;
  s.expect(limit(1, B, 10, 5), {accepted(1, B, 0, 10, 5), level_update(B, 0, 10, 5, 1)});
  s.expect(stop_limit_order(10, B, 20, 200, 1), {stop_accepted(10, B, 0, 20, 1, 200)});
  s.expect(stop_order(11, B, 300, 1), {stop_accepted(11, B, 0, 0, 1, 300)});
  s.expect(stop_limit_order(12, S, 200, 5, 2), {stop_accepted(12, S, 0, 200, 2, 5)});
  s.expect(stop_limit_order(13, S, 63, 5, 2), {stop_accepted(13, S, 0, 63, 2, 5)});
  s.expect(set_band(0, 64),
           {cancelled(1, B, 0, 10, 5, CancelReason::BandMoved), level_update(B, 0, 10, 0, 0),
            cancelled(10, B, 0, 20, 1, CancelReason::BandMoved),
            cancelled(13, S, 0, 63, 2, CancelReason::BandMoved), band_set(0, 64, 3)});
  // Setting the same base again cancels nothing.
  s.expect(set_band(0, 64), {band_set(0, 64, 0)});
  // The stop-limit that stayed keeps its price in the new band; the Stop has none.
  s.expect(cancel(12), {cancelled(12, S, 0, 200, 2, CancelReason::User)});
  s.expect(cancel(11), {cancelled(11, B, 0, 0, 1, CancelReason::User)});
}

TEST_CASE("hls stops: the table holds stop_orders per symbol; a full table triggers at once",
          "[hls][stop]") {
  Script s;
  constexpr std::uint32_t kStops = kHardwareConfig.stop_orders;
  static_assert(hlscore::HwConfig::kStopOrders == kStops);
  for (std::uint32_t i = 0; i < kStops; ++i)
    s.expect(stop_order(100 + i, B, 10, 1, Ioc, 2), {stop_accepted(100 + i, B, 2, 0, 1, 10)});
  const Command one_more = stop_limit_order(200, B, 12, 10, 1, Gtc, 2);
  s.expect(one_more, {rejected(one_more, RejectReason::StopCapacity)});
  // Other symbols have their own tables, and non-stop orders do not count.
  s.expect(stop_order(203, B, 10, 1, Ioc, 3), {stop_accepted(203, B, 3, 0, 1, 10)});
  s.expect(limit(201, S, 10, 20, 2), {accepted(201, S, 2, 10, 20), level_update(S, 2, 10, 20, 1)});
  // A pending handle is in use.
  const Command reuse = limit(100, B, 5, 1, 2);
  s.expect(reuse, {rejected(reuse, RejectReason::HandleInUse)});
  // One trade at 10 runs all of them, oldest first: the most one command can trigger.
  std::vector<Event> expected{accepted(202, B, 2, 10, 1), fill(202, B, 2, 201, 10, 1, 0, 19),
                              level_update(S, 2, 10, 19, 1)};
  for (std::uint32_t i = 0; i < kStops; ++i) {
    const std::uint32_t left = 18 - i;
    expected.push_back(stop_triggered(100 + i, B, 2, 0, 1, 10));
    expected.push_back(fill(100 + i, B, 2, 201, 10, 1, 0, left));
    expected.push_back(level_update(S, 2, 10, left, 1));
  }
  s.expect(limit(202, B, 10, 1, 2, 2), expected);
  s.expect(one_more, {stop_accepted(200, B, 2, 12, 1, 10), stop_triggered(200, B, 2, 12, 1, 10),
                      fill(200, B, 2, 201, 10, 1, 0, 2), level_update(S, 2, 10, 2, 1)});
}

// ---------------------------------------------------------------- validation
TEST_CASE("hls stops and icebergs: malformed and invalid commands", "[hls][stop][iceberg]") {
  Script s;
  auto expect_reject = [&s](const Command& command, RejectReason reason) {
    s.expect(command, {rejected(command, reason)});
  };
  auto version2 = [](Command command) {
    command.version = kOldestProtocolVersion;
    return command;
  };
  // Version 2 knows no stop, iceberg or aux.
  expect_reject(version2(stop_order(1, B, 10, 1)), RejectReason::Malformed);
  expect_reject(version2(stop_limit_order(1, B, 10, 10, 1)), RejectReason::Malformed);
  expect_reject(version2(iceberg_order(1, B, 10, 5, 1)), RejectReason::Malformed);
  expect_reject(version2(modify_stop(1, 10, 1, 5)), RejectReason::Malformed);
  // A version-2 command without them still means what it did.
  const Command old_limit = version2(limit(1, B, 10, 1));
  s.expect(old_limit, {accepted(1, B, 0, 10, 1), level_update(B, 0, 10, 1, 1)});
  // aux on an order that is neither a stop nor an iceberg, or on a command that uses none.
  expect_reject(edited(limit(2, B, 10, 1), [](Command& c) { c.aux = 4; }),
                RejectReason::Malformed);
  expect_reject(edited(cancel(1), [](Command& c) { c.aux = 4; }), RejectReason::Malformed);
  expect_reject(edited(mass_cancel(0), [](Command& c) { c.aux = 4; }), RejectReason::Malformed);
  expect_reject(edited(snapshot(0), [](Command& c) { c.aux = 4; }), RejectReason::Malformed);
  expect_reject(edited(set_band(0, 64), [](Command& c) { c.aux = 4; }), RejectReason::Malformed);
  // A Stop has no price; order_type 4 is undefined; the iceberg flag is a NewOrder's only.
  expect_reject(edited(stop_order(2, B, 10, 1), [](Command& c) { c.price = 10; }),
                RejectReason::Malformed);
  expect_reject(edited(limit(2, B, 10, 1), [](Command& c) { c.order_type = 4; }),
                RejectReason::Malformed);
  expect_reject(edited(mass_cancel(0), [](Command &c) { c.flags = kFlagIceberg; }),
                RejectReason::Malformed);
  // A stop-limit's price must lie in the band; a Stop's stop price is any value.
  expect_reject(stop_limit_order(2, B, 256, 10, 1), RejectReason::PriceOutsideBand);
  s.expect(stop_order(2, B, 0xFFFFFFFFu, 1), {stop_accepted(2, B, 0, 0, 1, 0xFFFFFFFFu)});
  // InvalidCombination.
  expect_reject(stop_order(3, B, 10, 1, Gtc), RejectReason::InvalidCombination);
  expect_reject(
      edited(stop_limit_order(3, B, 10, 10, 1), [](Command &c) { c.flags = kFlagPostOnly; }),
      RejectReason::InvalidCombination);
  expect_reject(edited(stop_order(3, B, 10, 1, Fok), [](Command &c) { c.stp = 1; }),
                RejectReason::InvalidCombination);
  expect_reject(iceberg_order(3, B, 10, 5, 0), RejectReason::InvalidCombination);
  expect_reject(iceberg_order(3, B, 10, 5, 6), RejectReason::InvalidCombination);
  expect_reject(edited(iceberg_order(3, B, 10, 5, 2), [](Command &c) { c.tif = 1; }),
                RejectReason::InvalidCombination);
  expect_reject(
      edited(stop_limit_order(3, B, 10, 10, 5), [](Command &c) { c.flags = kFlagIceberg; }),
      RejectReason::InvalidCombination);
  // A post-only iceberg is a GTC limit order: accepted.
  s.expect(edited(iceberg_order(3, B, 10, 5, 5), [](Command &c) { c.flags |= kFlagPostOnly; }),
           {with_aux(accepted(3, B, 0, 10, 5), 5), level_update(B, 0, 10, 6, 2)});
  // The checks before InvalidCombination come first: a zero quantity iceberg is ZeroQuantity.
  expect_reject(iceberg_order(4, B, 10, 0, 0), RejectReason::ZeroQuantity);
  // Modify: a resting order takes no aux; a pending stop's is its new stop price.
  expect_reject(modify_stop(1, 10, 1, 3), RejectReason::InvalidCombination);
  s.expect(modify_stop(2, 0, 1, 3), {stop_modified(2, B, 0, 0, 1, 3)});
}

TEST_CASE("hls venue: 64 pending stops per symbol", "[hls][venue][stop]") {
  constexpr std::uint32_t kStops = hlscore::kVenueConfig.stop_orders;
  static_assert(hlscore::VenueConfig::kStopOrders == kStops && kStops == 64);
  VenueScript s;
  for (std::uint32_t i = 0; i < kStops; ++i)
    s.expect(stop_order(i, S, 1000, 1, Ioc, 255), {stop_accepted(i, S, 255, 0, 1, 1000)});
  const Command one_more = stop_order(kStops, S, 1000, 1, Ioc, 255);
  s.expect(one_more, {rejected(one_more, RejectReason::StopCapacity)});
  s.expect(cancel(17), {cancelled(17, S, 255, 0, 1, CancelReason::User)});
  s.expect(one_more, {stop_accepted(kStops, S, 255, 0, 1, 1000)});
}

TEST_CASE("hls vs reference: stops and icebergs, full stop tables in every symbol",
          "[hls][diff][stop]") {
  const auto& config = kHardwareConfig;
  std::vector<Command> commands;
  std::uint32_t handle = 0;
  for (std::uint16_t symbol = 0; symbol < config.symbols; ++symbol) {
    // Asks of icebergs of 40, peak 1, on 32 levels, then a full table of buy stops of 50 at stop
    // prices 0, 1, 2, ...: one trade at the bottom sets off a cascade through all of them (after k
    // stops 1 + 50k units have traded, so the last trade is at 50k / 40 >= k).
    for (std::uint32_t price = 0; price < 32; ++price)
      commands.push_back(iceberg_order(handle++, S, price, 40, 1, symbol, 3));
    for (std::uint32_t i = 0; i < config.stop_orders; ++i)
      commands.push_back(i % 2 == 0 ? stop_order(handle++, B, i, 50, Ioc, symbol, 4)
                                    : stop_limit_order(handle++, B, 31, i, 50, Gtc, symbol, 4));
    commands.push_back(stop_order(handle, B, 0, 1, Ioc, symbol, 4)); // StopCapacity
    commands.push_back(limit(handle++, B, 0, 1, symbol, 5));
    commands.push_back(snapshot(symbol));
  }
  const std::vector<Event> events = require_identical_to_reference(commands);
  std::size_t triggered = 0;
  std::size_t replenished = 0;
  for (const Event& event : events) {
    triggered += event.type == static_cast<std::uint8_t>(EventType::StopTriggered);
    replenished += event.type == static_cast<std::uint8_t>(EventType::Replenished);
  }
  CHECK(triggered == config.symbols * config.stop_orders);
  CHECK(replenished > 1000);
}

TEST_CASE("hls vs reference: one sweep replenishes an iceberg of peak 1 100,000 times",
          "[hls][diff][iceberg]") {
  // 200,001 events in one command: past the sweep bound before icebergs (handles + 2L + 2 =
  // 4,610 iterations) and past the host stream stand-in's first capacity (2^17 events).
  constexpr std::uint32_t kQuantity = 100000;
  const std::vector<Command> commands{iceberg_order(1, S, 100, kQuantity, 1),
                                      market(2, B, kQuantity + 1, Ioc, 0, 2), snapshot(0)};
  const std::vector<Event> events = require_identical_to_reference(commands);
  REQUIRE(events.size() == 2 + (1 + 2 * kQuantity + 1) + 1);
  CHECK(events[2 + 2 * kQuantity - 1].type == static_cast<std::uint8_t>(EventType::Fill));
  CHECK(events[2 + 2 * kQuantity - 1].maker_remaining == 0);
}
