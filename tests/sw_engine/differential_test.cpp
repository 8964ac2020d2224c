// The engine against the reference model, byte for byte (memcmp of the event records), on every
// scenario and many seeds: 1,120,000 commands in all.
#include <catch2/catch.hpp>

#include "differential.hpp"
#include "scenarios.hpp"

namespace twinmatch::sw_test {
namespace {

constexpr std::size_t kCommandsPerRun = 10000;
constexpr std::uint64_t kSeedsPerScenario = 16;

TEST_CASE("engine events equal the reference model's on every scenario", "[differential]") {
  std::size_t commands = 0;
  std::size_t events = 0;
  for (const Scenario& scenario : scenarios()) {
    for (std::uint64_t seed = 1; seed <= kSeedsPerScenario; ++seed) {
      RandomStream stream(scenario.config, scenario.shape, seed);
      const std::vector<Command> batch = stream.take(kCommandsPerRun);
      const DiffResult result = diff_against_reference(scenario.config, batch);
      INFO("scenario " << scenario.name << " seed " << seed << "\n" << result.mismatch.value_or(""));
      REQUIRE(!result.mismatch);
      commands += batch.size();
      events += result.events;
    }
  }
  CHECK(commands == scenarios().size() * kSeedsPerScenario * kCommandsPerRun);
  CHECK(events > commands); // the streams did more than reject
}

} // namespace
} // namespace twinmatch::sw_test
