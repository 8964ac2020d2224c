// Every generator scenario, several seeds: the RTL event stream is byte-identical (memcmp) to the
// reference model's; once more with random input gaps and output back-pressure. 102,000
// commands per scenario in the plain runs.
#include <catch2/catch.hpp>

#include <cstring>

#include "rtl_test_util.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;

namespace {

constexpr std::size_t kCommandsPerSeed = 34000;

void run_scenario(tools::Scenario scenario) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const std::vector<Command> commands =
        tools::generate(sim::kRtlConfig, scenario, seed, kCommandsPerSeed);
    REQUIRE(commands.size() == kCommandsPerSeed);
    const std::vector<Event> want = test::reference_events(sim::kRtlConfig, commands);

    sim::RtlSimOptions options;
    if (seed == 3) {  // the last seed runs with stalls on both sides
      options.gap_probability = 0.2;
      options.backpressure_probability = 0.4;
      options.seed = seed;
    }
    sim::RtlSim rtl(options);
    std::vector<Event> got;
    const sim::RtlRunStats stats = rtl.run(commands, got);
    INFO(tools::scenario_name(scenario) << " seed " << seed << ": "
                                        << test::first_difference(got, want));
    REQUIRE(got.size() == want.size());
    REQUIRE(std::memcmp(got.data(), want.data(), want.size() * sizeof(Event)) == 0);
    CHECK(stats.run_cycles >= got.size());  // never more than one event per cycle
  }
}

} // namespace

TEST_CASE("rtl scenario: quiet", "[rtl][scenario]") { run_scenario(tools::Scenario::Quiet); }
TEST_CASE("rtl scenario: normal", "[rtl][scenario]") { run_scenario(tools::Scenario::Normal); }
TEST_CASE("rtl scenario: volatile", "[rtl][scenario]") { run_scenario(tools::Scenario::Volatile); }
TEST_CASE("rtl scenario: adversarial", "[rtl][scenario]") {
  run_scenario(tools::Scenario::Adversarial);
}
TEST_CASE("rtl scenario: banded", "[rtl][scenario]") { run_scenario(tools::Scenario::Banded); }
