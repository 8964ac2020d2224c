// twinmatch demo: one generated routine session through every registered backend, a short table
// of what happened, and whether all backends emitted byte-identical event streams.
#include <chrono>
#include <cstring>
#include <functional>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/record_names.hpp"
#include "twinmatch/tools/stream_file.hpp"
#include "twinmatch/tools/timed_run.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage = "  twinmatch demo\n";
constexpr std::size_t kDemoCommands = 200'000;
constexpr std::uint64_t kDemoSeed = 20261126;
constexpr tools::Scenario kDemoScenario = tools::Scenario::Normal;

struct BackendRun {
  tools::RunRecord record;
  std::vector<Event> events;
};

using Figure = std::function<std::string(const tools::RunRecord&)>;

void print_row(std::string_view label, const std::vector<BackendRun>& runs, const Figure& figure) {
  fmt::print("  {:<28}", label);
  for (const BackendRun& run : runs) fmt::print(" {:>14}", figure(run.record));
  fmt::print("\n");
}

// One row per value of an enum, skipping values no backend saw.
template <std::size_t N>
void print_count_rows(const std::vector<BackendRun>& runs,
                      std::array<std::uint64_t, N> tools::EventTally::*counts,
                      std::string (*name_of)(std::uint8_t)) {
  for (std::size_t value = 1; value < N; ++value) {
    const bool seen = std::any_of(runs.begin(), runs.end(), [&](const BackendRun& run) {
      return (run.record.tally.*counts)[value] != 0;
    });
    if (!seen) continue;
    print_row(fmt::format("  {}", name_of(static_cast<std::uint8_t>(value))), runs,
              [&](const tools::RunRecord& record) {
                return fmt::format("{}", (record.tally.*counts)[value]);
              });
  }
}

void print_table(const std::vector<BackendRun>& runs) {
  fmt::print("  {:<28}", "");
  for (const BackendRun& run : runs) fmt::print(" {:>14}", run.record.backend);
  fmt::print("\n");
  print_row("events", runs, [](const tools::RunRecord& r) { return fmt::format("{}", r.events); });
  print_count_rows(runs, &tools::EventTally::events_by_type, tools::event_type_name);
  fmt::print("  rejects by reason\n");
  print_count_rows(runs, &tools::EventTally::rejects_by_reason, tools::reject_reason_name);
  fmt::print("  cancels by reason\n");
  print_count_rows(runs, &tools::EventTally::cancels_by_reason, tools::cancel_reason_name);
  print_row("filled quantity", runs, [](const tools::RunRecord& r) {
    return fmt::format("{}", r.tally.filled_quantity);
  });
  print_row("wall time, setup incl. (ms)", runs, [](const tools::RunRecord& r) {
    return fmt::format("{:.1f}", r.wall_seconds * 1e3);
  });
  print_row("  commands/s", runs, [](const tools::RunRecord& r) {
    return fmt::format("{:.0f}", tools::commands_per_second(r));
  });
  // What the backends measure of themselves: the core alone, or simulated cycles.
  print_row("matching alone (commands/s)", runs, [](const tools::RunRecord& r) {
    const auto rate = tools::find_metric(r.metrics, "commands_per_s");
    return rate ? fmt::format("{:.0f}", *rate) : std::string("-");
  });
  print_row("simulated cycles/command", runs, [](const tools::RunRecord& r) {
    const auto cycles = tools::find_metric(r.metrics, "cycles_per_command");
    return cycles ? fmt::format("{:.2f}", *cycles) : std::string("-");
  });
}

// 0 when every run's events equal the first run's byte for byte, else 1 (with the divergence).
int compare_runs(const std::vector<BackendRun>& runs) {
  if (runs.size() < 2) {
    fmt::print("\nevent streams: only {} backend ran, nothing to compare\n", runs.size());
    return 0;
  }
  const BackendRun& first = runs.front();
  for (const BackendRun& other : runs) {
    const auto divergence = tools::first_divergence(first.events, other.events);
    if (divergence) {
      fmt::print("\nevent streams: {} and {} DIFFER\n{}", first.record.backend,
                 other.record.backend,
                 tools::describe_divergence(*divergence, first.record.backend,
                                            other.record.backend));
      return 1;
    }
  }
  fmt::print("\nevent streams: byte-identical across all {} backends ({} events of 64 bytes)\n",
             runs.size(), first.events.size());
  return 0;
}

} // namespace

int demo_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  if (!parse_subcommand(args, {}, 0, kUsage, exit_code)) return exit_code;

  const CoreConfig config = kHardwareConfig;
  const std::vector<Command> commands =
      tools::generate(config, kDemoScenario, kDemoSeed, kDemoCommands);
  fmt::print("twinmatch demo: {} '{}' commands (seed {}), hardware config {}\n\n", commands.size(),
             tools::scenario_name(kDemoScenario), kDemoSeed, tools::describe_config(config));

  std::string error;
  std::vector<BackendRun> runs;
  for (const std::string& name : tools::backend_names()) {
    const std::unique_ptr<tools::Backend> backend =
        tools::make_backend(name, config, tools::BackendOptions{}, error);
    if (!backend) {
      fmt::print("  {}: not run: {}\n", name, error);
      continue;
    }
    BackendRun run;
    run.record = tools::timed_run(*backend, commands, run.events);
    runs.push_back(std::move(run));
  }
  print_table(runs);
  return compare_runs(runs);
}

} // namespace twinmatch::cli
