#include "hls_diff.hpp"

#include <cstring>

#include <catch2/catch.hpp>

#include "hls_harness.hpp"
#include "support/event_text.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

namespace twinmatch::hlstest {

void require_identical(std::span<const Event> expected, std::span<const Event> actual,
                       const char* expected_name, const char* actual_name) {
  INFO(actual_name << " (got) against " << expected_name
                   << " (want): " << test::first_difference(actual, expected));
  REQUIRE(expected.size() == actual.size());
  REQUIRE(std::memcmp(expected.data(), actual.data(), expected.size() * sizeof(Event)) == 0);
}

namespace {

std::vector<Event> run_hls(std::span<const Command> commands, const CoreConfig& config) {
  std::vector<Event> events;
  if (config == hlscore::VenueConfig::kCore) {
    VenueHarness core;
    core.run(commands, events);
  } else {
    REQUIRE(config == hlscore::HwConfig::kCore);
    HlsHarness core;
    core.run(commands, events);
  }
  return events;
}

} // namespace

std::vector<Event> require_identical_to_reference(std::span<const Command> commands,
                                                  const CoreConfig& config) {
  const std::vector<Event> hls_events = run_hls(commands, config);
  require_identical(test::reference_events(config, commands), hls_events, "reference", "hls");

  tools::InvariantChecker checker(config);
  const auto violation = checker.check_stream(hls_events);
  INFO(violation.value_or(""));
  CHECK_FALSE(violation.has_value());
  CHECK(checker.commands_checked() == commands.size());
  return hls_events;
}

} // namespace twinmatch::hlstest
