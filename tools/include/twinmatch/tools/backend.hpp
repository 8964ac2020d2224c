// The seam between the twinmatch CLI (run, report, bench) and the matching backends.
// One virtual call per run, not per command: a backend runs a whole stream, either held in
// memory (run) or streamed a chunk at a time (run_streaming).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::tools {

// Named figures a run measured, in insertion order, for the JSON report
// (e.g. {"cycles_per_command", 3.2}). Names carry their unit: _ns, _cycles, _per_s.
using Metrics = std::vector<std::pair<std::string, double>>;

// The value of the figure `name`, if the run measured it.
inline std::optional<double> find_metric(const Metrics& metrics, std::string_view name) {
  for (const auto& [key, value] : metrics) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// Backend-specific CLI options (--trace FILE, --seed N, --link dma, ...) as given.
using BackendOptions = std::map<std::string, std::string>;

class Backend {
public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  virtual const CoreConfig& config() const = 0;
  // Runs `commands` in order through a fresh core, appending every event to `events`,
  // and adds what it measured to `metrics`.
  virtual void run(std::span<const Command> commands, std::vector<Event>& events,
                   Metrics& metrics) = 0;
  // Runs every command `commands` yields, chunk by chunk, through a fresh core, handing each
  // event to `events` as it is made, and adds what it measured to `metrics`. This default is for
  // backends that take a whole stream at once (test doubles): it gathers the stream in memory,
  // calls run() and hands the events over at the end. Every shipped backend (ref, sw, hls, rtl,
  // any behind --link dma) overrides it, so its memory stays bounded whatever the stream's length.
  virtual void run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics);
};

} // namespace twinmatch::tools
