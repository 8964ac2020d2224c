// File-based testbench: reads a command stream file and a golden event stream file
// (docs/protocol.md "Stream files"), runs every command through twinmatch_hls_top and compares
// each event byte for byte with the golden one, and each beat's TLAST with the event's last flag.
// The stream runs twice, each time after a start-of-day clear: the second run starts from the
// state the first left, so it checks that the clear restores the empty core. Returns 0 on pass,
// so the vendor C-simulation and C/RTL co-simulation run the same program:
//   hls_tb COMMANDS.tmc GOLDEN.tme [ACTUAL_OUT.tme]
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "tb_stream_files.hpp"
#include "twinmatch/hls/core.hpp"

namespace {

using twinmatch::Command;
using twinmatch::Event;
using twinmatch::hlscore::EventBeat;
using twinmatch::hlstb::read_stream;
using twinmatch::hlstb::write_stream;

void print_event(const char* label, const Event& e) {
  std::fprintf(stderr,
               "  %s: type %u flags %u side %u reason %u symbol %u opcode %u seq %llu cmd_seq %llu "
               "handle %u maker %u price %u qty %u rem %u maker_rem %u level_qty %llu count %u\n",
               label, e.type, e.flags, e.side, e.reason, e.symbol, e.cmd_opcode,
               static_cast<unsigned long long>(e.seq), static_cast<unsigned long long>(e.cmd_seq),
               e.handle, e.maker_handle, e.price, e.quantity, e.remaining, e.maker_remaining,
               static_cast<unsigned long long>(e.level_quantity), e.order_count);
}

// Clears the core, then runs every command; false (after a message) when a beat's TLAST differs
// from its event's last flag.
bool run_from_start_of_day(const std::vector<Command>& commands, std::vector<Event>& actual) {
  hls::stream<Command> command_in("command_in");
  hls::stream<EventBeat> event_out("event_out");
  twinmatch_hls_top(true, command_in, event_out);
  actual.clear();
  for (const Command& command : commands) {
    command_in.write(command);
    twinmatch_hls_top(false, command_in, event_out);
    while (!event_out.empty()) {
      const EventBeat beat = event_out.read();
      if (beat.last != ((beat.data.flags & twinmatch::kEventLast) != 0)) {
        std::fprintf(stderr, "FAIL: event %zu has TLAST %d against its last flag\n",
                     actual.size(), beat.last ? 1 : 0);
        print_event("actual", beat.data);
        return false;
      }
      actual.push_back(beat.data);
    }
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: %s COMMANDS GOLDEN_EVENTS [ACTUAL_EVENTS_OUT]\n", argv[0]);
    return 2;
  }
  std::vector<Command> commands;
  std::vector<Event> golden;
  if (!read_stream(argv[1], twinmatch::kCommandStreamMagic, commands) ||
      !read_stream(argv[2], twinmatch::kEventStreamMagic, golden))
    return 2;

  std::vector<Event> actual;
  actual.reserve(golden.size());
  if (!run_from_start_of_day(commands, actual)) return 1;

  if (argc == 4 && !write_stream(argv[3], twinmatch::kEventStreamMagic, actual)) return 2;

  const std::size_t common = actual.size() < golden.size() ? actual.size() : golden.size();
  for (std::size_t i = 0; i < common; ++i) {
    if (std::memcmp(&actual[i], &golden[i], sizeof(Event)) != 0) {
      std::fprintf(stderr, "FAIL: event %zu differs from the golden stream\n", i);
      print_event("golden", golden[i]);
      print_event("actual", actual[i]);
      return 1;
    }
  }
  if (actual.size() != golden.size()) {
    std::fprintf(stderr, "FAIL: %zu events, golden stream has %zu\n", actual.size(),
                 golden.size());
    return 1;
  }
  std::vector<Event> after_clear;
  after_clear.reserve(golden.size());
  if (!run_from_start_of_day(commands, after_clear)) return 1;
  if (after_clear.size() != actual.size() ||
      std::memcmp(after_clear.data(), actual.data(), actual.size() * sizeof(Event)) != 0) {
    std::fprintf(stderr, "FAIL: the run after a start-of-day clear differs from the first run\n");
    return 1;
  }
  std::printf("PASS: %zu commands, %zu events identical to %s, TLAST on every command's last "
              "event; identical again after a start-of-day clear\n",
              commands.size(), actual.size(), argv[2]);
  return 0;
}
