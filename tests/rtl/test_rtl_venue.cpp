// The venue-sized build of the RTL (sim::kRtlVenueConfig: 256 symbols, a 4,096-tick band, 65,536
// handles, every 32-bit quantity) against the reference model built for the same configuration:
// byte-identical event streams on generated scenarios, once with input gaps and back-pressure.
#include <catch2/catch.hpp>

#include <cstring>

#include "support/event_text.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

using namespace twinmatch;

namespace {

void run_venue(tools::Scenario scenario, std::uint64_t seed, std::size_t count,
               const sim::RtlSimOptions& options = {}) {
  const std::vector<Command> commands =
      tools::generate(sim::kRtlVenueConfig, scenario, seed, count);
  REQUIRE(commands.size() == count);
  const std::vector<Event> want = test::reference_events(sim::kRtlVenueConfig, commands);
  sim::RtlSim rtl(options, sim::kRtlVenueConfig);
  std::vector<Event> got;
  rtl.run(commands, got);
  INFO(tools::scenario_name(scenario) << " seed " << seed << ": "
                                      << test::first_difference(got, want));
  REQUIRE(got.size() == want.size());
  REQUIRE(std::memcmp(got.data(), want.data(), want.size() * sizeof(Event)) == 0);
  tools::InvariantChecker checker(sim::kRtlVenueConfig);
  const auto violation = checker.check_stream(got);
  INFO(violation.value_or(""));
  CHECK(!violation.has_value());
}

} // namespace

TEST_CASE("rtl venue: every scenario matches the reference", "[rtl][venue]") {
  for (tools::Scenario scenario : tools::kScenarios) run_venue(scenario, 5, 20000);
}

TEST_CASE("rtl venue: gaps and back-pressure", "[rtl][venue]") {
  sim::RtlSimOptions options;
  options.gap_probability = 0.2;
  options.backpressure_probability = 0.4;
  options.seed = 9;
  run_venue(tools::Scenario::Banded, 6, 10000, options);
  run_venue(tools::Scenario::Adversarial, 6, 10000, options);
}

TEST_CASE("rtl venue: only the two built configurations have a model", "[rtl][venue]") {
  CHECK_THROWS_AS(sim::RtlSim({}, kCpuConfig), std::invalid_argument);
}
