// Test helpers for the HLS core: a fresh core per harness and a script of commands with their
// expected events (the builders of both are in tests/support).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "support/commands.hpp"
#include "support/expected_events.hpp"
#include "twinmatch/hls/core.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlstest {

// Runs commands through process_command on its own zero-initialised core state (one of the
// built sizes: hlscore::CoreState or hlscore::VenueCoreState).
template <class State>
class BasicHarness {
public:
  BasicHarness()
      : core_(std::make_unique<State>()),
        events_(std::make_unique<hls::stream<Event>>("events")) {}

  std::vector<Event> apply(const Command& command) {
    std::vector<Event> out;
    apply(command, out);
    return out;
  }

  void apply(const Command& command, std::vector<Event>& out) {
    hlscore::process_command(*core_, command, *events_);
    while (!events_->empty()) out.push_back(events_->read());
  }

  void run(std::span<const Command> commands, std::vector<Event>& out) {
    for (const Command& command : commands) apply(command, out);
  }

  const State& state() const { return *core_; }

private:
  std::unique_ptr<State> core_;
  std::unique_ptr<hls::stream<Event>> events_;
};

using HlsHarness = BasicHarness<hlscore::CoreState>;
using VenueHarness = BasicHarness<hlscore::VenueCoreState>;

// Drives one harness and checks each command's events against a written-out expectation. It
// keeps its own event and command counters, numbers the expected events from them
// (test::number_events), then compares byte for byte.
template <class Harness>
class BasicScript {
public:
  void expect(const Command& command, std::vector<Event> expected);
  Harness& harness() { return harness_; }

private:
  Harness harness_;
  std::uint64_t seq_ = 0;
  std::uint64_t cmd_seq_ = 0;
};

using Script = BasicScript<HlsHarness>;
using VenueScript = BasicScript<VenueHarness>;

} // namespace twinmatch::hlstest
