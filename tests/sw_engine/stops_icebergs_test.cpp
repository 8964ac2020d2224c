// docs/matching.md's iceberg and stop order rules on the sw core, with every expected event
// written out by hand (until the generated scenarios diff them against the reference model).
#include <catch2/catch.hpp>

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

// Two pending stops a book, to reach StopCapacity.
constexpr CoreConfig kSmall{2, 1000, 64, 1000, 2};

// Protocol-3 commands and events, beside the support builders.
namespace p3 {

Command iceberg(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity, std::uint32_t peak,
                std::uint32_t account = 0) {
  Command c = limit(handle, side, price, quantity, 0, account);
  c.flags |= kFlagIceberg;
  c.aux = peak;
  return c;
}

// A Stop (price 0) or, with a price, a StopLimit.
Command stop(std::uint32_t handle, Side side, std::uint32_t stop_price, std::uint32_t quantity,
             std::uint32_t price = 0, TimeInForce tif = TimeInForce::Ioc, std::uint32_t account = 0) {
  Command c = limit(handle, side, price, quantity, 0, account);
  c.order_type = static_cast<std::uint8_t>(price == 0 ? OrderType::Stop : OrderType::StopLimit);
  c.tif = static_cast<std::uint8_t>(tif);
  c.aux = stop_price;
  return c;
}

Command modify_stop(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity, std::uint32_t stop_price) {
  Command c = modify(handle, price, quantity);
  c.aux = stop_price;
  return c;
}

Event with_aux(Event e, std::uint32_t aux) {
  e.aux = aux;
  return e;
}

Event stop_event(EventType type, std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                 std::uint32_t stop_price) {
  Event e = accepted(handle, side, 0, price, quantity);
  e.type = static_cast<std::uint8_t>(type);
  e.aux = stop_price;
  return e;
}

Event stop_accepted(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                    std::uint32_t stop_price) {
  return stop_event(EventType::StopAccepted, handle, side, price, quantity, stop_price);
}

Event stop_triggered(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                     std::uint32_t stop_price) {
  return stop_event(EventType::StopTriggered, handle, side, price, quantity, stop_price);
}

Event replenished(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t shown, std::uint32_t open) {
  Event e = accepted(handle, side, 0, price, shown);
  e.type = static_cast<std::uint8_t>(EventType::Replenished);
  e.remaining = open;
  return e;
}

} // namespace p3

template <class Sink = VectorSink>
class Harness : public CoreHarness<Sink> {
public:
  explicit Harness(const CoreConfig& config = kSmall) : CoreHarness<Sink>(config) {}
};

TEST_CASE("an iceberg rests showing its peak; levels count only what it shows", "[rules][iceberg]") {
  Harness h;
  h.expect(p3::iceberg(1, S, 100, 25, 10), {p3::with_aux(accepted(1, S, 0, 100, 25), 10), level_update(S, 0, 100, 10, 1)});
  h.expect(limit(2, S, 100, 4), {accepted(2, S, 0, 100, 4), level_update(S, 0, 100, 14, 2)});
  h.expect(snapshot(0), {snapshot_row(S, 0, 100, 14, 2), snapshot_end(0, 1)});
  CHECK(h.core().open_quantity(1) == 25);
}

TEST_CASE("an iceberg maker trades its slice, is replenished at the tail, and the sweep goes on", "[rules][iceberg]") {
  Harness h;
  h.apply({p3::iceberg(1, S, 100, 25, 10), limit(2, S, 100, 4)});
  // 10 from the iceberg's slice (15 hidden left), its new slice of 10 behind order 2, then 4
  // from order 2, then 3 from the new slice.
  h.expect(limit(3, B, 100, 17), {accepted(3, B, 0, 100, 17), fill(3, B, 0, 1, 100, 10, 7, 15),
                                  p3::replenished(1, S, 100, 10, 15), fill(3, B, 0, 2, 100, 4, 3, 0),
                                  fill(3, B, 0, 1, 100, 3, 0, 12), level_update(S, 0, 100, 7, 1)});
  // What is left: 7 shown, 5 hidden; the last slice is smaller than the peak.
  h.expect(market(4, B, 12), {accepted(4, B, 0, 0, 12), fill(4, B, 0, 1, 100, 7, 5, 5),
                              p3::replenished(1, S, 100, 5, 5), fill(4, B, 0, 1, 100, 5, 0, 0),
                              level_update(S, 0, 100, 0, 0)});
  CHECK_FALSE(h.core().in_use(1));
}

