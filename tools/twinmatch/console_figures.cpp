#include "console_figures.hpp"

#include <string>

#include <fmt/format.h>

namespace twinmatch::cli {
namespace {

// "22.4 M", "913.2 k", "87": enough digits to read, not a false precision.
std::string rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.1f} M", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.1f} k", per_second / 1e3);
  return fmt::format("{:.0f}", per_second);
}

// The rtl backend: cycles of the verilated core, given in ns at the nominal clock.
std::string rtl_figures(const tools::Metrics& metrics, double clock_mhz) {
  const double cycles = tools::find_metric(metrics, "cycles_per_command").value_or(0);
  const double p50 = tools::find_metric(metrics, "first_event_latency_p50_cycles").value_or(0);
  const double p99 = tools::find_metric(metrics, "first_event_latency_p99_cycles").value_or(0);
  const double ns_per_cycle = 1e3 / clock_mhz;
  // Symbol lanes (docs/rtl.md): named only when there are several, so one core reads as before.
  const double lanes = tools::find_metric(metrics, "lanes").value_or(1);
  const bool host_merge = tools::find_metric(metrics, "host_merge").value_or(0) != 0;
  const std::string lane_text =
      lanes > 1 ? fmt::format(" with {:.0f} symbol lanes{}", lanes,
                              host_merge ? " merged on the host" : "")
                : std::string();
  return fmt::format(
      "  simulated, at a {:.0f} MHz clock{}: {:.2f} cycles/command ({} commands/s); first event "
      "after a command p50 {:.0f} cycles ({:.0f} ns), p99 {:.0f} cycles ({:.0f} ns)\n",
      clock_mhz, lane_text, cycles, rate(cycles > 0 ? clock_mhz * 1e6 / cycles : 0), p50,
      p50 * ns_per_cycle, p99, p99 * ns_per_cycle);
}

// The rtl backend's per-opcode summary (metrics cycles_<opcode>_{count,mean,p50,p99,max}): the
// core's cycles on a command, from its start (accept, or the previous command's last event) to its
// last event.
std::string opcode_cycle_figures(const tools::Metrics& metrics) {
  constexpr std::string_view kPrefix = "cycles_";
  constexpr std::string_view kCount = "_count";
  std::string text;
  for (const auto& [name, count] : metrics) {
    if (!name.starts_with(kPrefix) || !name.ends_with(kCount)) continue;
    const std::string base = name.substr(0, name.size() - kCount.size());
    const std::string opcode = base.substr(kPrefix.size());
    const auto figure = [&](std::string_view what) {
      return tools::find_metric(metrics, fmt::format("{}_{}", base, what)).value_or(0);
    };
    text += fmt::format(
        "    {:<10} {:>9.0f} commands, cycles mean {:.2f}, p50 {:.0f}, p99 {:.0f}, max {:.0f}\n",
        opcode, count, figure("mean"), figure("p50"), figure("p99"), figure("max"));
  }
  return text.empty() ? text : "  simulated cycles per command, by opcode:\n" + text;
}

// --link dma: the modelled link and card, in simulated time.
std::string dma_figures(const tools::Metrics& metrics) {
  return fmt::format(
      "  simulated link and card, at a {:.0f} MHz core clock: {} commands/s; end to end p50 "
      "{:.0f} ns, p99 {:.0f} ns\n",
      tools::find_metric(metrics, "model_core_clock_mhz").value_or(0),
      rate(tools::find_metric(metrics, "throughput_per_s").value_or(0)),
      tools::find_metric(metrics, "latency_p50_ns").value_or(0), tools::find_metric(metrics, "latency_p99_ns").value_or(0));
}

} // namespace

std::string console_figures(const tools::RunRecord& run, std::string_view events_path) {
  std::string text = fmt::format("{}: {} commands -> {} events, written to {}\n", run.backend,
                                 run.commands, run.events, events_path);
  const tools::Metrics& metrics = run.metrics;
  bool simulated = false;
  if (const auto match_ns = tools::find_metric(metrics, "match_ns")) {
    text += fmt::format("  matching (the core alone): {:.3f} s, {} commands/s\n", *match_ns / 1e9,
                        rate(tools::find_metric(metrics, "commands_per_s").value_or(0)));
  }
  if (const auto clock = tools::find_metric(metrics, "nominal_clock_mhz")) {
    text += rtl_figures(metrics, *clock);
    text += opcode_cycle_figures(metrics);
    simulated = true;
  } else if (tools::find_metric(metrics, "simulated_duration_ns")) {
    text += dma_figures(metrics);
    simulated = true;
  }
  const double whole = tools::commands_per_second(run);
  text += fmt::format("  {}: {:.3f} s wall, {} commands/s (reading, {}, writing)\n",
                      simulated ? "simulator speed" : "whole run", run.wall_seconds, rate(whole),
                      simulated ? "simulating" : "matching");
  return text;
}

} // namespace twinmatch::cli
