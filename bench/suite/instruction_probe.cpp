// The CI performance guard's workload: a fixed generated stream run through one backend, with
// callgrind collecting only inside Backend::run. It dumps two profiles, "empty" (a run of no
// commands: building the fresh core) and "full" (the stream), so scripts/perf_guard.sh can
// compute instructions per command = (full - empty) / commands, a figure that does not depend
// on the clock or on the other jobs sharing the machine. Outside valgrind the requests are no-ops.
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <valgrind/callgrind.h>

#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"

int main(int argc, char** argv) {
  using namespace twinmatch;
  if (argc != 3) {
    fmt::print(stderr, "usage: twinmatch_instruction_probe BACKEND COMMANDS\n");
    return 2;
  }
  const std::string name = argv[1];
  const auto count = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
  std::string error;
  const auto backend = tools::make_backend(name, kHardwareConfig, {}, error);
  if (!backend) {
    fmt::print(stderr, "twinmatch_instruction_probe: {}\n", error);
    return 2;
  }
  constexpr std::uint64_t kSeed = 7;
  const std::vector<Command> stream =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, kSeed, count);
  const std::vector<Command> none;
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(stream, events, metrics); // sizes the event buffer: later runs do not grow it

  events.clear();
  CALLGRIND_TOGGLE_COLLECT;
  backend->run(none, events, metrics);
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_DUMP_STATS_AT("empty");

  events.clear();
  CALLGRIND_TOGGLE_COLLECT;
  backend->run(stream, events, metrics);
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_DUMP_STATS_AT("full");

  fmt::print("backend {} commands {} events {}\n", name, stream.size(), events.size());
  return 0;
}