TEST_CASE("an incoming iceberg trades its whole quantity as a taker, then hides the rest", "[rules][iceberg]") {
  Harness h;
  h.apply({limit(1, S, 100, 12)});
  h.expect(p3::iceberg(2, B, 100, 30, 5), {p3::with_aux(accepted(2, B, 0, 100, 30), 5), fill(2, B, 0, 1, 100, 12, 18, 0),
                                           level_update(S, 0, 100, 0, 0), level_update(B, 0, 100, 5, 1)});
  CHECK(h.core().open_quantity(2) == 18);
}

TEST_CASE("fill-or-kill counts icebergs' hidden quantity", "[rules][iceberg]") {
  Harness h;
  h.apply({p3::iceberg(1, S, 100, 20, 3)});
  h.expect(with_tif(limit(2, B, 100, 21), TimeInForce::Fok),
           {accepted(2, B, 0, 100, 21), cancelled(2, B, 0, 100, 21, CancelReason::FillOrKill)});
  h.expect(with_tif(limit(3, B, 100, 20), TimeInForce::Fok),
           {accepted(3, B, 0, 100, 20), fill(3, B, 0, 1, 100, 3, 17, 17), p3::replenished(1, S, 100, 3, 17),
            fill(3, B, 0, 1, 100, 3, 14, 14), p3::replenished(1, S, 100, 3, 14), fill(3, B, 0, 1, 100, 3, 11, 11),
            p3::replenished(1, S, 100, 3, 11), fill(3, B, 0, 1, 100, 3, 8, 8), p3::replenished(1, S, 100, 3, 8),
            fill(3, B, 0, 1, 100, 3, 5, 5), p3::replenished(1, S, 100, 3, 5), fill(3, B, 0, 1, 100, 3, 2, 2),
            p3::replenished(1, S, 100, 2, 2), fill(3, B, 0, 1, 100, 2, 0, 0), level_update(S, 0, 100, 0, 0)});
}

TEST_CASE("cancel, self-trade prevention and modify of an iceberg use its whole open quantity", "[rules][iceberg]") {
  Harness h;
  h.apply({p3::iceberg(1, S, 100, 20, 5, 7), p3::iceberg(2, S, 101, 20, 5)});
  h.expect(cancel(2), {cancelled(2, S, 0, 101, 20, CancelReason::User), level_update(S, 0, 101, 0, 0)});
  h.expect(with_stp(limit(3, B, 100, 1, 0, 7), StpMode::CancelResting),
           {accepted(3, B, 0, 100, 1), cancelled(1, S, 0, 100, 20, CancelReason::SelfTrade),
            level_update(S, 0, 100, 0, 0), level_update(B, 0, 100, 1, 1)});
  h.apply({p3::iceberg(4, S, 105, 20, 6), limit(5, S, 105, 1)});
  // Same price, less: keeps its place, shows min(shown, quantity).
  h.expect(modify(4, 105, 12), {modified(4, S, 0, 105, 12)});
  h.expect(modify(4, 105, 4), {modified(4, S, 0, 105, 4), level_update(S, 0, 105, 5, 2)});
  // More: a new iceberg with the same peak at the tail.
  h.expect(modify(4, 105, 14), {modified(4, S, 0, 105, 14), level_update(S, 0, 105, 7, 2)});
  h.expect(limit(6, B, 105, 2), {accepted(6, B, 0, 105, 2), fill(6, B, 0, 5, 105, 1, 1, 0),
                                 fill(6, B, 0, 4, 105, 1, 0, 13), level_update(S, 0, 105, 5, 1)});
  // Modify cannot change the peak.
  h.expect(p3::modify_stop(4, 105, 10, 3), {rejected(4, 0, RejectReason::InvalidCombination)});
}

TEST_CASE("a stop waits for its book's last trade, then runs as a market order", "[rules][stop]") {
  Harness h;
  h.expect(p3::stop(1, B, 105, 6), {p3::stop_accepted(1, B, 0, 6, 105)});
  CHECK(h.core().is_pending(1));
  CHECK_FALSE(h.core().is_resting(1));
  h.apply({limit(2, S, 104, 1), limit(3, S, 106, 10)});
  // A trade at 104 triggers nothing; one at 106 triggers the buy stop, in the same command.
  h.expect(limit(4, B, 104, 1), {accepted(4, B, 0, 104, 1), fill(4, B, 0, 2, 104, 1, 0, 0), level_update(S, 0, 104, 0, 0)});
  h.expect(limit(5, B, 106, 1),
           {accepted(5, B, 0, 106, 1), fill(5, B, 0, 3, 106, 1, 0, 9), level_update(S, 0, 106, 9, 1),
            p3::stop_triggered(1, B, 0, 6, 105), fill(1, B, 0, 3, 106, 6, 0, 3), level_update(S, 0, 106, 3, 1)});
  CHECK_FALSE(h.core().in_use(1));
  CHECK(h.core().last_trade(0) == 106u);
  CHECK_FALSE(h.core().last_trade(1));
}

