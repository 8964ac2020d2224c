// Stops and icebergs through durability, end to end: a directed session (replenished icebergs,
// pending, triggered, modified, cancelled and band-moved stops, last trade prices on two books)
// restored from its canonical state at every command continues byte-identically, on the
// reference model and on the sw core, each from the other's state; and a durable engine
// recovers its journal and snapshots of it to the uninterrupted state hash and events.

#include <cstring>

#include <catch2/catch.hpp>

#include "generated_runs.hpp"
#include "temp_dir.hpp"
#include "twinmatch/durable/client_id_engine.hpp"
#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"
#include "twinmatch/tools/command_builders.hpp"

namespace twinmatch::durable {
namespace {

constexpr CoreConfig kCore = kHardwareConfig;

Command order(std::uint32_t handle, std::uint16_t symbol, Side side, OrderType type,
              TimeInForce tif, std::uint32_t price, std::uint32_t quantity, std::uint32_t account,
              std::uint32_t aux = 0, bool iceberg = false) {
  return tools::new_order_command({.symbol = symbol, .handle = handle, .side = side, .type = type,
                                   .tif = tif, .price = price, .quantity = quantity,
                                   .account = account, .iceberg = iceberg, .aux = aux});
}

Command limit(std::uint32_t handle, std::uint16_t symbol, Side side, std::uint32_t price,
              std::uint32_t quantity, std::uint32_t account) {
  return order(handle, symbol, side, OrderType::Limit, TimeInForce::Gtc, price, quantity, account);
}

Command iceberg(std::uint32_t handle, std::uint16_t symbol, Side side, std::uint32_t price,
                std::uint32_t quantity, std::uint32_t peak, std::uint32_t account) {
  return order(handle, symbol, side, OrderType::Limit, TimeInForce::Gtc, price, quantity, account,
               peak, true);
}

Command stop(std::uint32_t handle, std::uint16_t symbol, Side side, std::uint32_t quantity,
             std::uint32_t stop_price, std::uint32_t account) {
  return order(handle, symbol, side, OrderType::Stop, TimeInForce::Ioc, 0, quantity, account,
               stop_price);
}

Command stop_limit(std::uint32_t handle, std::uint16_t symbol, Side side, std::uint32_t price,
                   std::uint32_t quantity, std::uint32_t stop_price, std::uint32_t account) {
  return order(handle, symbol, side, OrderType::StopLimit, TimeInForce::Gtc, price, quantity,
               account, stop_price);
}

using tools::cancel_command;
using tools::modify_command;
using tools::set_band_command;

// Every rule of "Iceberg orders" and "Stop orders" that leaves state behind, on books 0 and 1.
std::vector<Command> session() {
  const Side B = Side::Buy, S = Side::Sell;
  return {
      iceberg(1, 0, S, 100, 20, 5, 1), limit(2, 0, S, 100, 3, 2), limit(3, 0, S, 102, 10, 3),
      stop(4, 0, B, 6, 100, 4),               // pending: book 0 has not traded
      stop_limit(5, 0, B, 101, 9, 101, 5),    // pending
      stop(6, 0, S, 2, 90, 6),                // pending, the other way
      limit(7, 0, B, 100, 7, 7),              // takes the slice and replenishes; trades at 100: stop 4 runs
      cancel_command(6),              // a pending stop cancelled
      modify_command(5, 103, 4, 99),                  // a pending stop modified into its trigger: runs
      stop_limit(8, 0, B, 150, 2, 200, 8),    // pending, far away
      iceberg(9, 0, B, 95, 12, 3, 9),         // a resting iceberg bid
      modify_command(9, 95, 10),                      // same price, less: keeps its place
      tools::snapshot_command(0, 0),
      iceberg(10, 1, B, 50, 30, 4, 10),
      stop(11, 1, S, 5, 60, 11),              // pending on book 1
      stop_limit(12, 1, S, 40, 3, 30, 12),    // pending; its limit leaves the band below
      stop_limit(13, 1, B, 200, 1, 250, 13),  // pending; stays inside the band
      limit(14, 1, S, 50, 10, 14),            // sweeps the iceberg's slices; stop 11 runs
      set_band_command(1, 64),                        // cancels the iceberg's rest and stop 12
      limit(15, 1, S, 120, 2, 15),
      tools::mass_cancel_command(0, false, 0),       // book 0's resting orders, then its pending stop 8
      iceberg(16, 0, S, 110, 9, 2, 16), limit(17, 0, B, 111, 3, 17),
  };
}

bool same_events(std::span<const Event> a, std::span<const Event> b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size_bytes()) == 0);
}

template <class Engine>
std::vector<Event> run(Engine& engine, std::span<const Command> commands) {
  std::vector<Event> events;
  for (const Command& command : commands) engine.apply(command, events);
  return events;
}

