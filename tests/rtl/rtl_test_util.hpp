// The expected event stream of a hand-written RTL test. The commands, expected events and the
// byte comparison of streams come from tests/support.
#pragma once

#include <cstdint>
#include <vector>

#include "support/commands.hpp"
#include "support/event_text.hpp"
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

} // namespace twinmatch::rtl_test
