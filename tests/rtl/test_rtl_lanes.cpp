// Symbol lanes (rtl/tm_lanes.sv): for every built lane count, the same event stream as the
// reference model (and so as one tm_core) byte for byte, on generated scenarios and on directed
// cases that move handles between lanes, with input gaps and back-pressure; and the head-of-line
// bound of docs/rtl.md ("Symbol lanes") under a stalled event port.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <numeric>
#include <span>
#include <string>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "support/commands.hpp"
#include "support/event_text.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

using namespace twinmatch;
using namespace twinmatch::test;

namespace {

constexpr CoreConfig kConfig = sim::kRtlLanesConfig;

// A built model: one core, or N lanes with tm_lanes' merger or merged on the host side.
struct Variant {
  unsigned lanes;
  bool host_merge;
};

sim::RtlSimOptions lanes_options(Variant variant, double gaps = 0.0, double backpressure = 0.0,
                                 std::uint64_t seed = 1) {
  sim::RtlSimOptions options;
  options.lanes = variant.lanes;
  options.host_merge = variant.host_merge;
  options.gap_probability = gaps;
  options.backpressure_probability = backpressure;
  options.seed = seed;
  return options;
}

std::vector<Event> run_lanes(const std::vector<Command>& commands,
                             const sim::RtlSimOptions& options) {
  sim::RtlSim rtl(options, kConfig);
  std::vector<Event> got;
  rtl.run(commands, got);
  return got;
}

void require_reference(const std::vector<Command>& commands, const sim::RtlSimOptions& options,
                       const std::string& what) {
  const std::vector<Event> want = reference_events(kConfig, commands);
  const std::vector<Event> got = run_lanes(commands, options);
  INFO(what << ", lanes " << options.lanes << (options.host_merge ? " merged on the host" : "")
            << ": " << first_difference(got, want));
  REQUIRE(got.size() == want.size());
  REQUIRE(std::memcmp(got.data(), want.data(), want.size() * sizeof(Event)) == 0);
}

// Every lane count built, both ways of merging.
std::vector<Variant> lane_variants() {
  std::vector<Variant> variants;
  for (unsigned lanes : sim::kRtlLaneCounts) {
    variants.push_back({lanes, false});
    variants.push_back({lanes, true});
  }
  return variants;
}

// The same, and one lane (tm_core with the same 16 symbols) beside them.
std::vector<Variant> all_variants() {
  std::vector<Variant> variants{{1, false}};
  for (const Variant& variant : lane_variants()) variants.push_back(variant);
  return variants;
}

// Handles moving between symbols of different lanes, and every reject that copies the raw
// symbol or handle: symbol s is in lane s % 4.
std::vector<Command> handle_moves() {
  std::vector<Command> c;
  c.push_back(limit(7, B, 100, 10, 0));          // handle 7 rests in lane 0
  c.push_back(limit(7, S, 120, 5, 1));           // lane 1: HandleInUse (it rests in lane 0)
  c.push_back(edited(limit(7, S, 120, 5, 1), [](Command& m) { m.reserved0 = 1; }));  // Malformed
  c.push_back(limit(7, S, 120, 0, 5));           // lane 1: HandleInUse before ZeroQuantity
  c.push_back(modify(7, 101, 8));                // by handle: lane 0
  c.push_back(cancel(7));                        // lane 0
  c.push_back(limit(7, S, 120, 5, 1));           // now free: rests in lane 1, its new owner
  c.push_back(limit(7, S, 120, 5, 2));           // lane 2: HandleInUse (rests in lane 1)
  c.push_back(modify(7, 119, 5));                // lane 1
  c.push_back(limit(9, B, 119, 2, 1, 2));        // handle 9 in lane 1 takes 2 of handle 7
  c.push_back(limit(9, B, 119, 3, 3, 2));        // lane 3: handle 9 is free (filled), rests
  c.push_back(limit(8, B, 119, 3, 1, 2));        // lane 1 fills 7 completely (3 left)
  c.push_back(limit(7, B, 50, 4, 6));            // handle 7 is free again: lane 2
  c.push_back(cancel(9));                        // lane 3
  c.push_back(cancel(9));                        // UnknownHandle (owner lane 3)
  c.push_back(cancel(1234));                     // never used: UnknownHandle
  c.push_back(modify(4096, 100, 1));             // HandleOutOfRange
  c.push_back(limit(4096, B, 100, 1, 5));        // HandleOutOfRange, symbol 5 copied
  c.push_back(limit(0xFFFFFFFFu, B, 100, 1, 16));  // UnknownSymbol, symbol 16 copied
  c.push_back(mass_cancel(0xFFFF));              // UnknownSymbol
  c.push_back(snapshot(17));                     // UnknownSymbol
  c.push_back(set_band(40, 64));                 // UnknownSymbol
  c.push_back(edited(cancel(8), [](Command& m) { m.symbol = 5; }));  // Malformed, symbol 5
  c.push_back(edited(limit(3, B, 1, 1, 9), [](Command& m) { m.opcode = 9; }));  // Malformed
  c.push_back(set_band(6, 64));                  // lane 2: cancels handle 7 (BandMoved)
  c.push_back(limit(7, S, 119, 1, 1));           // lane 1 again; crosses handle 8
  c.push_back(mass_cancel(1));
  c.push_back(snapshot(3));
  for (std::uint16_t symbol = 0; symbol < kConfig.symbols; ++symbol) {
    c.push_back(limit(100 + symbol, B, 90, 1 + symbol, symbol));
    c.push_back(limit(200 + symbol, S, 95, 1, symbol));
    c.push_back(snapshot(symbol));
  }
  return c;
}

// The events of command `cmd_seq` (1-based).
std::vector<Event> events_of(const std::vector<Event>& events, std::uint64_t cmd_seq) {
  std::vector<Event> of;
  std::copy_if(events.begin(), events.end(), std::back_inserter(of),
               [cmd_seq](const Event& e) { return e.cmd_seq == cmd_seq; });
  return of;
}

} // namespace

