// The synthesis tops themselves (twinmatch_hls_top, twinmatch_hls_venue_top): their static state,
// the start-of-day clear input and TLAST on the event beats. Each top's stream must equal the
// reference model's byte for byte from start of day, again after a clear that follows a busy
// session, and TLAST must be set on exactly the last event of every command.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "hls_diff.hpp"
#include "twinmatch/hls/core.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;

namespace {

using Top = void (*)(bool, hls::stream<Command>&, hls::stream<hlscore::EventBeat>&);

struct TopRun {
  std::vector<Event> events;
  std::size_t tlast_beats = 0;
  std::size_t tlast_mismatches = 0; // beats whose TLAST differs from the event's last flag
};

// Start of day (clear), then every command through the top.
TopRun run_top_from_start_of_day(Top top, std::span<const Command> commands) {
  hls::stream<Command> command_in("command_in");
  hls::stream<hlscore::EventBeat> event_out("event_out");
  command_in.write(commands.front());
  top(true, command_in, event_out);
  // A clearing invocation reads no command and writes no event.
  REQUIRE(command_in.size() == 1);
  REQUIRE(event_out.empty());
  command_in.read();

  TopRun run;
  for (const Command& command : commands) {
    command_in.write(command);
    top(false, command_in, event_out);
    while (!event_out.empty()) {
      const hlscore::EventBeat beat = event_out.read();
      if (beat.last) ++run.tlast_beats;
      if (beat.last != ((beat.data.flags & kEventLast) != 0)) ++run.tlast_mismatches;
      run.events.push_back(beat.data);
    }
  }
  return run;
}

void require_top_matches_reference(Top top, const CoreConfig& config,
                                   std::span<const Command> session,
                                   std::span<const Command> other_session) {
  const std::vector<Event> reference = require_identical_to_reference(session, config);

  const TopRun first = run_top_from_start_of_day(top, session);
  require_identical(reference, first.events, "reference", "top");
  CHECK(first.tlast_beats == session.size());
  CHECK(first.tlast_mismatches == 0);

  // Leave the static state busy with another session, then clear and replay.
  const TopRun busy = run_top_from_start_of_day(top, other_session);
  CHECK(busy.tlast_mismatches == 0);
  const TopRun after_clear = run_top_from_start_of_day(top, session);
  require_identical(reference, after_clear.events, "reference", "top after a clear");
  CHECK(after_clear.tlast_beats == session.size());
}

} // namespace

TEST_CASE("hls top: start-of-day clear and TLAST, small core", "[hls][top]") {
  const auto session = tools::generate(kHardwareConfig, tools::Scenario::Adversarial, 31, 20000);
  const auto other = tools::generate(kHardwareConfig, tools::Scenario::Banded, 32, 20000);
  require_top_matches_reference(&twinmatch_hls_top, kHardwareConfig, session, other);
}

TEST_CASE("hls top: start-of-day clear and TLAST, venue core", "[hls][top]") {
  const auto session = tools::generate(hlscore::kVenueConfig, tools::Scenario::Banded, 33, 20000);
  const auto other = tools::generate(hlscore::kVenueConfig, tools::Scenario::Volatile, 34, 20000);
  require_top_matches_reference(&twinmatch_hls_venue_top, hlscore::kVenueConfig, session, other);
}
