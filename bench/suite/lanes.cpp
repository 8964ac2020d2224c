#include "lanes.hpp"

#include <array>

#include <fmt/format.h>

#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::bench {
namespace {

// The hardware book size with 16 symbols: the configuration the rtl backend has lanes for
// (sim::kRtlLanesConfig, `--config hw16`).
constexpr CoreConfig kLanesConfig{16, kHardwareConfig.price_levels, kHardwareConfig.handles,
                                  kHardwareConfig.max_quantity, kHardwareConfig.stop_orders};
constexpr std::size_t kLaneCommands = 20000;
constexpr std::uint64_t kLaneSeed = 1;
// Tried in turn; the backend refuses the counts it has no model for.
constexpr std::array<unsigned, 4> kLaneCounts{1, 2, 4, 8};

// The normal mix from a host with a handle pool per lane (handles never move between lanes),
// and spread (a pool per symbol, whatever the lanes).
struct LaneStream {
  tools::Scenario scenario;
  bool pool_per_lane;
  const char* handles;
};
constexpr std::array kLaneStreams{
    LaneStream{tools::Scenario::Normal, true, "a pool per lane"},
    LaneStream{tools::Scenario::Spread, false, "a pool per symbol"}};

tools::BackendOptions lane_options(unsigned lanes, bool host_merge) {
  tools::BackendOptions options{{"lanes", std::to_string(lanes)}};
  if (host_merge) options.emplace("merge", "host");
  return options;
}

} // namespace

std::string describe_lanes() {
  return fmt::format(
      "The rtl backend with `--opt lanes=N [merge=host]` on {} symbols (config hw16), {} commands "
      "per stream, seed {}, consumer always ready, no input gaps: one core and every lane count "
      "built, with tm_lanes' merger (core) and merged on the host. Streams: normal from a host "
      "with a handle pool per lane (`gen --handle-lanes N`, N the run's lanes), and spread (a "
      "pool per symbol). Simulated cycles; each run's events checked against the reference "
      "model's.",
      kLanesConfig.symbols, kLaneCommands, kLaneSeed);
}

std::vector<LaneRun> measure_lanes(std::FILE* progress) {
  std::vector<LaneRun> runs;
  std::string error;
  const auto oracle = tools::make_backend("ref", kLanesConfig, {}, error);
  if (!oracle) return runs;
  for (const LaneStream& stream : kLaneStreams) {
    for (unsigned lanes : kLaneCounts) {
      const unsigned handle_lanes = stream.pool_per_lane ? lanes : 1;
      const std::vector<Command> commands =
          tools::generate(kLanesConfig, stream.scenario, kLaneSeed, kLaneCommands,
                          tools::GeneratorOptions{handle_lanes});
      std::vector<Event> want;
      tools::Metrics unused;
      oracle->run(commands, want, unused);
      for (bool host_merge : {false, true}) {
        if (host_merge && lanes == 1) continue;
        auto backend = tools::make_backend("rtl", kLanesConfig, lane_options(lanes, host_merge),
                                           error);
        if (!backend) continue;  // no model of this lane count
        if (progress) {
          fmt::print(progress, "report: rtl lanes={}{} {}\n", lanes,
                     host_merge ? " merge=host" : "", tools::scenario_name(stream.scenario));
        }
        std::vector<Event> got;
        tools::Metrics metrics;
        backend->run(commands, got, metrics);
        LaneRun run;
        run.scenario = std::string(tools::scenario_name(stream.scenario));
        run.handles = lanes > 1 || !stream.pool_per_lane ? stream.handles : "one free list";
        run.handle_lanes = handle_lanes;
        run.lanes = lanes;
        run.host_merge = host_merge;
        run.commands = commands.size();
        run.cycles_per_command = tools::find_metric(metrics, "cycles_per_command").value_or(0);
        run.commands_per_cycle = tools::find_metric(metrics, "commands_per_cycle").value_or(0);
        run.events_per_command = tools::find_metric(metrics, "events_per_command").value_or(0);
        const auto divergence = tools::first_divergence(want, got);
        run.events_identical = !divergence;
        if (divergence) {
          run.identity_detail = fmt::format("first difference at event {} of {}",
                                            divergence->index, want.size());
        }
        runs.push_back(run);
      }
    }
  }
  return runs;
}

} // namespace twinmatch::bench
