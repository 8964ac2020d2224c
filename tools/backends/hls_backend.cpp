// The "hls" backend: the HLS core's C-simulation behind the Backend seam. It runs the same
// process_command that synthesis sees, on a fresh core state per run, and exists only for the
// sizes the core is compiled for (kHardwareConfig and hlscore::kVenueConfig).
#include <algorithm>

#include <fmt/format.h>

#include "twinmatch/hls/core.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::tools {
namespace {

template <class State, const CoreConfig& Config>
class HlsBackend final : public Backend {
public:
  std::string_view name() const override { return "hls"; }
  const CoreConfig& config() const override { return Config; }

  void run(std::span<const Command> commands, std::vector<Event>& events,
           Metrics& metrics) override {
    SpanCommandInput input(commands);
    VectorEventOutput output(events);
    run_streaming(input, output, metrics);
  }

  // A fresh core state per run; `out` is drained after every command.
  void run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics) override {
    auto core = std::make_unique<State>(); // zeroed: an empty core
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
  if (config == kHardwareConfig)
    return std::make_unique<HlsBackend<hlscore::CoreState, kHardwareConfig>>();
  if (config == hlscore::kVenueConfig)
    return std::make_unique<HlsBackend<hlscore::VenueCoreState, hlscore::kVenueConfig>>();
  error = fmt::format("backend 'hls' is compiled for the hardware configuration {} and the venue "
                      "configuration {} only; the stream is for {}",
                      describe_config(kHardwareConfig), describe_config(hlscore::kVenueConfig),
                      describe_config(config));
  return nullptr;
}

} // namespace twinmatch::tools
