// The "rtl" backend: the verilated RTL core (sim/rtl_sim.cpp) behind the Backend seam.
// Options: gaps=P and backpressure=P (per-cycle probabilities in [0, 1)), seed=N (for both),
// trace=FILE (.fst or .vcd waveform, with FILE's .gtkw beside it), trace_from=/trace_to= (the
// waveform's window: a cycle N or a command cmd:N), cycles=FILE (CSV of every command's cycles),
// lanes=N (symbol lanes: a model built with N lanes for the stream's configuration),
// merge=core|host (with lanes: tm_lanes' merger, or one event port per lane merged here).

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/backends.hpp"

namespace twinmatch::tools {
namespace {

template <typename T>
bool parse_number(const std::string& text, T& value) {
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  return status == std::errc{} && end == text.data() + text.size() && !text.empty();
}

std::optional<sim::RtlSimOptions> parse_options(const BackendOptions& options, std::string& error) {
  sim::RtlSimOptions parsed;
  for (const auto& [key, value] : options) {
    if (key == "gaps" || key == "backpressure") {
      double probability = 0.0;
      if (!parse_number(value, probability) || !(probability >= 0.0 && probability < 1.0)) {
        error = fmt::format("backend 'rtl': option {}={} is not a probability in [0, 1)", key, value);
        return std::nullopt;
      }
      (key == "gaps" ? parsed.gap_probability : parsed.backpressure_probability) = probability;
    } else if (key == "seed") {
      if (!parse_number(value, parsed.seed)) {
        error = fmt::format("backend 'rtl': option seed={} is not an unsigned integer", value);
        return std::nullopt;
      }
    } else if (key == "trace") {
      if (!value.ends_with(".fst") && !value.ends_with(".vcd")) {
        error = fmt::format("backend 'rtl': option trace={} must name a .fst or .vcd file", value);
        return std::nullopt;
      }
      parsed.trace_path = value;
    } else if (key == "trace_from" || key == "trace_to") {
      sim::TraceBound& bound = key == "trace_from" ? parsed.trace_from : parsed.trace_to;
      if (!sim::parse_trace_bound(value, bound)) {
        error = fmt::format("backend 'rtl': option {}={} is neither a cycle N nor a command cmd:N",
                            key, value);
        return std::nullopt;
      }
    } else if (key == "cycles") {
      parsed.cycles_path = value;
    } else if (key == "merge") {
      if (value != "core" && value != "host") {
        error = fmt::format("backend 'rtl': option merge={} is neither core nor host", value);
        return std::nullopt;
      }
      parsed.host_merge = value == "host";
    } else if (key == "lanes") {
      if (!parse_number(value, parsed.lanes) || parsed.lanes == 0) {
        error = fmt::format("backend 'rtl': option lanes={} is not a positive integer", value);
        return std::nullopt;
      }
    } else {
      error = fmt::format(
          "backend 'rtl': unknown option '{}' (known: gaps=P, backpressure=P, seed=N, "
          "trace=FILE.fst|FILE.vcd, trace_from=N|cmd:N, trace_to=N|cmd:N, cycles=FILE.csv, lanes=N, merge=core|host)",
          key);
      return std::nullopt;
    }
  }
  const bool windowed = options.contains("trace_from") || options.contains("trace_to");
  if (windowed && parsed.trace_path.empty()) {
    error = "backend 'rtl': trace_from and trace_to need trace=FILE";
    return std::nullopt;
  }
  if (parsed.host_merge && parsed.lanes == 1) {
    error = "backend 'rtl': merge=host needs lanes=N with N > 1";
    return std::nullopt;
  }
  if (const std::string invalid = sim::trace_window_error(parsed.trace_from, parsed.trace_to);
      !invalid.empty()) {
    error = "backend 'rtl': " + invalid;
    return std::nullopt;
  }
  return parsed;
}

// The run's figures for the report; latencies are nearest-rank percentiles over every command.
void add_metrics(const sim::RtlRunStats& stats, const sim::RtlSimOptions& options,
                 Metrics& metrics) {
  const double ns_per_cycle = 1000.0 / sim::kNominalClockMhz;
  const double n = static_cast<double>(std::max<std::uint64_t>(stats.commands, 1));
  const double p50 = stats.first_event_latency_cycles.percentile(0.50);
  const double p99 = stats.first_event_latency_cycles.percentile(0.99);
  const double max = stats.first_event_latency_cycles.max();
  metrics.emplace_back("nominal_clock_mhz", sim::kNominalClockMhz);
  metrics.emplace_back("lanes", static_cast<double>(options.lanes));
  metrics.emplace_back("host_merge", options.host_merge ? 1.0 : 0.0);
  metrics.emplace_back("total_cycles", static_cast<double>(stats.run_cycles));
  metrics.emplace_back("init_cycles", static_cast<double>(stats.init_cycles));
  metrics.emplace_back("cycles_per_command", static_cast<double>(stats.run_cycles) / n);
  metrics.emplace_back("commands_per_cycle",
                       static_cast<double>(stats.commands) /
                           static_cast<double>(std::max<std::uint64_t>(stats.run_cycles, 1)));
  metrics.emplace_back("events_per_command", static_cast<double>(stats.events) / n);
  metrics.emplace_back("sweep_cycles_per_fill",
                       stats.sweep_fill_gaps == 0
                           ? 0.0
                           : static_cast<double>(stats.sweep_fill_gap_cycles) /
                                 static_cast<double>(stats.sweep_fill_gaps));
  metrics.emplace_back("first_event_latency_p50_cycles", p50);
  metrics.emplace_back("first_event_latency_p99_cycles", p99);
  metrics.emplace_back("first_event_latency_max_cycles", max);
  metrics.emplace_back("first_event_latency_p50_ns", p50 * ns_per_cycle);
  metrics.emplace_back("first_event_latency_p99_ns", p99 * ns_per_cycle);
  metrics.emplace_back("first_event_latency_max_ns", max * ns_per_cycle);
  metrics.emplace_back("simulated_time_ns", static_cast<double>(stats.run_cycles) * ns_per_cycle);
  // Per opcode: the core's cycles on each command (cycle_log.hpp; docs/rtl.md, "Waveforms and
  // per-command cycles").
  for (const sim::OpcodeCycles::Row& row : stats.cycles_by_opcode.rows()) {
    const std::string prefix = fmt::format("cycles_{}_", sim::opcode_label(row.opcode));
    metrics.emplace_back(prefix + "count", static_cast<double>(row.count));
    metrics.emplace_back(prefix + "mean", row.mean);
    metrics.emplace_back(prefix + "p50", row.p50);
    metrics.emplace_back(prefix + "p99", row.p99);
    metrics.emplace_back(prefix + "max", row.max);
  }
}

class RtlBackend final : public Backend {
public:
  RtlBackend(sim::RtlSimOptions options, const CoreConfig& config)
      : config_(config), options_(options), sim_(std::move(options), config) {}

