#include "twinmatch/tools/timed_run.hpp"

#include <chrono>

namespace twinmatch::tools {

RunRecord timed_run(Backend& backend, std::span<const Command> commands,
                    std::vector<Event>& events) {
  RunRecord record;
  record.backend = backend.name();
  record.config = backend.config();
  record.commands = commands.size();

  events.clear();
  const auto start = std::chrono::steady_clock::now();
  backend.run(commands, events, record.metrics);
  const auto stop = std::chrono::steady_clock::now();

  record.wall_seconds = std::chrono::duration<double>(stop - start).count();
  record.events = events.size();
  record.tally = tally_events(events);
  return record;
}

} // namespace twinmatch::tools
