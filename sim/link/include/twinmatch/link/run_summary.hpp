// What a DMA run measured, as named figures (units in the names), and the latency-under-load
// curve. Every figure is simulated time of the model, never host wall-clock time.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "twinmatch/link/dma_run.hpp"

namespace twinmatch::link {

using NamedFigures = std::vector<std::pair<std::string, double>>;

// Nearest-rank percentiles of one latency component, in simulated ns (exact below 65.536 ns,
// within 15 ppm above: LatencyDistribution).
struct LatencySummary {
  double p50_ns = 0;
  double p99_ns = 0;
  double p999_ns = 0;
  double max_ns = 0;
};

struct RunSummary {
  std::uint64_t commands = 0;
  double offered_per_s = 0;  // 0: all offered at once
  double duration_ns = 0;    // first arrival to last completion
  double throughput_per_s = 0;
  LatencySummary end_to_end;   // arrival -> host drained the last event
  // Doorbell transit, plus the read request's round trip for the record.
  LatencySummary host_to_card;
  // Arrival -> doorbell (ring full, batching), doorbell landed -> read request (card FIFO
  // full), command FIFO -> core (core busy).
  LatencySummary queueing;
  LatencySummary core;         // core took it -> its last event left the core
  LatencySummary card_to_host; // last event left the core -> host drained it
  double latency_floor_ns = 0; // latency_floor_ns() for this run's median core time
};

RunSummary summarize(const DmaRunConfig& config, const DmaRunResult& result);

// The least order-to-event latency this link allows a command the core answers in `core_ns`
// (take -> last event out), whatever the submission design: its 32-byte record serialised as one
// posted TLP (payload + TLP overhead), one way to the card, the core, one 72-byte completion
// slot serialised as one TLP, one way back, and the host's poll. No queueing, no read round trip.
double latency_floor_ns(const DmaRunConfig& config, double core_ns);

// The summary, the ring occupancy and link counters, and the model parameters, for the run report.
NamedFigures report_figures(const DmaRunConfig& config, const DmaRunResult& result);

// Reads the DMA options (see docs/host.md; "link" itself is the caller's) over the defaults.
// Returns false with `error` on an unknown key or a bad value.
bool parse_dma_options(const std::map<std::string, std::string>& options, DmaRunConfig& config,
                       std::string& error);

struct LoadPoint {
  double offered_fraction = 0; // of the saturated throughput
  RunSummary summary;
};

// Runs `commands` once at saturation, then at each fraction of that throughput.
// Empty with `error` set when a run faults.
std::vector<LoadPoint> load_curve(const DmaRunConfig& config, CoreModel& core,
                                  std::span<const Command> commands,
                                  std::span<const double> fractions, std::string& error);

// One CSV row per point with a header line.
std::string load_curve_csv(std::span<const LoadPoint> points);

} // namespace twinmatch::link
