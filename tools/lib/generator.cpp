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
  }
  return "unknown";
}

std::optional<Scenario> scenario_from_name(std::string_view name) {
  for (Scenario scenario : kScenarios) {
    if (scenario_name(scenario) == name) return scenario;
  }
  return std::nullopt;
}

std::vector<Command> generate(const CoreConfig& config, Scenario scenario, std::uint64_t seed,
                              std::size_t count) {
  if (config.symbols < 1 || config.symbols > 65536 || config.price_levels < 8 || config.handles < 16 ||
      config.max_quantity < 1) {
    return {};
  }
  return StreamGenerator(config, scenario, seed, count).run();
}

} // namespace twinmatch::tools
