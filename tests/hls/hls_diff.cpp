#include "hls_diff.hpp"

#include <algorithm>
#include <cstring>

#include <catch2/catch.hpp>

#include "hls_harness.hpp"
#include "reference/reference_model.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

namespace twinmatch::hlstest {

void require_identical(std::span<const Event> expected, std::span<const Event> actual,
                       const char* expected_name, const char* actual_name) {
  const std::size_t common = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (std::memcmp(&expected[i], &actual[i], sizeof(Event)) != 0) {
      INFO("event " << i << " (command " << expected[i].cmd_seq << ")\n  " << expected_name
                    << ": " << describe(expected[i]) << "\n  " << actual_name << ": "
                    << describe(actual[i]));
      FAIL(actual_name << "'s events differ from " << expected_name << "'s");
    }
  }
  INFO(expected_name << ": " << expected.size() << " events, " << actual_name << ": "
                     << actual.size());
  REQUIRE(expected.size() == actual.size());
  REQUIRE(std::memcmp(expected.data(), actual.data(), expected.size() * sizeof(Event)) == 0);
}

std::vector<Event> require_identical_to_reference(std::span<const Command> commands) {
  HlsHarness hls_core;
  ref::ReferenceModel reference(kHardwareConfig);
  std::vector<Event> hls_events;
  std::vector<Event> reference_events;
  hls_core.run(commands, hls_events);
  for (const Command& command : commands) reference.apply(command, reference_events);
  require_identical(reference_events, hls_events, "reference", "hls");

  tools::InvariantChecker checker(kHardwareConfig);
  const auto violation = checker.check_stream(hls_events);
  INFO(violation.value_or(""));
  CHECK_FALSE(violation.has_value());
  CHECK(checker.commands_checked() == commands.size());
  return hls_events;
}

} // namespace twinmatch::hlstest
