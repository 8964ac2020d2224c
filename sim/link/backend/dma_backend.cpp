// "--link dma": any core the card model carries, behind the host driver and the modelled PCIe
// link, as a CLI backend. Its metrics are simulated time (see docs/host.md), not wall time.
#include <stdexcept>

#include <fmt/format.h>

#include "twinmatch/link/cores.hpp"
#include "twinmatch/link/dma_run.hpp"
#include "twinmatch/link/run_summary.hpp"
#include "twinmatch/tools/backends.hpp"

namespace twinmatch::tools {
namespace {

class DmaBackend final : public Backend {
public:
  DmaBackend(std::unique_ptr<link::CoreModel> core, const link::DmaRunConfig& config)
      : core_(std::move(core)), config_(config), name_(fmt::format("{}+dma", core_->name())) {}

  std::string_view name() const override { return name_; }
  const CoreConfig& config() const override { return core_->config(); }

  void run(std::span<const Command> commands, std::vector<Event>& events,
           Metrics& metrics) override {
    const link::DmaRunResult result = link::run_dma(config_, *core_, commands, events);
    if (!result.fault.empty()) {
      throw std::runtime_error(fmt::format("{}: the DMA run failed: {}", name_, result.fault));
    }
    for (auto& figure : link::report_figures(config_, result)) metrics.push_back(std::move(figure));
  }

  // The host takes the stream a chunk at a time and hands each drained event on, so memory stays
  // bounded; the latency percentiles come from LatencyDistribution (docs/host.md).
  void run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics) override {
    const link::DmaRunResult result = link::run_dma_streaming(
        config_, *core_, [&commands] { return commands.next_chunk(); },
        [&events](const Event& event) { events.push(event); });
    if (!result.fault.empty()) {
      throw std::runtime_error(fmt::format("{}: the DMA run failed: {}", name_, result.fault));
    }
    for (auto& figure : link::report_figures(config_, result)) metrics.push_back(std::move(figure));
  }

private:
  std::unique_ptr<link::CoreModel> core_;
  link::DmaRunConfig config_;
  std::string name_;
};

} // namespace

std::unique_ptr<Backend> make_dma_backend(std::string_view name, const CoreConfig& config,
                                          const BackendOptions& options, std::string& error) {
  const auto link = options.find("link");
  if (link == options.end() || link->second != "dma") {
    error = fmt::format("unknown link '{}' (known: dma)",
                        link == options.end() ? std::string() : link->second);
    return nullptr;
  }
  link::DmaRunConfig run_config;
  if (!link::parse_dma_options(options, run_config, error)) return nullptr;
  std::unique_ptr<link::CoreModel> core = link::make_core(name, config, error);
  if (!core) return nullptr;
  if (!run_config.trace_path.empty() && core->stepped() != nullptr) {
    error = fmt::format("--link dma: trace=FILE records the RTL core's waveform; '{}' has none",
                        name);
    return nullptr;
  }
  return std::make_unique<DmaBackend>(std::move(core), run_config);
}

} // namespace twinmatch::tools