TEST_CASE("rtl lanes: only the built lane counts have a model", "[rtl][lanes]") {
  CHECK_THROWS_AS(sim::RtlSim(lanes_options({3, false}), kConfig), std::invalid_argument);
  CHECK_THROWS_AS(sim::RtlSim(lanes_options({16, true}), kConfig), std::invalid_argument);
  CHECK_THROWS_AS(sim::RtlSim(lanes_options({4, false}), sim::kRtlConfig), std::invalid_argument);
  CHECK_THROWS_AS(sim::RtlSim(lanes_options({1, true}), kConfig), std::invalid_argument);
  const std::string built = fmt::format("lanes={} for", fmt::join(sim::kRtlLaneCounts, "|"));
  bool refused_sixteen = false;
  try {
    sim::RtlSim rtl(lanes_options({16, false}), kConfig);
  } catch (const std::invalid_argument& refused) {
    refused_sixteen = true;
    CHECK_THAT(refused.what(), Catch::Contains("lanes=16") && Catch::Contains(built));
  }
  CHECK(refused_sixteen);
}

TEST_CASE("rtl lanes: the rtl backend's lanes= and merge= options", "[rtl][lanes][backend]") {
  const auto refusal = [](const CoreConfig& config, const tools::BackendOptions& options) {
    std::string error;
    CHECK(tools::make_backend("rtl", config, options, error) == nullptr);
    return error;
  };
  const std::string built = fmt::format("(lanes=1|{})", fmt::join(sim::kRtlLaneCounts, "|"));
  CHECK_THAT(refusal(kConfig, {{"lanes", "16"}}), Catch::Contains("lanes=16") &&
                                                      Catch::Contains(built));
  CHECK_THAT(refusal(kConfig, {{"lanes", "3"}}), Catch::Contains("lanes=3") &&
                                                     Catch::Contains(built));
  CHECK_THAT(refusal(kHardwareConfig, {{"lanes", "4"}}), Catch::Contains("lanes=4"));
  CHECK_THAT(refusal(kConfig, {{"lanes", "0"}}), Catch::Contains("lanes=0"));
  CHECK_THAT(refusal(kConfig, {{"merge", "host"}}), Catch::Contains("merge=host needs lanes"));
  CHECK_THAT(refusal(kConfig, {{"lanes", "4"}, {"merge", "fast"}}), Catch::Contains("merge=fast"));

  // A run through the backend reports its lanes and both throughput figures.
  const std::vector<Command> commands = tools::generate(kConfig, tools::Scenario::Spread, 29, 3000);
  std::string error;
  const auto backend =
      tools::make_backend("rtl", kConfig, {{"lanes", "4"}, {"merge", "host"}}, error);
  REQUIRE(backend != nullptr);
  CHECK(backend->config() == kConfig);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(commands, events, metrics);
  const std::vector<Event> want = reference_events(kConfig, commands);
  REQUIRE(events.size() == want.size());
  CHECK(std::memcmp(events.data(), want.data(), want.size() * sizeof(Event)) == 0);
  CHECK(tools::find_metric(metrics, "lanes") == 4.0);
  CHECK(tools::find_metric(metrics, "host_merge") == 1.0);
  const double cycles = tools::find_metric(metrics, "cycles_per_command").value_or(0);
  const double rate = tools::find_metric(metrics, "commands_per_cycle").value_or(0);
  REQUIRE(cycles > 0);
  CHECK(rate == Approx(1.0 / cycles));
}

