// The CLI's "sw" backend: registered by name, refuses what it cannot run, and emits the
// reference model's events byte for byte, run after run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>

#include "support/model_driver.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::tools {
namespace {

TEST_CASE("the registry builds the sw backend by name", "[sw_backend]") {
  const std::vector<std::string> names = backend_names();
  CHECK(std::find(names.begin(), names.end(), "sw") != names.end());
  std::string error;
  const auto backend = make_backend("sw", kCpuConfig, {}, error);
  REQUIRE(backend);
  CHECK(backend->name() == "sw");
  CHECK(backend->config() == kCpuConfig);
}

TEST_CASE("the sw backend refuses options and impossible configurations", "[sw_backend]") {
  std::string error;
  CHECK(make_backend("sw", kHardwareConfig, {{"seed", "1"}}, error) == nullptr);
  CHECK(error == "backend 'sw' takes no options (got 'seed')");
  CHECK(make_backend("sw", CoreConfig{0, 256, 16, 100}, {}, error) == nullptr);
  CHECK_THAT(error, Catch::StartsWith("backend 'sw' does not support the configuration"));
  CHECK(make_backend("sw", CoreConfig{65536, 0xFFFFFFF0u, 16, 100}, {}, error) == nullptr);
  CHECK(make_backend("sw", CoreConfig{4, 256, 0xFFFFFFFFu, 100}, {}, error) == nullptr);
}

TEST_CASE("the sw backend's events are the reference model's, byte for byte", "[sw_backend]") {
  std::string error;
  const auto backend = make_backend("sw", kHardwareConfig, {}, error);
  REQUIRE(backend);
  for (Scenario scenario : kScenarios) {
    const std::vector<Command> commands = generate(kHardwareConfig, scenario, 11, 5000);
    const std::vector<Event> expected = test::reference_events(kHardwareConfig, commands);
    for (int run = 0; run < 2; ++run) { // each run starts from a fresh core
      std::vector<Event> events;
      Metrics metrics;
      backend->run(commands, events, metrics);
      INFO("scenario " << scenario_name(scenario) << " run " << run);
      REQUIRE(events.size() == expected.size());
      CHECK(std::memcmp(events.data(), expected.data(), events.size() * sizeof(Event)) == 0);
      CHECK(std::any_of(metrics.begin(), metrics.end(), [](const auto& m) { return m.first == "ns_per_command"; }));
    }
  }
}

} // namespace
} // namespace twinmatch::tools
