// The expected event stream of a hand-written RTL test, and byte comparison of streams. The
// commands and expected events come from tests/support.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/commands.hpp"
#include "support/expected_events.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::rtl_test {

// The expected stream: per command its events; numbering and the last flag are filled in.
class Expected {
public:
  void add(const Command& command, std::vector<Event> events) {
    test::number_events(events, command, seq_, ++cmd_seq_);
    stream_.insert(stream_.end(), events.begin(), events.end());
    commands_.push_back(command);
  }
  const std::vector<Event>& events() const { return stream_; }
  const std::vector<Command>& commands() const { return commands_; }

private:
  std::vector<Event> stream_;
  std::vector<Command> commands_;
  std::uint64_t seq_ = 0;
  std::uint64_t cmd_seq_ = 0;
};

inline std::string describe(const Event& e) {
  return fmt::format(
      "type={} flags={} side={} reason={} sym={} op={} seq={} cmd_seq={} handle={} maker={} "
      "price={} qty={} rem={} mrem={} lq={} count={} r0={} r1={}",
      e.type, e.flags, e.side, e.reason, e.symbol, e.cmd_opcode, e.seq, e.cmd_seq, e.handle,
      e.maker_handle, e.price, e.quantity, e.remaining, e.maker_remaining, e.level_quantity,
      e.order_count, e.reserved0, e.reserved1);
}

// Byte comparison of two streams; on a difference, a description of the first one.
inline std::string first_difference(const std::vector<Event>& got, const std::vector<Event>& want) {
  const std::size_t n = got.size() < want.size() ? got.size() : want.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (std::memcmp(&got[i], &want[i], sizeof(Event)) != 0) {
      return fmt::format("event {}:\n  got  {}\n  want {}", i, describe(got[i]), describe(want[i]));
    }
  }
  if (got.size() != want.size()) {
    return fmt::format("stream lengths differ: got {} want {}", got.size(), want.size());
  }
  return {};
}

} // namespace twinmatch::rtl_test
