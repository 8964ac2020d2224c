#include "twinmatch/tools/run_report.hpp"

#include <nlohmann/json.hpp>

#include "twinmatch/tools/record_names.hpp"

namespace twinmatch::tools {
namespace {

// {"Name": count, ...} for every defined value of one enum, zeros included, so reports from
// different runs have the same keys.
template <std::size_t N, typename NameOf>
nlohmann::ordered_json counts_by_name(const std::array<std::uint64_t, N>& counts, NameOf name_of) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (std::size_t value = 1; value < N; ++value) {
    object[name_of(static_cast<std::uint8_t>(value))] = counts[value];
  }
  return object;
}

} // namespace

double commands_per_second(const RunRecord& run) {
  return run.wall_seconds > 0 ? static_cast<double>(run.commands) / run.wall_seconds : 0.0;
}

std::string run_report_json(const RunRecord& run) {
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const auto& [name, value] : run.metrics) metrics[name] = value;

  nlohmann::ordered_json report = {
      {"backend", run.backend},
      {"config",
       {{"symbols", run.config.symbols},
        {"price_levels", run.config.price_levels},
        {"handles", run.config.handles},
        {"max_quantity", run.config.max_quantity},
        {"stop_orders", run.config.stop_orders}}},
      {"commands", run.commands},
      {"events", run.events},
      {"events_by_type", counts_by_name(run.tally.events_by_type, event_type_name)},
      {"rejects_by_reason", counts_by_name(run.tally.rejects_by_reason, reject_reason_name)},
      {"cancels_by_reason", counts_by_name(run.tally.cancels_by_reason, cancel_reason_name)},
      {"filled_quantity", run.tally.filled_quantity},
      {"undefined_events", run.tally.undefined},
      {"wall_time_s", run.wall_seconds},
      {"throughput_commands_per_s", commands_per_second(run)},
      {"metrics", metrics},
  };
  if (run.peak_rss_bytes != 0) report["peak_rss_bytes"] = run.peak_rss_bytes;
  return report.dump(2) + "\n";
}

} // namespace twinmatch::tools
