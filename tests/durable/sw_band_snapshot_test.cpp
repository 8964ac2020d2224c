// The sw core's canonical state carries the books' bands: a snapshot taken after a band move
// restores a core that goes on exactly as the uninterrupted one, and a state whose bands or
// prices SetBand could not have made is refused.
#include <cstring>

#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/durable/state_codec.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"

namespace twinmatch::durable {
namespace {

constexpr CoreConfig kConfig{4, 256, 64, 1000000};

using test::set_band;

template <class Engine>
std::vector<Event> run(Engine& engine, const std::vector<Command>& commands) {
  std::vector<Event> events;
  for (const Command& command : commands) engine.apply(command, events);
  return events;
}

bool same_events(const std::vector<Event>& a, const std::vector<Event>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Event)) == 0;
}

Settlement plain_settlement() {
  std::string error;
  auto settlement = Settlement::create(kConfig, SettlementConfig::uniform(kConfig, {100, 5, 20, -5}), error);
  REQUIRE(settlement);
  return *settlement;
}

} // namespace

TEST_CASE("A snapshot after a band move restores the bands and the orders in them") {
  SwCoreEngine engine(kConfig);
  run(engine, {test::buy(1, 100, 5), test::buy(2, 200, 3), test::sell(3, 250, 4),
               set_band(0, 128), test::sell(4, 380, 6), test::buy(5, 128, 2), set_band(2, 0xFFFFFF00u),
               test::limit(6, Side::Buy, 0xFFFFFF10u, 7, 2)});
  EngineState state;
  engine.export_state(state);
  REQUIRE(state.bands == std::vector<BandBase>{{0, 128}, {2, 0xFFFFFF00u}});
  REQUIRE(state.orders.size() == 5); // order 1 (price 100) left with the band move
  CHECK(state.orders[0].handle == 2);
  CHECK(state.orders[4].price == 0xFFFFFF10u);

  const std::vector<std::byte> payload = encode_state(kConfig, state, plain_settlement());
  EngineState decoded;
  Settlement ledger = plain_settlement();
  std::string error;
  REQUIRE(decode_state(payload, kConfig, decoded, ledger, error));
  REQUIRE(decoded == state);
  SwCoreEngine restored(kConfig);
  REQUIRE(restored.import_state(decoded));
  EngineState again;
  restored.export_state(again);
  CHECK(again == state);

  // Both go on alike: prices of the moved band are accepted, those of the old one refused, and a
  // band move back cancels the same orders.
  const std::vector<Command> after{test::sell(7, 100, 1),         test::sell(8, 129, 1),
                                   test::limit(9, Side::Buy, 0xFFFFFF05u, 1, 2), set_band(0, 0),
                                   set_band(2, 0xFFFFFE00u),      test::sell(10, 200, 9)};
  const std::vector<Event> uninterrupted = run(engine, after);
  CHECK(same_events(run(restored, after), uninterrupted));
  CHECK(uninterrupted[0].reason == static_cast<std::uint8_t>(RejectReason::PriceOutsideBand));

  SECTION("a state SetBand could not have made is refused") {
    EngineState misaligned = state;
    misaligned.bands[0].base = 100;
    CHECK_FALSE(SwCoreEngine(kConfig).import_state(misaligned));
    EngineState past_the_top = state;
    past_the_top.bands[1].base = 0xFFFFFFC0u;
    CHECK_FALSE(SwCoreEngine(kConfig).import_state(past_the_top));
    EngineState unsorted = state;
    std::swap(unsorted.bands[0], unsorted.bands[1]);
    CHECK_FALSE(SwCoreEngine(kConfig).import_state(unsorted));
    EngineState outside = state;
    outside.orders[0].price = 100; // below symbol 0's band
    CHECK_FALSE(SwCoreEngine(kConfig).import_state(outside));
  }
}

TEST_CASE("After band moves the reference model and the sw core export the same state and take each other's") {
  const std::vector<Command> before{test::buy(1, 100, 5),  test::buy(2, 200, 3),         test::sell(3, 250, 4),
                                    set_band(0, 128),      test::sell(4, 380, 6),        set_band(3, 0xFFFFFF00u),
                                    test::limit(6, Side::Sell, 0xFFFFFFFFu, 7, 3),       set_band(1, 64),
                                    set_band(1, 0)};
  ReferenceEngine reference(kConfig);
  SwCoreEngine sw(kConfig);
  REQUIRE(same_events(run(reference, before), run(sw, before)));
  EngineState reference_state, sw_state;
  reference.export_state(reference_state);
  sw.export_state(sw_state);
  REQUIRE(reference_state == sw_state);
  CHECK(sw_state.bands == std::vector<BandBase>{{0, 128}, {3, 0xFFFFFF00u}}); // symbol 1 is back at 0

  ReferenceEngine reference_from_sw(kConfig);
  SwCoreEngine sw_from_reference(kConfig);
  REQUIRE(reference_from_sw.import_state(sw_state));
  REQUIRE(sw_from_reference.import_state(reference_state));
  const std::vector<Command> after{test::sell(7, 127, 1), test::buy(8, 0xFFFFFFFFu, 2), set_band(3, 0xFFFFFE00u),
                                   test::limit(9, Side::Buy, 0xFFFFFFFFu, 9, 3), set_band(0, 0)};
  const std::vector<Event> expected = run(reference, after);
  CHECK(same_events(run(sw, after), expected));
  CHECK(same_events(run(reference_from_sw, after), expected));
  CHECK(same_events(run(sw_from_reference, after), expected));
}

} // namespace twinmatch::durable
