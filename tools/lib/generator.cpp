#include "twinmatch/tools/generator.hpp"

#include "stream_generator.hpp"

namespace twinmatch::tools {

std::string_view scenario_name(Scenario scenario) {
  switch (scenario) {
  case Scenario::Quiet: return "quiet";
  case Scenario::Normal: return "normal";
  case Scenario::Volatile: return "volatile";
  case Scenario::Adversarial: return "adversarial";
  case Scenario::Banded: return "banded";
  case Scenario::Spread: return "spread";
  }
  return "unknown";
}

std::optional<Scenario> scenario_from_name(std::string_view name) {
  for (Scenario scenario : kScenarios) {
    if (scenario_name(scenario) == name) return scenario;
  }
  for (Scenario scenario : kExtraScenarios) {
    if (scenario_name(scenario) == name) return scenario;
  }
  return std::nullopt;
}

namespace {

bool generator_supports(const CoreConfig& config) {
  return config.symbols >= 1 && config.symbols <= 65536 && config.price_levels >= 8 &&
         config.handles >= 16 && config.max_quantity >= 1;
}

} // namespace

bool valid_handle_lanes(const CoreConfig& config, std::uint32_t handle_lanes) {
  constexpr std::uint32_t kMostHandleLanes = 256;
  return handle_lanes >= 1 && handle_lanes <= kMostHandleLanes &&
         (handle_lanes & (handle_lanes - 1)) == 0 && config.handles % handle_lanes == 0;
}

std::vector<Command> generate(const CoreConfig& config, Scenario scenario, std::uint64_t seed,
                              std::size_t count, GeneratorOptions options) {
  if (!generator_supports(config) || !valid_handle_lanes(config, options.handle_lanes)) return {};
  return StreamGenerator(config, scenario, seed, count, options).run();
}

GeneratedCommands::GeneratedCommands(const CoreConfig& config, Scenario scenario,
                                     std::uint64_t seed, std::size_t count,
                                     GeneratorOptions options)
    : total_(generator_supports(config) && valid_handle_lanes(config, options.handle_lanes) ? count
                                                                                           : 0) {
  if (total_ > 0) {
    generator_ = std::make_unique<StreamGenerator>(config, scenario, seed, count, options);
  }
}

GeneratedCommands::~GeneratedCommands() = default;

std::span<const Command> GeneratedCommands::next_chunk() {
  if (!generator_) return {};
  chunk_.resize(kChunkRecords);
  return std::span<const Command>(chunk_).first(generator_->fill(chunk_));
}

} // namespace twinmatch::tools