TEST_CASE("rtl lanes: handles moving between lanes, and raw symbols in rejects",
          "[rtl][lanes]") {
  const std::vector<Command> commands = handle_moves();
  // The case does what it says: the reference rejects the cross-lane reuses as HandleInUse,
  // the malformed one as Malformed, with the global symbol.
  const std::vector<Event> want = reference_events(kConfig, commands);
  for (const auto& [cmd_seq, reason, symbol] :
       {std::tuple{2, RejectReason::HandleInUse, 1}, {3, RejectReason::Malformed, 1},
        {4, RejectReason::HandleInUse, 5}, {8, RejectReason::HandleInUse, 2},
        {23, RejectReason::Malformed, 5}}) {
    const std::vector<Event> of = events_of(want, static_cast<std::uint64_t>(cmd_seq));
    REQUIRE(of.size() == 1);
    CHECK(of[0].type == static_cast<std::uint8_t>(EventType::Rejected));
    CHECK(of[0].reason == static_cast<std::uint8_t>(reason));
    CHECK(of[0].symbol == symbol);
  }
  CHECK(events_of(want, 7)[0].type == static_cast<std::uint8_t>(EventType::Accepted));
  CHECK(events_of(want, 11)[0].type == static_cast<std::uint8_t>(EventType::Accepted));
  for (const Variant& variant : all_variants()) {
    require_reference(commands, lanes_options(variant), "handle moves");
    require_reference(commands, lanes_options(variant, 0.3, 0.5, 11), "handle moves, stalls");
  }
}

TEST_CASE("rtl lanes: every scenario matches the reference", "[rtl][lanes]") {
  std::vector<tools::Scenario> scenarios(tools::kScenarios.begin(), tools::kScenarios.end());
  scenarios.push_back(tools::Scenario::Spread);
  for (tools::Scenario scenario : scenarios) {
    const std::vector<Command> commands = tools::generate(kConfig, scenario, 21, 20000);
    REQUIRE(commands.size() == 20000);
    for (const Variant& variant : all_variants()) {
      require_reference(commands, lanes_options(variant),
                        std::string(tools::scenario_name(scenario)));
    }
  }
}

// A host that keeps a handle pool per lane (gen --handle-lanes): streams in which no handle
// moves between lanes, for the lane count they are made for and for the others (where handles
// move again), with gaps and back-pressure.
TEST_CASE("rtl lanes: streams with a handle pool per lane match the reference", "[rtl][lanes]") {
  for (unsigned pools : sim::kRtlLaneCounts) {
    for (tools::Scenario scenario : {tools::Scenario::Normal, tools::Scenario::Volatile}) {
      const std::vector<Command> commands =
          tools::generate(kConfig, scenario, 30 + pools, 8000, tools::GeneratorOptions{pools});
      REQUIRE(commands.size() == 8000);
      const std::string what =
          fmt::format("{} with {} handle lanes", tools::scenario_name(scenario), pools);
      for (const Variant& variant : all_variants()) {
        require_reference(commands, lanes_options(variant), what);
        require_reference(commands, lanes_options(variant, 0.3, 0.5, pools), what + ", gaps");
      }
    }
  }
}

TEST_CASE("rtl lanes: the spread scenario keeps each symbol's orders on its own handles",
          "[rtl][lanes]") {
  const std::vector<Command> commands =
      tools::generate(kConfig, tools::Scenario::Spread, 27, 20000);
  std::vector<std::uint32_t> per_symbol(kConfig.symbols, 0);
  for (const Command& command : commands) {
    if (command.opcode != static_cast<std::uint8_t>(Opcode::NewOrder)) continue;
    REQUIRE(command.symbol < kConfig.symbols);
    CHECK(command.handle % kConfig.symbols == command.symbol);
    ++per_symbol[command.symbol];
  }
  // Every symbol busy: none gets less than half its even share of the new orders.
  const std::uint32_t total = std::accumulate(per_symbol.begin(), per_symbol.end(), 0u);
  for (std::uint32_t count : per_symbol) CHECK(count * kConfig.symbols * 2 >= total);
  // The other scenarios' streams do not change: spread is not among them.
  CHECK(std::find(tools::kScenarios.begin(), tools::kScenarios.end(), tools::Scenario::Spread) ==
        tools::kScenarios.end());
  CHECK(tools::scenario_from_name("spread") == tools::Scenario::Spread);
}

