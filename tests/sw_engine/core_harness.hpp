// A core fed commands one at a time, whose tests check one command's events against a
// hand-written list, filling in what every event of that command shares: seq, cmd_seq,
// cmd_opcode, the last flag.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <vector>

#include "commands.hpp"
#include "support/expected_events.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

namespace twinmatch::sw_test {

template <class Sink = sw::VectorSink>
class CoreHarness {
public:
  explicit CoreHarness(const CoreConfig& config) : core_(config, events_) {}

  void apply(std::initializer_list<Command> commands) {
    for (const Command& c : commands) core_.apply(c);
  }

  void expect(const Command& c, std::vector<Event> expected) {
    const std::size_t first = events_.size();
    core_.apply(c);
    std::uint64_t last_seq = first;
    test::number_events(expected, c, last_seq, core_.commands());
    const std::vector<Event> actual(events_.begin() + static_cast<std::ptrdiff_t>(first), events_.end());
    INFO("expected:\n" << describe_all(expected) << "actual:\n" << describe_all(actual));
    CHECK(same_bytes(actual, expected));
  }

  const sw::OrderBook& book() const { return core_.book(); }
  sw::Core<Sink>& core() { return core_; }

private:
  std::vector<Event> events_;
  sw::Core<Sink> core_;
};

} // namespace twinmatch::sw_test
