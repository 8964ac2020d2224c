// The HLS core against the reference model (the oracle) and the sw engine (the CPU twin) on
// every generator scenario, several seeds each: event streams compared byte for byte.
// 300,000 commands per scenario.
#include <catch2/catch.hpp>

#include "hls_diff.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;

namespace {

constexpr std::size_t kCommandsPerSeed = 100000;

std::vector<Event> run_sw_engine(std::span<const Command> commands) {
  std::string error;
  const auto backend = tools::make_backend("sw", kHardwareConfig, {}, error);
  INFO(error);
  REQUIRE(backend);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(commands, events, metrics);
  return events;
}

void require_scenario_identical(tools::Scenario scenario) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    INFO(tools::scenario_name(scenario) << " seed " << seed);
    const std::vector<Command> commands =
        tools::generate(kHardwareConfig, scenario, seed, kCommandsPerSeed);
    REQUIRE(commands.size() == kCommandsPerSeed);
    const std::vector<Event> events = require_identical_to_reference(commands);
    CHECK(events.size() > commands.size());
    require_identical(events, run_sw_engine(commands), "hls", "sw");
  }
}

} // namespace

TEST_CASE("hls vs reference and sw: quiet scenario", "[hls][scenario]") {
  require_scenario_identical(tools::Scenario::Quiet);
}

TEST_CASE("hls vs reference and sw: normal scenario", "[hls][scenario]") {
  require_scenario_identical(tools::Scenario::Normal);
}

TEST_CASE("hls vs reference and sw: volatile scenario", "[hls][scenario]") {
  require_scenario_identical(tools::Scenario::Volatile);
}

TEST_CASE("hls vs reference and sw: adversarial scenario", "[hls][scenario]") {
  require_scenario_identical(tools::Scenario::Adversarial);
}

TEST_CASE("hls vs reference and sw: banded scenario", "[hls][scenario]") {
  require_scenario_identical(tools::Scenario::Banded);
}
