// The registry builds backends by name and refuses what it cannot build; the ref backend emits
// exactly what the reference model does.
#include <catch2/catch.hpp>

#include <cstring>

#include "reference/reference_model.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

TEST_CASE("the registry lists the ref backend and builds it by name", "[backends]") {
  const std::vector<std::string> names = backend_names();
  CHECK(std::find(names.begin(), names.end(), "ref") != names.end());
  std::string error;
  const auto backend = make_backend("ref", kHardwareConfig, {}, error);
  REQUIRE(backend);
  CHECK(backend->name() == "ref");
  CHECK(backend->config() == kHardwareConfig);
}

TEST_CASE("an unknown name is refused with the known ones", "[backends]") {
  std::string error;
  CHECK(make_backend("fpga9000", kHardwareConfig, {}, error) == nullptr);
  CHECK_THAT(error, Catch::StartsWith("unknown backend 'fpga9000' (known: ref"));
}

TEST_CASE("the ref backend refuses options and impossible configurations", "[backends]") {
  std::string error;
  CHECK(make_backend("ref", kHardwareConfig, {{"trace", "x.fst"}}, error) == nullptr);
  CHECK(error == "backend 'ref' takes no options (got 'trace')");
  CHECK(make_backend("ref", CoreConfig{4, 256, 0xffffffffu, 100}, {}, error) == nullptr);
  CHECK_THAT(error, Catch::StartsWith("backend 'ref' does not support the configuration"));
  CHECK(make_backend("ref", CoreConfig{0, 256, 16, 100}, {}, error) == nullptr);
}

TEST_CASE("the ref backend's events are the reference model's, byte for byte", "[backends]") {
  const std::vector<Command> commands = generate(kHardwareConfig, Scenario::Adversarial, 5, 3000);
  ref::ReferenceModel model(kHardwareConfig);
  std::vector<Event> expected;
  for (const Command& command : commands) model.apply(command, expected);

  std::string error;
  const auto backend = make_backend("ref", kHardwareConfig, {}, error);
  REQUIRE(backend);
  std::vector<Event> events;
  Metrics metrics;
  backend->run(commands, events, metrics);
  REQUIRE(events.size() == expected.size());
  CHECK(std::memcmp(events.data(), expected.data(), events.size() * sizeof(Event)) == 0);

  // A second run starts from a fresh core.
  std::vector<Event> again;
  backend->run(commands, again, metrics);
  REQUIRE(again.size() == expected.size());
  CHECK(std::memcmp(again.data(), expected.data(), again.size() * sizeof(Event)) == 0);
}
