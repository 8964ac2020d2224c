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

// Every seed against the reference first, then against the sw engine, so that a difference of
// the twin's is told apart from one of the HLS core's.
void require_scenario_identical(tools::Scenario scenario) {
  const std::uint64_t seeds[] = {1, 2, 3};
  std::vector<std::vector<Command>> commands;
  std::vector<std::vector<Event>> events;
  for (const std::uint64_t seed : seeds) {
    INFO(tools::scenario_name(scenario) << " seed " << seed);
    commands.push_back(tools::generate(kHardwareConfig, scenario, seed, kCommandsPerSeed));
    REQUIRE(commands.back().size() == kCommandsPerSeed);
    events.push_back(require_identical_to_reference(commands.back()));
    CHECK(events.back().size() > commands.back().size());
  }
  for (std::size_t i = 0; i < commands.size(); ++i) {
    INFO(tools::scenario_name(scenario) << " seed " << seeds[i]);
    require_identical(events[i], run_sw_engine(commands[i]), "hls", "sw");
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