TEST_CASE("rtl lanes: gaps and back-pressure", "[rtl][lanes]") {
  for (tools::Scenario scenario : {tools::Scenario::Normal, tools::Scenario::Adversarial,
                                   tools::Scenario::Banded}) {
    const std::vector<Command> commands = tools::generate(kConfig, scenario, 22, 8000);
    for (const Variant& variant : lane_variants()) {
      for (const auto& [gaps, backpressure] : {std::pair{0.2, 0.4}, {0.0, 0.8}, {0.7, 0.0}}) {
        require_reference(commands, lanes_options(variant, gaps, backpressure, 23),
                          std::string(tools::scenario_name(scenario)) + " with stalls");
      }
    }
  }
}

TEST_CASE("rtl lanes: randomised initial values do not change the events",
          "[rtl][lanes][x]") {
  const std::vector<Command> commands =
      tools::generate(kConfig, tools::Scenario::Adversarial, 24, 6000);
  for (const Variant& variant : lane_variants()) {
    sim::RtlSimOptions options = lanes_options(variant);
    options.plusargs = {"+verilator+seed+7", "+verilator+rand+reset+2"};
    require_reference(commands, options, "adversarial, random initial values");
  }
}

// Commands taken and not yet finished (last event taken) never exceed OrderDepth + 2: one in the
// dispatcher's register, OrderDepth dispatched and not merged, and one whose last event sits in
// the output register. While one lane's command cannot finish (its event FIFO full, the event
// port stalled), the other lanes run up to that many commands ahead of it, no further.
struct InFlightRun {
  std::vector<Event> events;
  std::uint64_t max_in_flight = 0;
};

InFlightRun run_counting(const std::vector<Command>& commands, sim::RtlSimOptions options) {
  InFlightRun run;
  std::uint64_t accepted = 0;
  std::uint64_t finished = 0;
  options.port_observer = [&](const sim::RtlPortSample& port) {
    if (port.cmd_valid && port.cmd_ready) ++accepted;
    run.max_in_flight = std::max(run.max_in_flight, accepted - finished);
  };
  bool handed = false;
  sim::RtlSim rtl(options, kConfig);
  rtl.run(
      [&]() -> std::span<const Command> {
        if (handed) return {};
        handed = true;
        return commands;
      },
      [&](const Event& event) {
        run.events.push_back(event);
        if ((event.flags & kEventLast) != 0) ++finished;
      });
  const std::vector<Event> want = reference_events(kConfig, commands);
  INFO(first_difference(run.events, want));
  CHECK(run.events.size() == want.size());
  CHECK(std::memcmp(run.events.data(), want.data(), want.size() * sizeof(Event)) == 0);
  return run;
}

TEST_CASE("rtl lanes: the head-of-line bound", "[rtl][lanes]") {
  const std::uint64_t bound = sim::kRtlLaneOrderDepth + 2;
  for (unsigned lanes : sim::kRtlLaneCounts) {
    INFO(lanes << " lanes");
    sim::RtlSimOptions held = lanes_options({lanes, false});
    held.events_held_cycles = 2000;

    // One event each (SnapshotEnd of an empty book), spread over the lanes, the event port held:
    // the lanes take exactly the bound, then wait.
    std::vector<Command> spread;
    for (std::uint16_t i = 0; i < 64; ++i) spread.push_back(snapshot(i % kConfig.symbols));
    CHECK(run_counting(spread, held).max_in_flight == bound);

    // Every command into one lane, each with more events than its FIFO holds: the lane stalls,
    // its command queue fills and the dispatcher waits, below the bound.
    std::vector<Command> one_lane;
    for (std::uint32_t i = 0; i < 30; ++i) one_lane.push_back(limit(i, B, 10 + i, 1, 4));
    for (int i = 0; i < 20; ++i) one_lane.push_back(snapshot(4));
    CHECK(run_counting(one_lane, held).max_in_flight <= bound);

    // Generated traffic under heavy back-pressure reaches the bound and never passes it.
    for (tools::Scenario scenario : {tools::Scenario::Normal, tools::Scenario::Volatile}) {
      const std::vector<Command> commands = tools::generate(kConfig, scenario, 25, 6000);
      CHECK(run_counting(commands, lanes_options({lanes, false}, 0.0, 0.8, 26)).max_in_flight ==
            bound);
    }
    // Merged on the host, the lanes are bounded by their own queues only: they run further ahead.
    const std::vector<Command> commands =
        tools::generate(kConfig, tools::Scenario::Spread, 28, 6000);
    CHECK(run_counting(commands, lanes_options({lanes, true})).max_in_flight > bound);
  }
}