bool has_event(std::span<const Event> events, EventType type) {
  return std::any_of(events.begin(), events.end(),
                     [&](const Event& event) { return event.type == static_cast<std::uint8_t>(type); });
}

// The state an engine exports after `commands`, from a fresh start.
template <class Engine>
EngineState state_after(std::span<const Command> commands) {
  Engine engine(kCore);
  run(engine, commands);
  EngineState state;
  engine.export_state(state);
  return state;
}

} // namespace

TEST_CASE("The session's events and states hold what it is meant to exercise") {
  const std::vector<Command> commands = session();
  ReferenceEngine reference(kCore);
  const std::vector<Event> events = run(reference, commands);
  for (const EventType type : {EventType::StopAccepted, EventType::StopTriggered,
                               EventType::Replenished, EventType::BandSet, EventType::MassCancelDone}) {
    INFO("event type " << int{static_cast<std::uint8_t>(type)});
    CHECK(has_event(events, type));
  }
  CHECK(std::none_of(events.begin(), events.end(), [](const Event& event) {
    return event.type == static_cast<std::uint8_t>(EventType::Rejected);
  }));
  // Mid-session (after stop 13) the state has pending stops, an iceberg with hidden quantity
  // and a last trade price.
  const EngineState middle = state_after<ReferenceEngine>(std::span(commands).first(17));
  CHECK(middle.stops.size() >= 3);
  CHECK(std::any_of(middle.orders.begin(), middle.orders.end(), [](const RestingOrder& order) {
    return order.peak != 0 && order.displayed < order.open;
  }));
  CHECK_FALSE(middle.last_trades.empty());
}

template <class Engine>
void restored_at_every_command_continues() {
  const std::vector<Command> commands = session();
  Engine uninterrupted(kCore);
  const std::vector<Event> all = run(uninterrupted, commands);
  std::string error;
  for (std::size_t cut = 0; cut <= commands.size(); ++cut) {
    INFO("restored after command " << cut);
    Engine first(kCore);
    const std::vector<Event> before = run(first, std::span(commands).first(cut));
    EngineState state;
    first.export_state(state);
    const Settlement ledger = *Settlement::create(kCore, test::test_terms(kCore), error);
    const std::vector<std::byte> payload = encode_state(kCore, state, ledger);
    EngineState decoded;
    Settlement restored_ledger = ledger;
    REQUIRE(decode_state(payload, kCore, decoded, restored_ledger, error));
    REQUIRE(decoded == state);
    Engine restored(kCore);
    REQUIRE(restored.import_state(decoded));
    EngineState again;
    restored.export_state(again);
    REQUIRE(again == state);
    std::vector<Event> events = before;
    const std::vector<Event> after = run(restored, std::span(commands).subspan(cut));
    events.insert(events.end(), after.begin(), after.end());
    CHECK(same_events(events, all));
  }
}

TEST_CASE("The reference model and the sw core export the same state with stops and icebergs, "
          "and each imports the other's") {
  const std::vector<Command> commands = session();
  for (std::size_t cut = 0; cut <= commands.size(); ++cut) {
    INFO("after command " << cut);
    const auto prefix = std::span(commands).first(cut);
    const EngineState reference = state_after<ReferenceEngine>(prefix);
    const EngineState sw = state_after<SwCoreEngine>(prefix);
    REQUIRE(reference == sw);
    SwCoreEngine sw_from_reference(kCore);
    REQUIRE(sw_from_reference.import_state(reference));
    ReferenceEngine reference_from_sw(kCore);
    REQUIRE(reference_from_sw.import_state(sw));
    const auto rest = std::span(commands).subspan(cut);
    CHECK(same_events(run(sw_from_reference, rest), run(reference_from_sw, rest)));
  }
}

template <class Engine>
void refuses_states_no_stream_could_make() {
  const std::vector<Command> commands = session();
  const EngineState state = state_after<ReferenceEngine>(std::span(commands).first(17));
  REQUIRE(!state.stops.empty());
  REQUIRE(Engine(kCore).import_state(state));
  const auto refused = [](const EngineState& bad) { return !Engine(kCore).import_state(bad); };
  EngineState both = state; // a handle resting and pending
  both.stops[0].handle = both.orders[0].handle;
  CHECK(refused(both));
  EngineState too_many = state; // more pending stops on a book than stop_orders
  const std::uint16_t book = too_many.stops[0].symbol;
  for (auto pending = std::count_if(too_many.stops.begin(), too_many.stops.end(),
                                    [&](const PendingStop& stop) { return stop.symbol == book; });
       pending <= kCore.stop_orders; ++pending) {
    PendingStop extra = too_many.stops[0];
    extra.handle = 1000 + static_cast<std::uint32_t>(pending);
    too_many.stops.push_back(extra);
  }
  CHECK(refused(too_many));
  EngineState hidden = state; // an iceberg showing more than its peak
  for (RestingOrder& order : hidden.orders) {
    if (order.peak != 0) order.displayed = order.peak + 1;
  }
  CHECK(refused(hidden));
}

