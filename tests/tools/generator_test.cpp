// The generator is a pure function of (config, scenario, seed, count), and its streams fit the
// configuration they are made for.
#include <catch2/catch.hpp>

#include <cstring>

#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/stream_file.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

bool same_bytes(const std::vector<Command>& a, const std::vector<Command>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Command)) == 0;
}

// FNV-1a over the stream's bytes.
std::uint64_t fingerprint(const std::vector<Command>& commands) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const std::byte byte : encode_command_stream(kHardwareConfig, commands)) {
    hash = (hash ^ std::to_integer<std::uint64_t>(byte)) * 0x100000001b3ull;
  }
  return hash;
}

} // namespace

TEST_CASE("the same seed gives the same bytes", "[generator]") {
  for (const Scenario scenario : kScenarios) {
    INFO(scenario_name(scenario));
    const auto first = generate(kHardwareConfig, scenario, 42, 5000);
    const auto second = generate(kHardwareConfig, scenario, 42, 5000);
    CHECK(first.size() == 5000);
    CHECK(same_bytes(first, second));
  }
}

TEST_CASE("different seeds give different streams", "[generator]") {
  for (const Scenario scenario : kScenarios) {
    INFO(scenario_name(scenario));
    CHECK_FALSE(same_bytes(generate(kHardwareConfig, scenario, 1, 2000),
                           generate(kHardwareConfig, scenario, 2, 2000)));
  }
}

TEST_CASE("scenarios differ from one another", "[generator]") {
  CHECK_FALSE(same_bytes(generate(kHardwareConfig, Scenario::Quiet, 5, 2000),
                         generate(kHardwareConfig, Scenario::Normal, 5, 2000)));
}

// Pins the stream itself: a change of PRNG, arithmetic or standard library that alters the
// bytes fails here (and on every compiler CI uses). Update the value only for an intended change.
TEST_CASE("a normal stream has the pinned fingerprint", "[generator]") {
  CHECK(fingerprint(generate(kHardwareConfig, Scenario::Normal, 2026, 3000)) ==
        0x2588e6a09168bcb8ull);
}

TEST_CASE("well-formed scenarios stay inside the configuration", "[generator]") {
  for (const CoreConfig& config : {kHardwareConfig, kCpuConfig}) {
    for (const Scenario scenario : {Scenario::Quiet, Scenario::Normal, Scenario::Volatile}) {
      INFO(scenario_name(scenario) << " with " << config.price_levels << " levels");
      for (const Command& command : generate(config, scenario, 3, 5000)) {
        REQUIRE(command.version == kProtocolVersion);
        REQUIRE(command.symbol < config.symbols);
        REQUIRE(command.handle < config.handles);
        REQUIRE(command.price < config.price_levels);
        REQUIRE(command.quantity <= config.max_quantity);
      }
    }
  }
}

TEST_CASE("scenario names round-trip", "[generator]") {
  for (const Scenario scenario : kScenarios) {
    CHECK(scenario_from_name(scenario_name(scenario)) == scenario);
  }
  CHECK_FALSE(scenario_from_name("calm").has_value());
}

TEST_CASE("a configuration too small to generate for gives an empty stream", "[generator]") {
  CHECK(generate(CoreConfig{0, 256, 4096, 100}, Scenario::Normal, 1, 100).empty());
  CHECK(generate(CoreConfig{4, 4, 4096, 100}, Scenario::Normal, 1, 100).empty());
}