TEST_CASE("a stop placed while its condition holds triggers in the command that placed it", "[rules][stop]") {
  Harness h;
  h.apply({limit(1, S, 100, 1), limit(2, B, 100, 1), limit(3, B, 95, 10)});
  // Sold at 100: a sell stop at 100 triggers at once, and its limit at 96 does not cross 95.
  h.expect(p3::stop(4, S, 100, 4, 96, TimeInForce::Gtc),
           {p3::stop_accepted(4, S, 96, 4, 100), p3::stop_triggered(4, S, 96, 4, 100), level_update(S, 0, 96, 4, 1)});
  CHECK(h.core().is_resting(4)); // a triggered GTC stop-limit rests under its handle
}

TEST_CASE("triggered stops run oldest first and may trigger more", "[rules][stop]") {
  Harness h;
  h.apply({limit(1, S, 100, 1), limit(2, S, 101, 2), limit(3, S, 103, 5)});
  h.apply({p3::stop(10, B, 101, 2), p3::stop(11, B, 100, 1)});
  // The trade at 100 triggers stop 11 only; its fill at 101 triggers stop 10.
  h.expect(limit(4, B, 100, 1),
           {accepted(4, B, 0, 100, 1), fill(4, B, 0, 1, 100, 1, 0, 0), level_update(S, 0, 100, 0, 0),
            p3::stop_triggered(11, B, 0, 1, 100), fill(11, B, 0, 2, 101, 1, 0, 1), level_update(S, 0, 101, 1, 1),
            p3::stop_triggered(10, B, 0, 2, 101), fill(10, B, 0, 2, 101, 1, 1, 0), level_update(S, 0, 101, 0, 0),
            fill(10, B, 0, 3, 103, 1, 0, 4), level_update(S, 0, 103, 4, 1)});
}

TEST_CASE("pending stops: capacity, cancel, modify keeps the place, validation", "[rules][stop]") {
  Harness h;
  h.expect(p3::stop(1, S, 90, 3), {p3::stop_accepted(1, S, 0, 3, 90)});
  h.expect(p3::stop(2, S, 95, 3, 94, TimeInForce::Gtc), {p3::stop_accepted(2, S, 94, 3, 95)});
  h.expect(p3::stop(3, S, 95, 3), {rejected(3, 0, RejectReason::StopCapacity)});
  h.expect(limit(1, B, 90, 1), {rejected(1, 0, RejectReason::HandleInUse)});
  h.expect(p3::modify_stop(1, 5, 3, 90), {rejected(1, 0, RejectReason::InvalidCombination)});
  h.expect(p3::modify_stop(2, 2000, 3, 90), {rejected(2, 0, RejectReason::PriceOutsideBand)});
  h.expect(p3::modify_stop(1, 0, 4, 96), {p3::with_aux(modified(1, S, 0, 0, 4), 96)});
  // Both now trigger at 95: stop 1, placed first, runs first (as a market IOC: nothing to take).
  h.apply({limit(5, B, 95, 1)});
  h.expect(limit(6, S, 95, 1),
           {accepted(6, S, 0, 95, 1), fill(6, S, 0, 5, 95, 1, 0, 0), level_update(B, 0, 95, 0, 0),
            p3::stop_triggered(1, S, 0, 4, 96), cancelled(1, S, 0, 0, 4, CancelReason::MarketRemainder),
            p3::stop_triggered(2, S, 94, 3, 95), level_update(S, 0, 94, 3, 1)});
  h.expect(p3::stop(7, B, 99, 2), {p3::stop_accepted(7, B, 0, 2, 99)});
  h.expect(cancel(7), {cancelled(7, B, 0, 0, 2, CancelReason::User)});
  h.expect(cancel(7), {rejected(7, 0, RejectReason::UnknownHandle)});
}