  std::string_view name() const override { return "rtl"; }
  const CoreConfig& config() const override { return config_; }

  void run(std::span<const Command> commands, std::vector<Event>& events,
           Metrics& metrics) override {
    add_metrics(sim_.run(commands, events), options_, metrics);
  }

  // Commands are taken a chunk at a time and events handed on as they leave the core.
  void run_streaming(CommandInput& commands, EventOutput& events, Metrics& metrics) override {
    const sim::RtlRunStats stats = sim_.run([&commands] { return commands.next_chunk(); },
                                            [&events](const Event& event) { events.push(event); });
    add_metrics(stats, options_, metrics);
  }

private:
  CoreConfig config_;
  sim::RtlSimOptions options_;
  sim::RtlSim sim_;
};

} // namespace

std::unique_ptr<Backend> make_rtl_backend(const CoreConfig& config, const BackendOptions& options,
                                          std::string& error) {
  std::optional<sim::RtlSimOptions> parsed = parse_options(options, error);
  if (!parsed) return nullptr;
  // The CLI runs the default build, and the symbol lanes' configuration (with any lane count
  // built for it); the venue and tiny builds are for the tests.
  const bool lanes_built =
      parsed->lanes == 1 ||
      std::ranges::find(sim::kRtlLaneCounts, parsed->lanes) != sim::kRtlLaneCounts.end();
  const bool runnable = config == sim::kRtlConfig ? parsed->lanes == 1
                                                  : config == sim::kRtlLanesConfig && lanes_built;
  if (!runnable) {
    error = fmt::format(
        "backend 'rtl': the verilated core is built for symbols={} price_levels={} handles={} "
        "max_quantity={} (lanes=1) and for symbols={} price_levels={} handles={} "
        "max_quantity={} (lanes=1|{}), not symbols={} price_levels={} handles={} "
        "max_quantity={} with lanes={} (rebuild with other tm_core or tm_lanes parameters to "
        "change it)",
        sim::kRtlConfig.symbols, sim::kRtlConfig.price_levels, sim::kRtlConfig.handles,
        sim::kRtlConfig.max_quantity, sim::kRtlLanesConfig.symbols,
        sim::kRtlLanesConfig.price_levels, sim::kRtlLanesConfig.handles,
        sim::kRtlLanesConfig.max_quantity, fmt::join(sim::kRtlLaneCounts, "|"), config.symbols,
        config.price_levels, config.handles, config.max_quantity, parsed->lanes);
    return nullptr;
  }
  try {
    return std::make_unique<RtlBackend>(std::move(*parsed), config);
  } catch (const std::invalid_argument& refused) {
    error = fmt::format("backend 'rtl': {}", refused.what());
    return nullptr;
  }
}

} // namespace twinmatch::tools
