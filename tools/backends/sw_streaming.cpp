// The sw backend's streamed run (see sw_runs.hpp for why it has a unit of its own): a fresh core
// fed a chunk at a time, its events built in place in the output's buffer.
#include <memory>

#include "sw_runs.hpp"
#include "twinmatch/sw/core.hpp"

namespace twinmatch::tools::sw_runs {
namespace {

// The core's sink: events are built in place in the output's buffer.
struct OutputSink {
  EventOutput* output;
  Event& next() { return output->next(); }
  void push(const Event& event) { output->push(event); }
};

} // namespace

void run_streaming(const CoreConfig& config, CommandInput& commands, EventOutput& events, Metrics& metrics) {
  const auto setup_start = std::chrono::steady_clock::now();
  auto core = std::make_unique<sw::Core<OutputSink>>(config, OutputSink{&events});
  const auto start = std::chrono::steady_clock::now();
  // Only the core's own work is timed: reading a chunk is not, and neither is waiting for a
  // free output buffer (the output counts that apart, as wait_seconds).
  double apply_ns = 0;
  const double waited_before = events.wait_seconds();
  for (std::span<const Command> chunk = commands.next_chunk(); !chunk.empty(); chunk = commands.next_chunk()) {
    const auto chunk_start = std::chrono::steady_clock::now();
    core->apply(chunk);
    apply_ns += elapsed_ns(chunk_start, std::chrono::steady_clock::now());
  }
  const double wait_ns = (events.wait_seconds() - waited_before) * 1e9;
  events.flush();
  add_figures(metrics, elapsed_ns(setup_start, start), apply_ns - wait_ns, commands.total());
  metrics.emplace_back("output_wait_ns", wait_ns);
}

} // namespace twinmatch::tools::sw_runs
