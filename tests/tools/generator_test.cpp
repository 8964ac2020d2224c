// The generator is a pure function of (config, scenario, seed, count), and its streams fit the
// configuration they are made for.
#include <catch2/catch.hpp>

#include <cstring>

#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

bool same_bytes(const std::vector<Command>& a, const std::vector<Command>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Command)) == 0;
}

// FNV-1a over the records' bytes.
std::uint64_t fingerprint(const std::vector<Command>& commands) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(commands.data());
  for (std::size_t i = 0; i < commands.size() * sizeof(Command); ++i) {
    hash = (hash ^ bytes[i]) * 0x100000001b3ull;
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

// Pins the streams themselves: a change of PRNG, arithmetic, evaluation order or standard
// library that alters the bytes fails here, on every compiler CI uses (g++ and clang agree on
// these values). Update a value only for an intended change of the generator.
TEST_CASE("each scenario has its pinned fingerprint", "[generator]") {
  CHECK(fingerprint(generate(kHardwareConfig, Scenario::Quiet, 2026, 3000)) ==
        0x32f7fb3b32f8f622ull);
  CHECK(fingerprint(generate(kHardwareConfig, Scenario::Normal, 2026, 3000)) ==
        0x45b7c2301586030aull);
  CHECK(fingerprint(generate(kHardwareConfig, Scenario::Volatile, 2026, 3000)) ==
        0xee381d25cc8f7dfaull);
  CHECK(fingerprint(generate(kHardwareConfig, Scenario::Adversarial, 2026, 3000)) ==
        0x4296d9f1eeaee902ull);
  CHECK(fingerprint(generate(kCpuConfig, Scenario::Adversarial, 2026, 3000)) ==
        0x8e30b3d58bef99d6ull);
  CHECK(fingerprint(generate(kHardwareConfig, Scenario::Banded, 2026, 3000)) ==
        0x4a6018ded50ab514ull);
  CHECK(fingerprint(generate(kCpuConfig, Scenario::Banded, 2026, 3000)) ==
        0xe101e4b23a6b51fbull);
}

TEST_CASE("well-formed scenarios stay inside the configuration", "[generator]") {
  for (const CoreConfig& config : {kHardwareConfig, kCpuConfig}) {
    for (const Scenario scenario : {Scenario::Quiet, Scenario::Normal, Scenario::Volatile}) {
      INFO(scenario_name(scenario) << " with " << config.price_levels << " levels");
      for (const Command& command : generate(config, scenario, 3, 5000)) {
        REQUIRE(command.version == kProtocolVersion);
        REQUIRE(command.order_type <= static_cast<std::uint8_t>(OrderType::StopLimit));
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

TEST_CASE("handle lanes: symbol s gets handles h with h % lanes == s % lanes", "[generator]") {
  const CoreConfig config{16, kHardwareConfig.price_levels, kHardwareConfig.handles,
                          kHardwareConfig.max_quantity};
  for (const Scenario scenario : {Scenario::Quiet, Scenario::Normal, Scenario::Volatile}) {
    for (const std::uint32_t lanes : {2u, 4u, 8u}) {
      INFO(scenario_name(scenario) << " with " << lanes << " handle lanes");
      const auto commands = generate(config, scenario, 5, 20000, GeneratorOptions{lanes});
      REQUIRE(commands.size() == 20000);
      std::size_t new_orders = 0;
      for (const Command& command : commands) {
        if (command.opcode != static_cast<std::uint8_t>(Opcode::NewOrder)) continue;
        ++new_orders;
        REQUIRE(command.handle % lanes == command.symbol % lanes);
      }
      CHECK(new_orders > 5000);
      // The pools change which handles orders get, so the stream differs from one free list's.
      CHECK_FALSE(same_bytes(commands, generate(config, scenario, 5, 20000)));
    }
  }
}

TEST_CASE("one handle lane is the default stream, byte for byte", "[generator]") {
  for (const Scenario scenario : kScenarios) {
    INFO(scenario_name(scenario));
    CHECK(same_bytes(generate(kHardwareConfig, scenario, 9, 3000, GeneratorOptions{1}),
                     generate(kHardwareConfig, scenario, 9, 3000)));
  }
}

TEST_CASE("an invalid handle-lane count gives an empty stream", "[generator]") {
  for (const std::uint32_t lanes : {0u, 3u, 512u}) {
    INFO(lanes);
    CHECK_FALSE(valid_handle_lanes(kHardwareConfig, lanes));
    CHECK(generate(kHardwareConfig, Scenario::Normal, 1, 100, GeneratorOptions{lanes}).empty());
  }
  CHECK_FALSE(valid_handle_lanes(CoreConfig{4, 256, 16, 100}, 32));  // more lanes than handles
  CHECK(valid_handle_lanes(kHardwareConfig, 256));
}
