#include "twinmatch/tools/backend.hpp"

namespace twinmatch::tools {

void Backend::run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics) {
  std::vector<Command> all;
  all.reserve(commands.total());
  for (std::span<const Command> chunk = commands.next_chunk(); !chunk.empty();
       chunk = commands.next_chunk()) {
    all.insert(all.end(), chunk.begin(), chunk.end());
  }
  std::vector<Event> made;
  run(all, made, metrics);
  events.push(made);
}

} // namespace twinmatch::tools
