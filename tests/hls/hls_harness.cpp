#include "hls_harness.hpp"

#include <algorithm>
#include <cstring>

#include <catch2/catch.hpp>
#include <fmt/format.h>


namespace twinmatch::hlstest {

std::string describe(const Event& e) {
  return fmt::format("{{type {} flags {} side {} reason {} symbol {} opcode {} res0 {} seq {} "
                     "cmd_seq {} handle {} maker {} price {} qty {} rem {} maker_rem {} "
                     "level_qty {} count {} res1 {}}}",
                     e.type, e.flags, e.side, e.reason, e.symbol, e.cmd_opcode, e.reserved0,
                     e.seq, e.cmd_seq, e.handle, e.maker_handle, e.price, e.quantity, e.remaining,
                     e.maker_remaining, e.level_quantity, e.order_count, e.reserved1);
}

void Script::expect(const Command& command, std::vector<Event> expected) {
  REQUIRE_FALSE(expected.empty());
  test::number_events(expected, command, seq_, ++cmd_seq_);

  const std::vector<Event> actual = harness_.apply(command);
  INFO("command " << cmd_seq_ << " (opcode " << int{command.opcode} << ")");
  const std::size_t common = std::min(actual.size(), expected.size());
  for (std::size_t i = 0; i < common; ++i) {
    INFO("event " << i << "\n  expected " << describe(expected[i]) << "\n  actual   "
                  << describe(actual[i]));
    CHECK(std::memcmp(&actual[i], &expected[i], sizeof(Event)) == 0);
  }
  for (std::size_t i = common; i < actual.size(); ++i)
    UNSCOPED_INFO("unexpected extra event " << describe(actual[i]));
  REQUIRE(actual.size() == expected.size());
}

} // namespace twinmatch::hlstest
