// The CLI's "hls" backend: built by name, refuses every configuration but kHardwareConfig and
// the venue configuration, and any option, and emits exactly the reference backend's events,
// from a fresh core each run.
#include <cstring>

#include <catch2/catch.hpp>

#include "twinmatch/hls/hw_config.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

TEST_CASE("hls backend: registered and built for kHardwareConfig", "[hls][backend]") {
  const std::vector<std::string> names = backend_names();
  CHECK(std::find(names.begin(), names.end(), "hls") != names.end());
  std::string error;
  const auto backend = make_backend("hls", kHardwareConfig, {}, error);
  REQUIRE(backend);
  CHECK(backend->name() == "hls");
  CHECK(backend->config() == kHardwareConfig);
  const auto venue = make_backend("hls", hlscore::kVenueConfig, {}, error);
  REQUIRE(venue);
  CHECK(venue->config() == hlscore::kVenueConfig);
}

TEST_CASE("hls backend: refuses other configurations and options, saying why", "[hls][backend]") {
  std::string error;
  CHECK(make_backend("hls", kCpuConfig, {}, error) == nullptr);
  CHECK_THAT(error, Catch::StartsWith("backend 'hls' is compiled for the hardware configuration"));
  CHECK_THAT(error, Catch::Contains("and the venue configuration"));
  CHECK_THAT(error, Catch::Contains("symbols 64"));
  error.clear();
  CHECK(make_backend("hls", CoreConfig{4, 256, 4096, 999999}, {}, error) == nullptr);
  CHECK_FALSE(error.empty());
  error.clear();
  CHECK(make_backend("hls", kHardwareConfig, {{"trace", "x.fst"}}, error) == nullptr);
  CHECK(error == "backend 'hls' takes no options (got 'trace')");
}

TEST_CASE("hls backend: the reference backend's events, byte for byte, fresh core per run",
          "[hls][backend]") {
  const bool venue = GENERATE(false, true);
  const CoreConfig config = venue ? hlscore::kVenueConfig : kHardwareConfig;
  INFO((venue ? "venue" : "hardware") << " configuration");
  const std::vector<Command> commands =
      generate(config, venue ? Scenario::Banded : Scenario::Volatile, 9, 20000);
  std::string error;
  const auto reference = make_backend("ref", config, {}, error);
  const auto hls = make_backend("hls", config, {}, error);
  REQUIRE(reference);
  REQUIRE(hls);
  std::vector<Event> expected;
  Metrics metrics;
  reference->run(commands, expected, metrics);

  for (int run = 0; run < 2; ++run) {
    std::vector<Event> events;
    Metrics hls_metrics;
    hls->run(commands, events, hls_metrics);
    REQUIRE(events.size() == expected.size());
    CHECK(std::memcmp(events.data(), expected.data(), events.size() * sizeof(Event)) == 0);
    REQUIRE(hls_metrics.size() == 1);
    CHECK(hls_metrics[0].first == "max_events_per_command");
    CHECK(hls_metrics[0].second >= 2);
  }
}
