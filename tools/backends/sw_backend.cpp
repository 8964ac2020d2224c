// The "sw" backend: the CPU twin (sw_engine's Core) behind the Backend seam. Each run starts a
// fresh core and feeds it the stream through the batch apply (which prefetches ahead): whole
// from memory (run), or a chunk at a time with the events written in place into the output's
// buffer (run_streaming, in sw_streaming.cpp: sw_runs.hpp says why).
#include <chrono>
#include <exception>
#include <memory>

#include <fmt/format.h>

#include "sw_runs.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::tools {
namespace {

class SwBackend final : public Backend {
public:
  explicit SwBackend(const CoreConfig& config) : config_(config) {}

  std::string_view name() const override { return "sw"; }
  const CoreConfig& config() const override { return config_; }

  void run(std::span<const Command> commands, std::vector<Event>& events, Metrics& metrics) override {
    const auto setup_start = std::chrono::steady_clock::now();
    auto core = std::make_unique<sw::Core<sw::VectorSink>>(config_, events);
    // Room for the typical two to three events per command, written once before the clock
    // starts so that matching is not interrupted by the vector growing or by first-touch page
    // faults (tens of microseconds each on this VM). A stream that needs more still grows it.
    const std::size_t kept = events.size();
    events.resize(kept + commands.size() * 3);
    events.resize(kept);
    const auto start = std::chrono::steady_clock::now();
    core->apply(commands);
    const auto end = std::chrono::steady_clock::now();

    sw_runs::add_figures(metrics, sw_runs::elapsed_ns(setup_start, start), sw_runs::elapsed_ns(start, end),
                         commands.size());
  }

  void run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics) override {
    sw_runs::run_streaming(config_, commands, events, metrics);
  }

private:
  CoreConfig config_;
};

} // namespace

void sw_runs::add_figures(Metrics& metrics, double setup_ns, double match_ns, std::uint64_t commands) {
  const double count = static_cast<double>(commands);
  metrics.emplace_back("setup_ns", setup_ns);
  metrics.emplace_back("match_ns", match_ns);
  if (count > 0 && match_ns > 0) {
    metrics.emplace_back("ns_per_command", match_ns / count);
    metrics.emplace_back("commands_per_s", count * 1e9 / match_ns);
  }
}

std::unique_ptr<Backend> make_sw_backend(const CoreConfig& config, const BackendOptions& options,
                                         std::string& error) {
  if (!options.empty()) {
    error = fmt::format("backend 'sw' takes no options (got '{}')", options.begin()->first);
    return nullptr;
  }
  try {
    sw::OrderBook trial(config); // checks the sizes and maps (without touching) the pools
  } catch (const std::exception& e) {
    error = fmt::format("backend 'sw' does not support the configuration {}: {}", describe_config(config), e.what());
    return nullptr;
  }
  return std::make_unique<SwBackend>(config);
}

} // namespace twinmatch::tools
