// The expected event stream of a hand-written RTL test and its check. The commands, expected
// events and the byte comparison of streams come from tests/support.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "support/commands.hpp"
#include "support/event_text.hpp"
#include "support/expected_events.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/sim/rtl_sim.hpp"

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

// The core's events against the hand-written expectation; the expectation itself is checked
// against the reference model, so a misreading of the rules cannot hide in both.
inline void check_directed(const Expected& expected) {
  sim::RtlSim rtl;
  std::vector<Event> events;
  rtl.run(expected.commands(), events);
  const std::string diff = test::first_difference(events, expected.events());
  INFO("rtl vs expected: " << diff);
  CHECK(diff.empty());

  const std::vector<Event> oracle = test::reference_events(sim::kRtlConfig, expected.commands());
  const std::string oracle_diff = test::first_difference(oracle, expected.events());
  INFO("reference vs expected: " << oracle_diff);
  CHECK(oracle_diff.empty());
}

} // namespace twinmatch::rtl_test
