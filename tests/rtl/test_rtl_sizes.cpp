// The other sizes of the RTL, each its own verilated model, against the reference model built for
// the same configuration: byte-identical event streams on generated scenarios, also with input
// gaps and back-pressure. sim::kRtlVenueConfig: 256 symbols, a 4,096-tick band, 65,536 handles,
// every 32-bit quantity. sim::kRtlTinyConfig: 2 symbols, a 64-tick band (one word per book side),
// 64 handles.
#include <catch2/catch.hpp>

#include <cstring>

#include "support/event_text.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

using namespace twinmatch;

namespace {

void run_sized(const CoreConfig& config, tools::Scenario scenario, std::uint64_t seed,
               std::size_t count, const sim::RtlSimOptions& options = {}) {
  const std::vector<Command> commands = tools::generate(config, scenario, seed, count);
  REQUIRE(commands.size() == count);
  const std::vector<Event> want = test::reference_events(config, commands);
  sim::RtlSim rtl(options, config);
  std::vector<Event> got;
  rtl.run(commands, got);
  INFO(tools::scenario_name(scenario) << " seed " << seed << ": "
                                      << test::first_difference(got, want));
  REQUIRE(got.size() == want.size());
  REQUIRE(std::memcmp(got.data(), want.data(), want.size() * sizeof(Event)) == 0);
  tools::InvariantChecker checker(config);
  const auto violation = checker.check_stream(got);
  INFO(violation.value_or(""));
  CHECK(!violation.has_value());
}

sim::RtlSimOptions stalls(std::uint64_t seed) {
  sim::RtlSimOptions options;
  options.gap_probability = 0.2;
  options.backpressure_probability = 0.4;
  options.seed = seed;
  return options;
}

} // namespace

TEST_CASE("rtl venue: every scenario matches the reference", "[rtl][venue]") {
  for (tools::Scenario scenario : tools::kScenarios) {
    run_sized(sim::kRtlVenueConfig, scenario, 5, 20000);
  }
}

TEST_CASE("rtl venue: gaps and back-pressure", "[rtl][venue]") {
  run_sized(sim::kRtlVenueConfig, tools::Scenario::Banded, 6, 10000, stalls(9));
  run_sized(sim::kRtlVenueConfig, tools::Scenario::Adversarial, 6, 10000, stalls(9));
}

TEST_CASE("rtl tiny: every scenario matches the reference", "[rtl][tiny]") {
  for (tools::Scenario scenario : tools::kScenarios) {
    for (std::uint64_t seed : {1u, 2u}) run_sized(sim::kRtlTinyConfig, scenario, seed, 20000);
  }
}

TEST_CASE("rtl tiny: gaps and back-pressure", "[rtl][tiny]") {
  run_sized(sim::kRtlTinyConfig, tools::Scenario::Banded, 3, 10000, stalls(4));
  run_sized(sim::kRtlTinyConfig, tools::Scenario::Adversarial, 3, 10000, stalls(4));
}

TEST_CASE("rtl tiny and venue: randomised initial values do not change the events", "[rtl][x]") {
  sim::RtlSimOptions options;
  options.plusargs = {"+verilator+seed+7", "+verilator+rand+reset+2"};
  run_sized(sim::kRtlTinyConfig, tools::Scenario::Banded, 8, 6000, options);
  run_sized(sim::kRtlVenueConfig, tools::Scenario::Banded, 8, 6000, options);
}

TEST_CASE("rtl sizes: only the built configurations have a model", "[rtl][venue]") {
  CHECK_THROWS_AS(sim::RtlSim({}, kCpuConfig), std::invalid_argument);
}
