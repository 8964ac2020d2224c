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
  // The second is big enough (over 4 MiB of pools) for the batch apply to prefetch. The third's
  // bands span four pages of the index (65,536 ticks each), its blocks still dense (band moves
  // copy them); the fourth's 40 pages are too many for dense blocks: taken from the pools, given
  // back, re-filed across pages by band moves.
  const CoreConfig configs[] = {kHardwareConfig, CoreConfig{16, 16384, 1 << 16, 1000000},
                                CoreConfig{4, 3 * 65536 + 100, 1 << 12, 1000000},
                                CoreConfig{4, 40 * 65536, 1 << 12, 1000000}};
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
  CHECK(commands == std::size(configs) * tools::kScenarios.size() * kSeeds * kCommands);
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

// The engine keeps each side's prices as ranks (a bid's rank counts down from the top price);
// the ends of the range are where that arithmetic would go wrong. Orders at the lowest and the
// highest price on both sides, crossing there, swept by market and FOK orders, post-only and
// repriced at the ends, snapshotted: on a range of 65 prices (a bitmap word and one price
// more) and of a single price.
TEST_CASE("engine events equal the reference model's at both ends of the price range", "[differential]") {
  for (const std::uint32_t prices : {65u, 1u}) {
    const CoreConfig config{2, prices, 32, 1000};
    const std::uint32_t top = prices - 1;
    const std::vector<Command> commands = {
        limit(0, Side::Buy, 0, 5), limit(1, Side::Buy, top, 5), limit(2, Side::Sell, top, 3),
        limit(3, Side::Sell, 0, 4), snapshot(0, 0),
        limit(4, Side::Sell, top, 6), limit(5, Side::Buy, 0, 2), limit(6, Side::Sell, 0, 1, 1),
        post_only(limit(7, Side::Buy, 0, 1, 1)), post_only(limit(8, Side::Sell, top, 1, 1)),
        limit(9, Side::Buy, top, 9, 1), snapshot(1, 0),
        with_tif(limit(10, Side::Sell, 0, 50), TimeInForce::Fok),
        with_tif(limit(11, Side::Sell, 0, 3), TimeInForce::Fok),
        market(12, Side::Sell, 100), market(13, Side::Buy, 100), snapshot(0, 0),
        limit(14, Side::Buy, 0, 7), limit(15, Side::Sell, top, 7), modify(14, top, 7), modify(15, 0, 7),
        limit(16, Side::Buy, top, 2), modify(16, 0, 2), cancel(16), mass_cancel(0), mass_cancel(1),
        snapshot(0, 0),
    };
    const DiffResult result = diff_against_reference(config, commands);
    INFO("price levels " << prices << "\n" << result.mismatch.value_or(""));
    CHECK(!result.mismatch);
    CHECK(result.events > 3 * commands.size() / 2);
  }
}

} // namespace
} // namespace twinmatch::sw_test
