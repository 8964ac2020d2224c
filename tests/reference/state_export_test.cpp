// The reference model's canonical state, through the durable adapter (EngineState): it holds
// everything that decides future events (icebergs' displayed parts, pending stops in the order
// they were placed, last trades), so a fresh engine importing it continues byte for byte; and
// import refuses a state no sequence of commands can reach.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>

#include "support/commands.hpp"
#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using durable::EngineState;
using durable::ReferenceEngine;

namespace {

bool same_bytes(const std::vector<Event>& a, const std::vector<Event>& b) {
  // memcmp's pointers must not be null, even for 0 bytes (an empty vector's data() may be).
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Event)) == 0);
}

EngineState exported(const ReferenceEngine& engine) {
  EngineState state;
  engine.export_state(state);
  return state;
}

// A state with one iceberg resting, two stops pending on book 0 and a last trade on book 0.
EngineState small_state() {
  ReferenceEngine engine(kHardwareConfig);
  std::vector<Event> events;
  for (const Command& command :
       {test::sell(1, 100, 1), test::buy(2, 100, 1), test::iceberg(3, Side::Sell, 105, 20, 4),
        test::stop(4, Side::Buy, 2, 110), test::stop_limit(5, Side::Sell, 90, 3, 95)}) {
    engine.apply(command, events);
  }
  return exported(engine);
}

} // namespace

TEST_CASE("the exported state is canonical and continues a session byte for byte", "[state][protocol3]") {
  for (const CoreConfig& config : {kHardwareConfig, kCpuConfig}) {
    for (const tools::Scenario scenario : {tools::Scenario::Volatile, tools::Scenario::Adversarial}) {
      INFO(tools::scenario_name(scenario) << " with " << config.stop_orders << " stops per book");
      const std::vector<Command> commands = tools::generate(config, scenario, 21, 6000);
      // The uninterrupted session: its events, and its state after every 250 commands.
      ReferenceEngine engine(config);
      std::vector<Event> events;
      std::vector<std::size_t> first_event_of{0}; // by commands applied
      std::vector<EngineState> states;
      for (std::size_t done = 1; done <= commands.size(); ++done) {
        engine.apply(commands[done - 1], events);
        first_event_of.push_back(events.size());
        if (done % 250 == 0) states.push_back(exported(engine));
      }
      bool saw_stops = false;
      bool saw_iceberg = false;
      for (std::size_t cut = 0; cut < states.size(); ++cut) {
        const EngineState& state = states[cut];
        const std::size_t done = (cut + 1) * 250;
        saw_stops = saw_stops || !state.stops.empty();
        for (const durable::RestingOrder& order : state.orders) {
          saw_iceberg = saw_iceberg || order.peak != 0;
          CHECK((order.peak == 0 ? order.displayed == 0
                                 : order.displayed >= 1 && order.displayed <= std::min(order.peak, order.open)));
        }
        CHECK(std::is_sorted(state.last_trades.begin(), state.last_trades.end(),
                             [](const auto& a, const auto& b) { return a.symbol < b.symbol; }));
        ReferenceEngine fresh(config);
        REQUIRE(fresh.import_state(state));
        CHECK(exported(fresh) == state);
        // The imported engine goes on exactly as the uninterrupted one did, for 250 commands.
        const std::size_t until = std::min(commands.size(), done + 250);
        std::vector<Event> continued;
        for (std::size_t i = done; i < until; ++i) fresh.apply(commands[i], continued);
        const std::vector<Event> expected(events.begin() + static_cast<std::ptrdiff_t>(first_event_of[done]),
                                          events.begin() + static_cast<std::ptrdiff_t>(first_event_of[until]));
        CHECK(same_bytes(continued, expected));
      }
      CHECK(saw_stops);
      CHECK(saw_iceberg);
    }
  }
}

TEST_CASE("pending stops are exported in the order they were placed, a modify keeping its place",
          "[state][protocol3]") {
  ReferenceEngine engine(kHardwareConfig);
  std::vector<Event> events;
  for (const Command& command :
       {test::stop(7, Side::Buy, 1, 150, TimeInForce::Ioc, 1, 1), test::stop(3, Side::Buy, 1, 150),
        test::stop(9, Side::Sell, 1, 10, TimeInForce::Ioc, 1, 1), test::modify_stop(7, 0, 2, 160)}) {
    engine.apply(command, events);
  }
  const EngineState state = exported(engine);
  REQUIRE(state.stops.size() == 3);
  CHECK(state.stops[0].handle == 7);
  CHECK(state.stops[0].quantity == 2);
  CHECK(state.stops[0].stop_price == 160);
  CHECK(state.stops[1].handle == 3);
  CHECK(state.stops[2].handle == 9);
  CHECK(state.stops[2].order_type == static_cast<std::uint8_t>(OrderType::Stop));
}

TEST_CASE("import refuses stop and iceberg states no session can reach", "[state][protocol3]") {
  const EngineState good = small_state();
  REQUIRE(good.stops.size() == 2);
  REQUIRE(good.last_trades.size() == 1);
  REQUIRE(good.orders.size() == 1);
  REQUIRE(good.orders[0].peak == 4);
  CHECK(ReferenceEngine(kHardwareConfig).import_state(good));

  const auto refused = [](EngineState state) { return !ReferenceEngine(kHardwareConfig).import_state(state); };
  EngineState bad = good;
  bad.orders[0].displayed = 0;
  CHECK(refused(bad));
  bad = good;
  bad.orders[0].displayed = 5; // above its peak
  CHECK(refused(bad));
  bad = good;
  bad.stops[0].stop_price = 100; // a buy stop the last trade (100) triggers
  CHECK(refused(bad));
  bad = good;
  bad.stops[1].handle = 3; // resting and pending at once
  CHECK(refused(bad));
  bad = good;
  bad.stops[0].price = 7; // a Stop has no limit price
  CHECK(refused(bad));
  bad = good;
  bad.stops[1].price = 300; // a StopLimit outside its band
  CHECK(refused(bad));
  bad = good;
  bad.last_trades.push_back(bad.last_trades.front()); // a book twice
  CHECK(refused(bad));
  bad = good;
  CoreConfig one_stop = kHardwareConfig;
  one_stop.stop_orders = 1;
  CHECK_FALSE(ReferenceEngine(one_stop).import_state(bad)); // more pending stops than a book holds
}