TEST_CASE("protocol 3 fields: malformed, combinations", "[rules][stop][iceberg]") {
  Harness h;
  Command v2 = p3::stop(1, B, 100, 1);
  v2.version = 2;
  h.expect(v2, {rejected(1, 0, RejectReason::Malformed)});
  Command v2_aux = limit(1, B, 100, 1);
  v2_aux.version = 2;
  v2_aux.aux = 1;
  h.expect(v2_aux, {rejected(1, 0, RejectReason::Malformed)});
  Command aux_on_limit = limit(1, B, 100, 1);
  aux_on_limit.aux = 1;
  h.expect(aux_on_limit, {rejected(1, 0, RejectReason::Malformed)});
  Command priced_stop = p3::stop(1, B, 100, 1);
  priced_stop.price = 5;
  priced_stop.order_type = static_cast<std::uint8_t>(OrderType::Stop);
  h.expect(priced_stop, {rejected(1, 0, RejectReason::Malformed)});
  Command bad_type = p3::stop(1, B, 100, 1);
  bad_type.order_type = 4;
  h.expect(bad_type, {rejected(1, 0, RejectReason::Malformed)});
  h.expect(p3::stop(1, B, 100, 1, 0, TimeInForce::Gtc), {rejected(1, 0, RejectReason::InvalidCombination)});
  h.expect(post_only(p3::stop(1, B, 100, 1, 50, TimeInForce::Gtc)), {rejected(1, 0, RejectReason::InvalidCombination)});
  h.expect(p3::iceberg(1, B, 100, 5, 0), {rejected(1, 0, RejectReason::InvalidCombination)});
  h.expect(p3::iceberg(1, B, 100, 5, 6), {rejected(1, 0, RejectReason::InvalidCombination)});
  h.expect(with_tif(p3::iceberg(1, B, 100, 5, 2), TimeInForce::Ioc), {rejected(1, 0, RejectReason::InvalidCombination)});
  h.expect(p3::stop(1, B, 100, 1, 5000), {rejected(1, 0, RejectReason::PriceOutsideBand)});
  h.apply({limit(2, B, 100, 1)});
  h.expect(p3::modify_stop(2, 100, 1, 7), {rejected(2, 0, RejectReason::InvalidCombination)});
  Command modify_v2 = p3::modify_stop(2, 100, 1, 7);
  modify_v2.version = 2;
  h.expect(modify_v2, {rejected(2, 0, RejectReason::Malformed)});
}

TEST_CASE("mass cancel and band moves cancel pending stops after the resting orders", "[rules][stop]") {
  Harness h(CoreConfig{2, 256, 64, 1000, 4});
  h.apply({limit(1, B, 10, 1, 0, 5), p3::stop(2, S, 5, 1, 0, TimeInForce::Ioc, 5), p3::stop(3, S, 5, 1, 0, TimeInForce::Ioc, 6),
           p3::stop(4, B, 200, 1, 200, TimeInForce::Gtc, 5), p3::stop(5, B, 200, 1, 20, TimeInForce::Gtc, 5)});
  h.expect(mass_cancel_account(0, 5),
           {cancelled(1, B, 0, 10, 1, CancelReason::Mass), level_update(B, 0, 10, 0, 0),
            cancelled(2, S, 0, 0, 1, CancelReason::Mass), cancelled(4, B, 0, 200, 1, CancelReason::Mass),
            cancelled(5, B, 0, 20, 1, CancelReason::Mass), mass_cancel_done(0, 4)});
  h.apply({p3::stop(6, B, 200, 1, 200, TimeInForce::Gtc), p3::stop(7, B, 200, 1, 20, TimeInForce::Gtc)});
  // The band [64, 319]: the stop-limit at 20 falls outside, the Stop and the one at 200 stay.
  h.expect(set_band(0, 64), {cancelled(7, B, 0, 20, 1, CancelReason::BandMoved), band_set(0, 64, 1)});
  h.expect(mass_cancel(0), {cancelled(3, S, 0, 0, 1, CancelReason::Mass), cancelled(6, B, 0, 200, 1, CancelReason::Mass),
                            mass_cancel_done(0, 2)});
  CHECK(h.core().pending_stops(0) == 0);
}

// A sink without last_event(): the core asks before each last event whether a stop will follow.
struct PushOnlySink {
  std::vector<Event>* events;
  explicit PushOnlySink(std::vector<Event>& out) : events(&out) {}
  void push(const Event& event) { events->push_back(event); }
};

TEST_CASE("a push-only sink gets the same events, the last flag where step 5 ends", "[rules][stop]") {
  const std::vector<Command> commands = {
      limit(1, S, 100, 1), limit(2, S, 101, 2), limit(3, S, 103, 5), p3::stop(10, B, 101, 2),
      p3::stop(11, B, 100, 1), p3::iceberg(12, S, 103, 9, 2), limit(4, B, 100, 1),
      p3::stop(13, S, 90, 3, 0, TimeInForce::Fok), limit(5, B, 103, 8), p3::stop(14, B, 100, 1),
      limit(6, B, 90, 2), limit(7, S, 90, 1), p3::modify_stop(13, 0, 1, 95), cancel(12)};
  std::vector<Event> with_take_back;
  std::vector<Event> asking;
  Core<VectorSink> core(kSmall, with_take_back);
  Core<PushOnlySink> push_only(kSmall, asking);
  for (const Command& c : commands) {
    core.apply(c);
    push_only.apply(c);
  }
  INFO("take back:\n" << describe_all(with_take_back) << "asking:\n" << describe_all(asking));
  CHECK(same_bytes(with_take_back, asking));
  CHECK(with_take_back.size() > commands.size() * 2);
}

} // namespace
} // namespace twinmatch::sw_test
