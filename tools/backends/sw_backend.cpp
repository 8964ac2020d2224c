// The `sw` backend: the CPU twin (sw_engine's Core) behind the CLI's Backend seam.
// It takes no backend options; any given one is refused rather than ignored.
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"
#include "twinmatch/tools/backend.hpp"

namespace twinmatch::tools {

namespace {

class SwBackend final : public Backend {
public:
  explicit SwBackend(const CoreConfig& config) : config_(config) { sw::check_config(config); }

  std::string_view name() const override { return "sw"; }
  const CoreConfig& config() const override { return config_; }

  void run(std::span<const Command> commands, std::vector<Event>& events, Metrics& metrics) override {
    const auto setup_start = std::chrono::steady_clock::now();
    auto core = std::make_unique<sw::Core<sw::VectorSink>>(config_, events);
    // Event storage grows while matching unless it is there up front: two events per command
    // covers typical streams; more only costs a reallocation.
    events.reserve(events.size() + commands.size() * 2);
    const auto start = std::chrono::steady_clock::now();
    for (const Command& command : commands) core->apply(command);
    const auto end = std::chrono::steady_clock::now();

    const double seconds = std::chrono::duration<double>(end - start).count();
    const double setup_ns = std::chrono::duration<double, std::nano>(start - setup_start).count();
    const double count = static_cast<double>(commands.size());
    metrics.emplace_back("commands", count);
    metrics.emplace_back("setup_ns", setup_ns);
    metrics.emplace_back("wall_ns", seconds * 1e9);
    metrics.emplace_back("ns_per_command", count > 0 ? seconds * 1e9 / count : 0.0);
    metrics.emplace_back("commands_per_s", seconds > 0 ? count / seconds : 0.0);
  }

private:
  CoreConfig config_;
};

} // namespace

std::unique_ptr<Backend> make_sw_backend(const CoreConfig& config, const BackendOptions& options) {
  if (!options.empty())
    throw std::invalid_argument("the sw backend takes no options, got --" + options.begin()->first);
  return std::make_unique<SwBackend>(config);
}

} // namespace twinmatch::tools
