// The HLS core against the reference model (the oracle): the same commands must give the same
// event stream, compared byte for byte.
#include <cstring>
#include <set>

#include <catch2/catch.hpp>

#include "edge_stream.hpp"
#include "hls_harness.hpp"
#include "reference/reference_model.hpp"
#include "support/invariant_checker.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;

namespace {

// Runs both, then compares the event streams byte for byte; reports the first difference.
void require_identical_to_reference(const std::vector<Command>& commands) {
  HlsHarness hls_core;
  ref::ReferenceModel reference(kHardwareConfig);
  std::vector<Event> hls_events;
  std::vector<Event> reference_events;
  hls_core.run(commands, hls_events);
  for (const Command& command : commands) reference.apply(command, reference_events);

  const std::size_t common = std::min(hls_events.size(), reference_events.size());
  std::size_t first_difference = common;
  for (std::size_t i = 0; i < common; ++i) {
    if (std::memcmp(&hls_events[i], &reference_events[i], sizeof(Event)) != 0) {
      first_difference = i;
      break;
    }
  }
  if (first_difference < common) {
    INFO("event " << first_difference << " (command " << hls_events[first_difference].cmd_seq
                  << ")\n  reference " << describe(reference_events[first_difference])
                  << "\n  hls       " << describe(hls_events[first_difference]));
    FAIL("the HLS core's events differ from the reference model's");
  }
  REQUIRE(hls_events.size() == reference_events.size());
  CHECK(std::memcmp(hls_events.data(), reference_events.data(),
                    hls_events.size() * sizeof(Event)) == 0);

  // The comparison means something only if the stream reached every kind of outcome.
  std::set<int> types, cancel_reasons, reject_reasons;
  for (const Event& event : hls_events) {
    types.insert(event.type);
    if (event.type == static_cast<std::uint8_t>(EventType::Cancelled)) cancel_reasons.insert(event.reason);
    if (event.type == static_cast<std::uint8_t>(EventType::Rejected)) reject_reasons.insert(event.reason);
  }
  CHECK(types == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(cancel_reasons == std::set<int>{1, 2, 3, 4, 5, 6});
  CHECK(reject_reasons == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

  test::InvariantChecker checker(kHardwareConfig);
  const auto violation = checker.check_stream(hls_events);
  INFO(violation.value_or(""));
  CHECK_FALSE(violation.has_value());
  CHECK(checker.commands_checked() == commands.size());
}

} // namespace

TEST_CASE("hls vs reference: edge-of-table streams, several seeds", "[hls][diff]") {
  const std::uint64_t seed = GENERATE(1, 2, 3, 0x5eed);
  INFO("seed " << seed);
  require_identical_to_reference(make_edge_stream(seed, 50000));
}
