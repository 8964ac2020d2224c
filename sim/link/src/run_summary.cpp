#include "twinmatch/link/run_summary.hpp"

#include <charconv>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "twinmatch/host/compact_events.hpp"

namespace twinmatch::link {

namespace {

constexpr double kPsPerNs = 1000.0;
constexpr std::size_t kTailWordBytes = 4; // the compact encoding's published tail (card.cpp)

LatencySummary percentiles(const LatencyDistribution& values_ps) {
  LatencySummary summary;
  const auto ns = [](std::uint64_t ps) { return static_cast<double>(ps) / kPsPerNs; };
  summary.p50_ns = ns(values_ps.percentile(0.50));
  summary.p99_ns = ns(values_ps.percentile(0.99));
  summary.p999_ns = ns(values_ps.percentile(0.999));
  summary.max_ns = ns(values_ps.max());
  return summary;
}

void add(NamedFigures& figures, const std::string& name, const LatencySummary& latency) {
  figures.emplace_back(name + "_p50_ns", latency.p50_ns);
  figures.emplace_back(name + "_p99_ns", latency.p99_ns);
  figures.emplace_back(name + "_p999_ns", latency.p999_ns);
  figures.emplace_back(name + "_max_ns", latency.max_ns);
}

template <typename Number>
bool parse_number(const std::string& text, Number& value) {
  const char* end = text.data() + text.size();
  const auto [stop, status] = std::from_chars(text.data(), end, value);
  return status == std::errc() && stop == end;
}

} // namespace

double latency_floor_ns(const DmaRunConfig& config, double core_ns) {
  const LinkConfig& link = config.link;
  const auto serialise = [&link](std::size_t payload) { // GB/s is bytes per ns
    return static_cast<double>(payload + link.tlp_overhead_bytes) / link.bandwidth_gbytes_per_s;
  };
  // Full: one completion slot. Compact: the smallest record, then the tail word publishing it.
  const double completion = config.driver.event_encoding == host::EventEncoding::Compact
                                ? serialise(host::kCompactHeaderBytes) + serialise(kTailWordBytes)
                                : serialise(sizeof(host::CompletionSlot));
  return serialise(sizeof(Command)) + link.one_way_latency_ns + core_ns + completion +
         link.one_way_latency_ns + config.host_poll_ns;
}

RunSummary summarize(const DmaRunConfig& config, const DmaRunResult& result) {
  RunSummary summary;
  const RunLatencies& latencies = result.timeline.latencies();
  summary.commands = latencies.commands;
  summary.offered_per_s = config.offered_per_s;
  if (latencies.commands == 0) return summary;
  summary.duration_ns =
      static_cast<double>(latencies.last_done - latencies.first_arrival) / kPsPerNs;
  if (summary.duration_ns > 0) {
    summary.throughput_per_s = static_cast<double>(latencies.commands) / summary.duration_ns * 1e9;
  }
  summary.end_to_end = percentiles(latencies.end_to_end);
  summary.host_to_card = percentiles(latencies.host_to_card);
  summary.queueing = percentiles(latencies.queueing);
  summary.core = percentiles(latencies.core);
  summary.card_to_host = percentiles(latencies.card_to_host);
  summary.latency_floor_ns = latency_floor_ns(config, summary.core.p50_ns);
  return summary;
}

NamedFigures report_figures(const DmaRunConfig& config, const DmaRunResult& result) {
  const RunSummary summary = summarize(config, result);
  NamedFigures figures;
  figures.emplace_back("offered_per_s", summary.offered_per_s);
  figures.emplace_back("throughput_per_s", summary.throughput_per_s);
  figures.emplace_back("simulated_duration_ns", summary.duration_ns);
  add(figures, "latency", summary.end_to_end);
  figures.emplace_back("latency_floor_ns", summary.latency_floor_ns);
  figures.emplace_back("latency_p50_over_floor", summary.latency_floor_ns > 0
                                                     ? summary.end_to_end.p50_ns /
                                                           summary.latency_floor_ns
                                                     : 0.0);
  add(figures, "host_to_card", summary.host_to_card);
  add(figures, "queueing", summary.queueing);
  add(figures, "core", summary.core);
  add(figures, "card_to_host", summary.card_to_host);
  figures.emplace_back("submission_ring_occupancy_mean", result.submission_ring.mean());
  figures.emplace_back("submission_ring_occupancy_max", result.submission_ring.max);
  figures.emplace_back("completion_ring_occupancy_mean", result.completion_ring.mean());
  figures.emplace_back("completion_ring_occupancy_max", result.completion_ring.max);
  figures.emplace_back("completion_stalls", static_cast<double>(result.completion_stalls));
  figures.emplace_back("doorbells", static_cast<double>(result.doorbells));
  figures.emplace_back("dma_fetches", static_cast<double>(result.fetches));
  figures.emplace_back("completion_writes", static_cast<double>(result.completion_writes));
  figures.emplace_back("busy_returns", static_cast<double>(result.busy_returns));
  figures.emplace_back("window_writes", static_cast<double>(result.window_writes));
  figures.emplace_back("window_commands", static_cast<double>(result.window_commands));
  figures.emplace_back("window_full_commands", static_cast<double>(result.window_full_commands));
  figures.emplace_back("to_card_tlps", static_cast<double>(result.to_card_tlps));
  figures.emplace_back("to_host_tlps", static_cast<double>(result.to_host_tlps));
  const auto per_command = [&summary](std::uint64_t bytes) {
    return summary.commands == 0 ? 0.0
                                 : static_cast<double>(bytes) / static_cast<double>(summary.commands);
  };
  figures.emplace_back("host_to_card_wire_bytes_per_command", per_command(result.to_card_wire_bytes));
  figures.emplace_back("card_to_host_wire_bytes_per_command", per_command(result.to_host_wire_bytes));
  if (result.core_busy_cycles > 0) { // the clocked RTL core
    figures.emplace_back("core_busy_cycles", static_cast<double>(result.core_busy_cycles));
    figures.emplace_back("core_event_wait_cycles",
                         static_cast<double>(result.core_event_wait_cycles));
    figures.emplace_back("core_command_wait_cycles",
                         static_cast<double>(result.core_command_wait_cycles));
  }
  figures.emplace_back("model_link_one_way_latency_ns", config.link.one_way_latency_ns);
  figures.emplace_back("model_link_bandwidth_gbytes_per_s", config.link.bandwidth_gbytes_per_s);
  figures.emplace_back("model_link_max_payload_bytes", config.link.max_payload_bytes);
  figures.emplace_back("model_link_tlp_overhead_bytes", config.link.tlp_overhead_bytes);
  figures.emplace_back("model_core_clock_mhz", config.card.core_clock_mhz);
  figures.emplace_back("model_submission_ring_entries", config.driver.submission_entries);
  figures.emplace_back("model_completion_ring_entries", config.driver.completion_entries);
  figures.emplace_back("model_doorbell_batch", config.driver.doorbell_batch);
  figures.emplace_back("model_submit_pio",
                       config.driver.submit_mode == host::SubmitMode::Pio ? 1.0 : 0.0);
  figures.emplace_back("model_pio_window_entries", config.driver.pio_window_entries);
  figures.emplace_back("model_window_full_to_ring",
                       config.driver.window_full == host::WindowFull::Ring ? 1.0 : 0.0);
  figures.emplace_back("model_host_poll_ns", config.host_poll_ns);
  figures.emplace_back("model_write_burst", config.card.write_burst_events);
  figures.emplace_back("model_events_compact",
                       config.driver.event_encoding == host::EventEncoding::Compact ? 1.0 : 0.0);
  return figures;
}

bool parse_dma_options(const std::map<std::string, std::string>& options, DmaRunConfig& config,
                       std::string& error) {
  using Setter = std::function<bool(const std::string&)>;
  const auto real = [](double& field) {
    return Setter([&field](const std::string& text) { return parse_number(text, field); });
  };
  const auto whole = [](std::uint32_t& field) {
    return Setter([&field](const std::string& text) { return parse_number(text, field); });
  };
  const std::map<std::string, Setter> setters{
      {"latency_ns", real(config.link.one_way_latency_ns)},
      {"bandwidth_gbytes_per_s", real(config.link.bandwidth_gbytes_per_s)},
      {"max_payload", whole(config.link.max_payload_bytes)},
      {"max_read_request", whole(config.link.max_read_request_bytes)},
      {"tlp_overhead", whole(config.link.tlp_overhead_bytes)},
      {"link_stall_probability", real(config.link.stall_probability)},
      {"link_stall_max_ns", real(config.link.stall_max_ns)},
      {"clock_mhz", real(config.card.core_clock_mhz)},
      {"command_fifo", whole(config.card.command_fifo_depth)},
      {"event_fifo", whole(config.card.event_fifo_depth)},
      {"write_burst", whole(config.card.write_burst_events)},
      {"core_stall_probability", real(config.card.core_stall_probability)},
      {"core_stall_max_cycles", whole(config.card.core_stall_max_cycles)},
      {"sq_entries", whole(config.driver.submission_entries)},
      {"cq_entries", whole(config.driver.completion_entries)},
      {"batch", whole(config.driver.doorbell_batch)},
      {"blocking", [&config](const std::string& text) {
         if (text != "0" && text != "1") return false;
         config.driver.blocking = text == "1";
         return true;
       }},
      {"submit", [&config](const std::string& text) {
         if (text != "ring" && text != "pio") return false;
         config.driver.submit_mode = text == "pio" ? host::SubmitMode::Pio : host::SubmitMode::Ring;
         return true;
       }},
      {"pio_window", whole(config.driver.pio_window_entries)},
      {"window_full", [&config](const std::string& text) {
         if (text != "wait" && text != "ring") return false;
         config.driver.window_full =
             text == "ring" ? host::WindowFull::Ring : host::WindowFull::Wait;
         return true;
       }},
      {"events", [&config](const std::string& text) {
         if (text != "full" && text != "compact") return false;
         config.driver.event_encoding =
             text == "compact" ? host::EventEncoding::Compact : host::EventEncoding::Full;
         return true;
       }},
      {"host_poll_ns", real(config.host_poll_ns)},
      {"offered_per_s", real(config.offered_per_s)},
      {"seed", [&config](const std::string& text) { return parse_number(text, config.seed); }},
      {"trace", [&config](const std::string& text) {
         if (!text.ends_with(".fst") && !text.ends_with(".vcd")) return false;
         config.trace_path = text;
         return true;
       }},
      {"trace_from", [&config](const std::string& text) { return sim::parse_trace_bound(text, config.trace_from); }},
      {"trace_to", [&config](const std::string& text) { return sim::parse_trace_bound(text, config.trace_to); }},
  };
  for (const auto& [key, value] : options) {
    if (key == "link") continue;
    // The card holds one tm_core: one lane, its own merge, is what runs; more are refused rather
    // than run as one core.
    if ((key == "lanes" && value == "1") || (key == "merge" && value == "core")) continue;
    if (key == "lanes" || key == "merge") {
      error = fmt::format("DMA option {}={}: the link's card runs one core (lanes=1), not symbol "
                          "lanes; run lanes without --link (--backend rtl, config hw16, --opt "
                          "lanes=N; docs/rtl.md, \"Symbol lanes\")",
                          key, value);
      return false;
    }
    const auto setter = setters.find(key);
    if (setter == setters.end()) {
      std::vector<std::string> known;
      for (const auto& entry : setters) known.push_back(entry.first);
      error = fmt::format("unknown DMA option '{}' (known: link, {})", key, fmt::join(known, ", "));
      return false;
    }
    if (!setter->second(value)) {
      if (key == "submit") {
        error = fmt::format("DMA option submit={} is neither ring nor pio", value);
      } else if (key == "events") {
        error = fmt::format("DMA option events={} is neither full nor compact", value);
      } else if (key == "window_full") {
        error = fmt::format("DMA option window_full={} is neither wait nor ring", value);
      } else if (key == "trace") {
        error = fmt::format("DMA option trace={} must name a .fst or .vcd file", value);
      } else if (key == "trace_from" || key == "trace_to") {
        error = fmt::format("DMA option {}={} is neither a cycle N nor a command cmd:N", key, value);
      } else {
        error = fmt::format("DMA option {}={} is not a number of the right kind", key, value);
      }
      return false;
    }
  }
  if ((options.contains("trace_from") || options.contains("trace_to")) && config.trace_path.empty()) {
    error = "DMA options trace_from and trace_to need trace=FILE";
    return false;
  }
  if (const std::string invalid = sim::trace_window_error(config.trace_from, config.trace_to);
      !invalid.empty()) {
    error = "DMA option " + invalid;
    return false;
  }
  if (auto invalid = validate(config)) {
    error = *invalid;
    return false;
  }
  return true;
}

std::vector<LoadPoint> load_curve(const DmaRunConfig& config, CoreModel& core,
                                  std::span<const Command> commands,
                                  std::span<const double> fractions, std::string& error) {
  std::vector<LoadPoint> points;
  std::vector<Event> events;
  DmaRunConfig run = config;
  run.offered_per_s = 0;
  DmaRunResult saturated = run_dma(run, core, commands, events);
  if (!saturated.fault.empty()) {
    error = saturated.fault;
    return {};
  }
  const double capacity = summarize(run, saturated).throughput_per_s;
  for (const double fraction : fractions) {
    run.offered_per_s = fraction * capacity;
    events.clear();
    const DmaRunResult result = run_dma(run, core, commands, events);
    if (!result.fault.empty()) {
      error = result.fault;
      return {};
    }
    points.push_back({fraction, summarize(run, result)});
  }
  return points;
}

std::string load_curve_csv(std::span<const LoadPoint> points) {
  std::string csv =
      "offered_fraction,offered_per_s,throughput_per_s,latency_p50_ns,latency_p99_ns,"
      "latency_p999_ns,latency_max_ns,queueing_p50_ns,queueing_p99_ns,latency_floor_ns\n";
  for (const LoadPoint& point : points) {
    const RunSummary& s = point.summary;
    csv += fmt::format("{:.3f},{:.0f},{:.0f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f}\n",
                       point.offered_fraction, s.offered_per_s, s.throughput_per_s,
                       s.end_to_end.p50_ns, s.end_to_end.p99_ns, s.end_to_end.p999_ns,
                       s.end_to_end.max_ns, s.queueing.p50_ns, s.queueing.p99_ns,
                       s.latency_floor_ns);
  }
  return csv;
}

} // namespace twinmatch::link
