// The "hls" backend: the HLS core's C-simulation behind the Backend seam. It runs the same
// process_command that synthesis sees, on a fresh CoreState per run, and exists only for the
// configuration the core is compiled for (kHardwareConfig).
#include <algorithm>

#include <fmt/format.h>

#include "twinmatch/hls/core.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::tools {
namespace {

class HlsBackend final : public Backend {
public:
  std::string_view name() const override { return "hls"; }
  const CoreConfig& config() const override { return hlscore::HwConfig::kCore; }

  void run(std::span<const Command> commands, std::vector<Event>& events,
           Metrics& metrics) override {
    SpanCommandInput input(commands);
    VectorEventOutput output(events);
    run_streaming(input, output, metrics);
  }

  // A fresh CoreState per run; `out` is drained after every command.
  void run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics) override {
    auto core = std::make_unique<hlscore::CoreState>();
    hls::stream<Event> out("events");
    std::size_t max_events = 0;
    for (std::span<const Command> chunk = commands.next_chunk(); !chunk.empty();
         chunk = commands.next_chunk()) {
      for (const Command& command : chunk) {
        hlscore::process_command(*core, command, out);
        max_events = std::max(max_events, out.size());
        while (!out.empty()) events.push(out.read());
      }
    }
    events.flush();
    // The longest burst one command caused: what the event FIFO behind the core must absorb.
    metrics.emplace_back("max_events_per_command", static_cast<double>(max_events));
  }
};

} // namespace

std::unique_ptr<Backend> make_hls_backend(const CoreConfig& config, const BackendOptions& options,
                                          std::string& error) {
  if (!options.empty()) {
    error = fmt::format("backend 'hls' takes no options (got '{}')", options.begin()->first);
    return nullptr;
  }
  if (config != hlscore::HwConfig::kCore) {
    error = fmt::format("backend 'hls' is compiled for the hardware configuration {} only; the "
                        "stream is for {}",
                        describe_config(hlscore::HwConfig::kCore), describe_config(config));
    return nullptr;
  }
  return std::make_unique<HlsBackend>();
}

} // namespace twinmatch::tools
