// The engine against the reference model, byte for byte (memcmp of the event records), on every
// scenario of the shared generator and of this folder's random streams, many seeds each:
// 1,120,000 + 640,000 commands in all.
#include <catch2/catch.hpp>

#include "differential.hpp"
#include "scenarios.hpp"
#include "twinmatch/tools/generator.hpp"

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

TEST_CASE("engine events equal the reference model's on every generator scenario", "[differential]") {
  constexpr std::size_t kCommands = 20000;
  constexpr std::uint64_t kSeeds = 4;
  // The second is big enough (over 4 MiB of pools) for the batch apply to prefetch.
  const CoreConfig configs[] = {kHardwareConfig, CoreConfig{16, 16384, 1 << 16, 1000000}};
  std::size_t commands = 0;
  for (const CoreConfig& config : configs) {
    for (tools::Scenario scenario : tools::kScenarios) {
      for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const std::vector<Command> batch = tools::generate(config, scenario, seed, kCommands);
        REQUIRE(batch.size() == kCommands);
        const DiffResult result = diff_against_reference(config, batch);
        INFO("scenario " << tools::scenario_name(scenario) << " seed " << seed << " config symbols "
                         << config.symbols << "\n" << result.mismatch.value_or(""));
        REQUIRE(!result.mismatch);
        commands += batch.size();
      }
    }
  }
  CHECK(commands == 2 * tools::kScenarios.size() * kSeeds * kCommands);
}

TEST_CASE("the batch apply emits exactly what one apply per command does", "[differential]") {
  const CoreConfig config{16, 16384, 1 << 16, 1000000}; // prefetching (over 4 MiB of pools)
  for (tools::Scenario scenario : tools::kScenarios) {
    const std::vector<Command> batch = tools::generate(config, scenario, 99, 20000);
    std::vector<Event> one_by_one;
    std::vector<Event> batched;
    sw::Core<sw::VectorSink> single(config, one_by_one);
    sw::Core<sw::VectorSink> whole(config, batched);
    for (const Command& c : batch) single.apply(c);
    whole.apply(std::span<const Command>(batch));
    INFO("scenario " << tools::scenario_name(scenario));
    CHECK(same_bytes(one_by_one, batched));
  }
}

} // namespace
} // namespace twinmatch::sw_test
