// What `twinmatch report` measured, and the writers that turn it into the console table,
// Markdown, JSON and an SVG chart. Measuring lives in bench/suite; this part only formats, so
// the tests can feed it a small hand-made run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "twinmatch/bench/targets.hpp"

namespace twinmatch::bench {

// One measured figure of one backend: a sample per repetition.
struct MetricResult {
  std::string backend;
  std::string metric; // e.g. "place_order_ns"; the names bench/targets.json uses
  Timebase timebase = Timebase::Host;
  std::string unit;   // "ns", "matches/s", "commands/s", "allocs/op", "B/op"
  bool higher_is_better = false;
  std::vector<double> samples;
  std::string note;   // what one sample is, e.g. "mean of 1024 placements"
  // A time per command that is a cost at saturation (a link model's, every command offered at
  // once), not how long one command takes: kept off the chart's latency axis.
  bool not_a_latency = false;
};

struct BackendSummary {
  std::string name;
  std::string error;  // non-empty: the backend could not be built or run, and why
  std::vector<std::pair<std::string, double>> metrics; // its own Metrics on the check stream
  std::string clock;  // e.g. "250 MHz (nominal, targets.json)"; empty without simulated time
  std::string wall_source; // what its wall times cover, e.g. "Backend::run, fresh core included"
  std::optional<bool> events_identical; // to the reference model's events, byte for byte
  std::size_t events = 0;
  std::string identity_detail;          // where the streams first differ, when they do
  // Its events on the check streams by type name, in type order, the types it emitted only
  // (so a stream's stop and iceberg events show, or their absence does).
  std::vector<std::pair<std::string, std::uint64_t>> events_by_type;
};

// One run of the rtl backend's symbol lanes (docs/rtl.md, "Symbol lanes") on the 16-symbol
// configuration: simulated cycles, consumer always ready, no input gaps.
struct LaneRun {
  std::string scenario;      // the generator's
  std::string handles;       // how the stream's host gives out handles, in words
  unsigned handle_lanes = 1; // the stream's handle pools (gen --handle-lanes; 1: one free list)
  unsigned lanes = 1;        // 1: one tm_core
  bool host_merge = false;   // one event port per lane, merged on the host
  std::uint64_t commands = 0;
  double cycles_per_command = 0;
  double commands_per_cycle = 0;
  double events_per_command = 0;
  bool events_identical = false; // to the reference model's, byte for byte
  std::string identity_detail;   // where they first differ, when they do
};

struct MachineInfo {
  std::string cpu_model;
  unsigned cores = 0;
  std::string compiler;
  std::string build_type;
  std::string flags;
  std::string timestamp_utc;
  std::string commit; // the build's git commit, "+ uncommitted changes", or why it is unknown
};

struct ReportData {
  MachineInfo machine;
  std::string config;   // the core configuration, in words
  std::string workload; // the workload, in words
  std::string targets_source;
  TargetTable targets;
  std::vector<BackendSummary> backends;
  std::vector<MetricResult> results;
  std::string lanes_workload;   // the lane runs' configuration and streams, in words
  std::vector<LaneRun> lanes;   // empty: the rtl backend was not measured
};

// The symbol-lane section: cycles per command per lane count (Markdown; empty without runs).
std::string render_lanes_markdown(const ReportData& report);

MachineInfo probe_machine();

// A verdict of one target for one backend.
struct Verdict {
  const Target* target;
  std::string backend;
  const MetricResult* result; // null when pending or not measured
  std::string status;         // "PASS", "FAIL", "pending", "n/a"
  double measured = 0;        // the median, when judged
  std::optional<double> headroom; // Target::headroom of the median
};
std::vector<Verdict> evaluate(const ReportData& report);
bool any_failure(const std::vector<Verdict>& verdicts); // a FAIL

// The report's first screen: when, which commit, on what machine; then the verdict matrix (a
// row per target label, a column per backend judged; in each cell the verdict, the headroom
// and the median) and the misses. Columns that do not fit in `width` go to a further block.
std::string render_summary(const ReportData& report, std::size_t width = 100);
std::string render_summary_markdown(const ReportData& report);
// "4.97x", "207x": how many times over a target is met (below 1: missed).
std::string format_headroom(double headroom);

// Human-scaled value with its unit: "45.2 ns", "3.21 us", "12.4 M matches/s".
std::string format_value(double value, const std::string& unit);

std::string render_table(const ReportData& report);    // every figure, fixed-width, for the console
std::string render_markdown(const ReportData& report, const std::string& svg_file_name);
std::string render_json(const ReportData& report);
// The chart: latencies on one log axis, rates on their own panel, target bounds drawn; a
// simulator's speed and costs at saturation are left out (the tables hold them).
std::string render_latency_svg(const ReportData& report);

// Writes report.md, report.json and latency.svg into `directory` (created if missing).
bool write_report_files(const ReportData& report, const std::string& directory,
                        std::string& error);

} // namespace twinmatch::bench
