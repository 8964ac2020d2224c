// The reference model and the sw engine's core as durable engines: the same events and the same
// canonical state (byte for byte) after every batch, and each recovers the other's journal and
// snapshots to the uninterrupted state.
#include <cstring>

#include <catch2/catch.hpp>

#include "generated_runs.hpp"
#include "temp_dir.hpp"
#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::durable {
namespace {

constexpr CoreConfig kWiderConfig{8, 1024, 1u << 14, 1000000};

bool same_events(std::span<const Event> a, std::span<const Event> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

template <class Engine>
std::unique_ptr<DurableEngine<Engine>> open_as(const std::string& dir, const CoreConfig& core,
                                               RecoveryReport& report) {
  std::string error;
  auto engine = DurableEngine<Engine>::open(dir, core, test::test_terms(core),
                                            {.snapshot_every = 700}, report, nullptr, error);
  INFO(error);
  REQUIRE(engine);
  return engine;
}

template <class Engine>
std::vector<Event> submit(DurableEngine<Engine>& engine, std::span<const Command> commands) {
  std::vector<Event> events;
  std::string error;
  for (std::size_t start = 0; start < commands.size(); start += 100) {
    INFO(error);
    REQUIRE(engine.submit(commands.subspan(start, std::min<std::size_t>(100, commands.size() - start)),
                          events, error));
  }
  return events;
}

} // namespace

TEST_CASE("Reference and sw engines export the same canonical state after every batch") {
  const CoreConfig core = GENERATE(kHardwareConfig, kWiderConfig);
  for (const tools::Scenario scenario : tools::kScenarios) {
    DYNAMIC_SECTION("scenario " << tools::scenario_name(scenario) << ", " << core.symbols << " symbols") {
      const std::vector<Command> commands = tools::generate(core, scenario, 21, 6000);
      ReferenceEngine reference(core);
      SwCoreEngine sw(core);
      std::vector<Event> reference_events;
      std::vector<Event> sw_events;
      EngineState reference_state;
      EngineState sw_state;
      std::size_t compared = 0;
      for (std::size_t i = 0; i < commands.size(); ++i) {
        reference.apply(commands[i], reference_events);
        sw.apply(commands[i], sw_events);
        if (i % 250 != 249) continue;
        REQUIRE(same_events(reference_events, sw_events));
        reference.export_state(reference_state);
        sw.export_state(sw_state);
        REQUIRE(reference_state == sw_state);
        compared += reference_state.orders.size();
      }
      CHECK(compared > 0);
      // A state exported by one imports into the other and exports back unchanged.
      SwCoreEngine imported(core);
      REQUIRE(imported.import_state(reference_state));
      EngineState round_trip;
      imported.export_state(round_trip);
      CHECK(round_trip == reference_state);
    }
  }
}

TEST_CASE("Each engine recovers the other's journal and snapshots exactly") {
  const CoreConfig core = kHardwareConfig;
  const std::vector<Command> commands = tools::generate(core, tools::Scenario::Volatile, 8, 4000);
  const test::UninterruptedRun uninterrupted(core, commands, std::vector<std::uint64_t>{2500});
  test::TempDir dir;
  RecoveryReport report;
  {
    auto reference = open_as<ReferenceEngine>(dir.path(), core, report);
    CHECK(same_events(submit(*reference, std::span(commands).first(2500)),
                      uninterrupted.events_of(0, 2500)));
  }
  {
    auto sw = open_as<SwCoreEngine>(dir.path(), core, report);
    CHECK(report.snapshot_seq == 2100);
    CHECK(sw->state_hash() == uninterrupted.hash_after.at(2500));
    CHECK(same_events(submit(*sw, std::span(commands).subspan(2500, 1000)),
                      uninterrupted.events_of(2500, 3500)));
  }
  auto reference = open_as<ReferenceEngine>(dir.path(), core, report);
  CHECK(report.snapshot_seq == 3500);
  CHECK(same_events(submit(*reference, std::span(commands).subspan(3500)),
                    uninterrupted.events_of(3500, 4000)));
  CHECK(reference->state_hash() == uninterrupted.hash_after.at(4000));
}

TEST_CASE("The sw engine refuses a state it cannot hold") {
  SwCoreEngine sw(kHardwareConfig);
  EngineState crossed;
  crossed.orders = {{1, 0, 0, 0, false, 50, 10, 1}, {2, 0, 1, 0, false, 40, 10, 2}};
  CHECK_FALSE(sw.import_state(crossed));
  SwCoreEngine other(kHardwareConfig);
  EngineState out_of_range;
  out_of_range.orders = {{kHardwareConfig.handles, 0, 0, 0, false, 50, 10, 1}};
  CHECK_FALSE(other.import_state(out_of_range));
}

} // namespace twinmatch::durable
