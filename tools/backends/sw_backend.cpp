// The "sw" backend: the CPU twin (sw_engine's Core) behind the Backend seam. Each run starts a
// fresh core and feeds it the stream through the batch apply (which prefetches ahead): whole
// from memory (run), or a chunk at a time with the events written in place into the output's
// buffer (run_streaming).
#include <chrono>
#include <exception>
#include <memory>

#include <fmt/format.h>

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

    add_figures(metrics, setup_ns(setup_start, start),
                std::chrono::duration<double, std::nano>(end - start).count(), commands.size());
  }

  void run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics) override {
    const auto setup_start = std::chrono::steady_clock::now();
    auto core = std::make_unique<sw::Core<OutputSink>>(config_, OutputSink{&events});
    const auto start = std::chrono::steady_clock::now();
    // Only the core's own work is timed: reading a chunk is not, and neither is waiting for a
    // free output buffer (the output counts that apart, as wait_seconds).
    double apply_ns = 0;
    const double waited_before = events.wait_seconds();
    for (std::span<const Command> chunk = commands.next_chunk(); !chunk.empty();
         chunk = commands.next_chunk()) {
      const auto chunk_start = std::chrono::steady_clock::now();
      core->apply(chunk);
      apply_ns += std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() -
                                                           chunk_start)
                      .count();
    }
    const double wait_ns = (events.wait_seconds() - waited_before) * 1e9;
    events.flush();
    add_figures(metrics, setup_ns(setup_start, start), apply_ns - wait_ns, commands.total());
    metrics.emplace_back("output_wait_ns", wait_ns);
  }

private:
  using Clock = std::chrono::steady_clock;

  static double setup_ns(Clock::time_point setup_start, Clock::time_point start) {
    return std::chrono::duration<double, std::nano>(start - setup_start).count();
  }

  // match_ns is the core's work alone: no setup, no reading, no writing.
  static void add_figures(Metrics& metrics, double setup_ns, double match_ns, std::uint64_t commands) {
    const double count = static_cast<double>(commands);
    metrics.emplace_back("setup_ns", setup_ns);
    metrics.emplace_back("match_ns", match_ns);
    if (count > 0 && match_ns > 0) {
      metrics.emplace_back("ns_per_command", match_ns / count);
      metrics.emplace_back("commands_per_s", count * 1e9 / match_ns);
    }
  }

  // The core's sink: events are built in place in the output's buffer.
  struct OutputSink {
    EventOutput* output;
    Event& next() { return output->next(); }
    void push(const Event& event) { output->push(event); }
  };

  CoreConfig config_;
};

} // namespace

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
