// What `twinmatch report` measured, and the writers that turn it into the console table,
// Markdown, JSON and an SVG chart. Measuring lives in bench/suite; this part only formats, so
// the tests can feed it a small hand-made run.
#pragma once

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
};

struct MachineInfo {
  std::string cpu_model;
  unsigned cores = 0;
  std::string compiler;
  std::string build_type;
  std::string flags;
  std::string timestamp_utc;
};

struct ReportData {
  MachineInfo machine;
  std::string config;   // the core configuration, in words
  std::string workload; // the workload, in words
  std::string targets_source;
  TargetTable targets;
  std::vector<BackendSummary> backends;
  std::vector<MetricResult> results;
};

MachineInfo probe_machine();

// A verdict of one target for one backend.
struct Verdict {
  const Target* target;
  std::string backend;
  const MetricResult* result; // null when pending or not measured
  std::string status;         // "PASS", "FAIL", "pending", "n/a"
};
std::vector<Verdict> evaluate(const ReportData& report);

// Human-scaled value with its unit: "45.2 ns", "3.21 us", "12.4 M matches/s".
std::string format_value(double value, const std::string& unit);

std::string render_table(const ReportData& report);    // fixed-width text for the console
std::string render_markdown(const ReportData& report, const std::string& svg_file_name);
std::string render_json(const ReportData& report);
std::string render_latency_svg(const ReportData& report);

// Writes report.md, report.json and latency.svg into `directory` (created if missing).
bool write_report_files(const ReportData& report, const std::string& directory,
                        std::string& error);

} // namespace twinmatch::bench