template <class Engine>
void durable_engine_recovers() {
  const std::vector<Command> commands = session();
  const test::UninterruptedRun uninterrupted(kCore, commands);
  test::TempDir dir;
  std::string error;
  RecoveryReport report;
  const std::size_t half = commands.size() / 2;
  {
    // A snapshot every 4 commands: one is taken with stops pending and icebergs resting.
    auto durable = DurableEngine<Engine>::open(dir.path(), kCore, test::test_terms(kCore),
                                                 {.snapshot_every = 4}, report, nullptr, error);
    INFO(error);
    REQUIRE(durable);
    std::vector<Event> events;
    for (std::size_t at = 0; at < half; at += 3) {
      REQUIRE(durable->submit(std::span(commands).subspan(at, std::min<std::size_t>(3, half - at)),
                              events, error));
    }
    CHECK(same_events(events, uninterrupted.events_of(0, half)));
  }
  auto recovered = DurableEngine<Engine>::open(dir.path(), kCore, test::test_terms(kCore),
                                                 {.snapshot_every = 4}, report, nullptr, error);
  INFO(error);
  REQUIRE(recovered);
  CHECK(report.snapshot_seq != 0);
  std::vector<Event> events;
  REQUIRE(recovered->submit(std::span(commands).subspan(half), events, error));
  CHECK(same_events(events, uninterrupted.events_of(half, commands.size())));
  CHECK(recovered->state_hash() == uninterrupted.hash_after.at(commands.size()));
}

TEST_CASE("A state restored at any command continues byte-identically: reference model") {
  restored_at_every_command_continues<ReferenceEngine>();
}
TEST_CASE("A state restored at any command continues byte-identically: sw core") {
  restored_at_every_command_continues<SwCoreEngine>();
}

TEST_CASE("An engine refuses a state no command stream could make: reference model") {
  refuses_states_no_stream_could_make<ReferenceEngine>();
}
TEST_CASE("An engine refuses a state no command stream could make: sw core") {
  refuses_states_no_stream_could_make<SwCoreEngine>();
}

TEST_CASE("A durable engine recovers stops and icebergs from its journal and snapshots: reference model") {
  durable_engine_recovers<ReferenceEngine>();
}
TEST_CASE("A durable engine recovers stops and icebergs from its journal and snapshots: sw core") {
  durable_engine_recovers<SwCoreEngine>();
}

TEST_CASE("The drop-in id layer keeps a pending stop's client id until its terminal event") {
  ClientIdEngine engine(kCore);
  std::vector<Event> events;
  const auto place = [&](Command command, std::uint64_t id) {
    command.handle = engine.next_handle();
    events.clear();
    engine.apply(command, id, events);
    REQUIRE(engine.consistent());
    return command.handle;
  };
  const auto order_id_of = [&](EventType type) {
    const auto ids = engine.event_order_ids();
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i].type == static_cast<std::uint8_t>(type)) return ids[i].order_id;
    }
    return std::uint64_t{0};
  };
  place(limit(0, 0, Side::Sell, 100, 5, 1), 101);
  const std::uint32_t first_stop = place(stop(0, 0, Side::Buy, 3, 100, 2), 102);
  CHECK(order_id_of(EventType::StopAccepted) == 102);
  CHECK(engine.find(102) == first_stop);
  CHECK(engine.live_orders() == 2);
  events.clear();
  engine.apply(cancel_command(first_stop), events);
  CHECK(engine.find(102) == sw::OrderIdMap::kAbsent);

  const std::uint32_t second_stop = place(stop(0, 0, Side::Buy, 3, 100, 2), 103);
  CHECK(second_stop == first_stop); // the freed handle first
  place(limit(0, 0, Side::Buy, 100, 1, 3), 104); // trades at 100: the stop runs and fills
  CHECK(order_id_of(EventType::StopTriggered) == 103);
  CHECK(engine.find(103) == sw::OrderIdMap::kAbsent);
  CHECK(engine.find(104) == sw::OrderIdMap::kAbsent);
  CHECK(engine.live_orders() == 1);

  // A pending stop's id survives a snapshot of the id layer.
  const std::uint32_t pending = place(stop_limit(0, 0, Side::Sell, 90, 2, 80, 4), 105);
  EngineState state;
  engine.export_state(state);
  REQUIRE(state.stops.size() == 1);
  std::vector<std::byte> extension;
  engine.export_extension(extension);
  ClientIdEngine restored(kCore);
  REQUIRE(restored.import_state(state));
  REQUIRE(restored.import_extension(extension));
  CHECK(restored.find(105) == pending);
  CHECK(restored.next_handle() == engine.next_handle());
}

} // namespace twinmatch::durable
