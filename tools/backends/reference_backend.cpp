// The "ref" backend: the reference model (the oracle) behind the Backend seam.
#include <fmt/format.h>

#include "reference_model.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::tools {
namespace {

class ReferenceBackend final : public Backend {
public:
  explicit ReferenceBackend(const CoreConfig& config) : config_(config) {}

  std::string_view name() const override { return "ref"; }
  const CoreConfig& config() const override { return config_; }

  void run(std::span<const Command> commands, std::vector<Event>& events, Metrics&) override {
    ref::ReferenceModel model(config_);
    for (const Command& command : commands) model.apply(command, events);
  }

  // Each chunk's events are gathered in `made`, then handed over.
  void run_streaming(CommandInput& commands, EventOutput& events, Metrics&) override {
    ref::ReferenceModel model(config_);
    std::vector<Event> made;
    for (std::span<const Command> chunk = commands.next_chunk(); !chunk.empty();
         chunk = commands.next_chunk()) {
      made.clear();
      for (const Command& command : chunk) model.apply(command, made);
      events.push(made);
    }
    events.flush();
  }

private:
  CoreConfig config_;
};

} // namespace

std::unique_ptr<Backend> make_reference_backend(const CoreConfig& config,
                                                const BackendOptions& options, std::string& error) {
  if (!options.empty()) {
    error = fmt::format("backend 'ref' takes no options (got '{}')", options.begin()->first);
    return nullptr;
  }
  // The model allocates per symbol and per handle; a stream header may claim any sizes.
  constexpr std::uint32_t kMaxHandles = 1u << 24;
  constexpr std::uint32_t kMaxSymbols = 1u << 16; // symbol ids are 16 bits on the wire
  if (config.symbols == 0 || config.symbols > kMaxSymbols || config.price_levels == 0 ||
      config.handles == 0 || config.handles > kMaxHandles || config.max_quantity == 0) {
    error = fmt::format("backend 'ref' does not support the configuration {}",
                        describe_config(config));
    return nullptr;
  }
  return std::make_unique<ReferenceBackend>(config);
}

} // namespace twinmatch::tools
