#include "hls_harness.hpp"

#include <algorithm>
#include <cstring>

#include <catch2/catch.hpp>

#include "support/event_text.hpp"

namespace twinmatch::hlstest {

template <class Harness>
void BasicScript<Harness>::expect(const Command& command, std::vector<Event> expected) {
  REQUIRE_FALSE(expected.empty());
  test::number_events(expected, command, seq_, ++cmd_seq_);

  const std::vector<Event> actual = harness_.apply(command);
  INFO("command " << cmd_seq_ << " (opcode " << int{command.opcode} << ")");
  const std::size_t common = std::min(actual.size(), expected.size());
  for (std::size_t i = 0; i < common; ++i) {
    INFO("event " << i << "\n  expected " << test::describe(expected[i]) << "\n  actual   "
                  << test::describe(actual[i]));
    CHECK(std::memcmp(&actual[i], &expected[i], sizeof(Event)) == 0);
  }
  for (std::size_t i = common; i < actual.size(); ++i)
    UNSCOPED_INFO("unexpected extra event " << test::describe(actual[i]));
  REQUIRE(actual.size() == expected.size());
}

template class BasicScript<HlsHarness>;
template class BasicScript<VenueHarness>;

} // namespace twinmatch::hlstest
