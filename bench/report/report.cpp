// The report's verdicts and its text, Markdown and JSON forms.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "twinmatch/bench/report.hpp"
#include "twinmatch/bench/stats.hpp"

namespace twinmatch::bench {
namespace {

const MetricResult* find_result(const ReportData& report, const std::string& backend,
                                const std::string& metric, Timebase timebase) {
  for (const MetricResult& result : report.results) {
    if (result.backend == backend && result.metric == metric && result.timebase == timebase) {
      return &result;
    }
  }
  return nullptr;
}

const BackendSummary* find_backend(const ReportData& report, const std::string& name) {
  for (const BackendSummary& backend : report.backends) {
    if (backend.name == name) return &backend;
  }
  return nullptr;
}

bool is_time_unit(const std::string& unit) {
  return unit == "ns" || unit.find("/s") != std::string::npos;
}

// How the figure was obtained, and whether it can carry a verdict: the host's wall time where
// that is the product's latency, simulated time at the stated clock, or a simulator's speed.
std::string basis(const ReportData& report, const MetricResult& result) {
  const bool timed = is_time_unit(result.unit);
  switch (result.timebase) {
  case Timebase::Simulated: {
    const BackendSummary* backend = find_backend(report, result.backend);
    return backend && !backend->clock.empty() ? "sim @ " + backend->clock : "sim";
  }
  case Timebase::SimulatorWall:
    return timed ? "simulator speed (host wall), no verdict"
                 : "counted (host, simulator included), no verdict";
  case Timebase::Host: break;
  }
  return timed ? "wall (host)" : "counted (host)";
}

// "2.97 .. 3.08 M matches/s": the unit once when both ends share it.
std::string format_range(double low, double high, const std::string& unit) {
  const std::string first = format_value(low, unit);
  const std::string last = format_value(high, unit);
  const auto first_space = first.find(' ');
  const auto last_space = last.find(' ');
  if (first_space == std::string::npos || last_space == std::string::npos ||
      first.substr(first_space) != last.substr(last_space)) {
    return fmt::format("{} .. {}", first, last);
  }
  return fmt::format("{} .. {}", first.substr(0, first_space), last);
}

struct Row {
  std::string backend, metric, basis, median, spread, target, verdict;
};

std::vector<Row> table_rows(const ReportData& report) {
  const std::vector<Verdict> verdicts = evaluate(report);
  std::vector<Row> rows;
  for (const MetricResult& result : report.results) {
    Row row{result.backend, result.metric, basis(report, result),
            format_value(median(result.samples), result.unit), "", "", ""};
    if (!result.samples.empty()) {
      const auto [low, high] = std::minmax_element(result.samples.begin(), result.samples.end());
      row.spread = fmt::format("{} (n={})", format_range(*low, *high, result.unit),
                               result.samples.size());
    }
    bool targeted = false;
    for (const Verdict& verdict : verdicts) {
      if (verdict.result != &result) continue;
      row.target = fmt::format("{} ({})", verdict.target->describe_bound(), verdict.target->id);
      row.verdict = verdict.status;
      rows.push_back(row);
      targeted = true;
    }
    if (!targeted) {
      row.target = "-";
      rows.push_back(row);
    }
  }
  for (const Verdict& verdict : verdicts) {
    if (verdict.status != "pending") continue;
    rows.push_back({verdict.backend, verdict.target->metric,
                    std::string(timebase_name(verdict.target->timebase)), "-", "",
                    fmt::format("{} ({})", verdict.target->describe_bound(), verdict.target->id),
                    "pending"});
  }
  return rows;
}

constexpr std::array<std::string_view, 7> kHeadings{"backend", "metric", "basis", "median",
                                                    "spread (min .. max)", "target", "verdict"};

std::array<std::string, 7> cells(const Row& row) {
  return {row.backend, row.metric, row.basis, row.median, row.spread, row.target, row.verdict};
}

} // namespace

std::vector<Verdict> evaluate(const ReportData& report) {
  std::vector<Verdict> verdicts;
  for (const Target& target : report.targets.targets) {
    for (const BackendSummary& backend : report.backends) {
      if (!target.names_backend(backend.name)) continue;
      Verdict verdict{&target, backend.name, nullptr, "n/a", 0, std::nullopt};
      if (!target.pending.empty()) {
        verdict.status = "pending";
      } else if (const MetricResult* result =
                     find_result(report, backend.name, target.metric, target.timebase)) {
        verdict.result = result;
        if (!result->samples.empty()) {
          verdict.measured = median(result->samples);
          verdict.status = target.met_by(verdict.measured) ? "PASS" : "FAIL";
          verdict.headroom = target.headroom(verdict.measured);
        }
      }
      verdicts.push_back(verdict);
    }
  }
  return verdicts;
}

bool any_failure(const std::vector<Verdict>& verdicts) {
  return std::any_of(verdicts.begin(), verdicts.end(),
                     [](const Verdict& verdict) { return verdict.status == "FAIL"; });
}

std::string format_value(double value, const std::string& unit) {
  if (std::isnan(value)) return "-";
  if (unit == "ns") {
    if (std::abs(value) >= 1e9) return fmt::format("{:.3g} s", value / 1e9);
    if (std::abs(value) >= 1e6) return fmt::format("{:.3g} ms", value / 1e6);
    if (std::abs(value) >= 1e3) return fmt::format("{:.3g} us", value / 1e3);
    return fmt::format("{:.3g} ns", value);
  }
  if (unit.find("/s") != std::string::npos) {
    if (std::abs(value) >= 1e9) return fmt::format("{:.3g} G {}", value / 1e9, unit);
    if (std::abs(value) >= 1e6) return fmt::format("{:.3g} M {}", value / 1e6, unit);
    if (std::abs(value) >= 1e3) return fmt::format("{:.3g} k {}", value / 1e3, unit);
  }
  return fmt::format("{:.4g} {}", value, unit);
}

std::string render_table(const ReportData& report) {
  const std::vector<Row> rows = table_rows(report);
  std::array<std::size_t, 7> widths{};
  for (std::size_t i = 0; i < widths.size(); ++i) widths[i] = kHeadings[i].size();
  for (const Row& row : rows) {
    const auto values = cells(row);
    for (std::size_t i = 0; i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], values[i].size());
    }
  }
  std::string text;
  auto line = [&](const auto& values) {
    for (std::size_t i = 0; i < widths.size(); ++i) {
      text += fmt::format("{:<{}}", values[i], widths[i] + (i + 1 < widths.size() ? 2 : 0));
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    text += '\n';
  };
  line(kHeadings);
  std::array<std::string, 7> rules;
  for (std::size_t i = 0; i < rules.size(); ++i) rules[i] = std::string(widths[i], '-');
  line(rules);
  for (const Row& row : rows) line(cells(row));
  return text;
}

namespace {

std::string escape_markdown(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// One row per backend, one column per event type any backend emitted, in type order.
std::string render_event_types(const std::vector<BackendSummary>& backends) {
  std::vector<std::string> types;
  for (const BackendSummary& backend : backends) {
    auto at = types.begin();
    for (const auto& [type, count] : backend.events_by_type) {
      const auto found = std::find(types.begin(), types.end(), type);
      at = found != types.end() ? found + 1 : types.insert(at, type) + 1;
    }
  }
  if (types.empty()) return {};
  std::string md = "\n## Events by type\n\nEach backend's events on the identity check's streams "
                   "(every scenario of the generator).\n\n";
  md += fmt::format("| backend | {} |\n|---|{}\n", fmt::join(types, " | "),
                    fmt::join(std::vector<std::string>(types.size(), "---:|"), ""));
  for (const BackendSummary& backend : backends) {
    if (backend.events_by_type.empty()) continue;
    std::vector<std::uint64_t> counts(types.size(), 0);
    for (const auto& [type, count] : backend.events_by_type) {
      counts[static_cast<std::size_t>(std::find(types.begin(), types.end(), type) - types.begin())] = count;
    }
    md += fmt::format("| {} | {} |\n", backend.name, fmt::join(counts, " | "));
  }
  return md;
}

} // namespace

std::string render_lanes_markdown(const ReportData& report) {
  if (report.lanes.empty()) return {};
  std::string md = "\n## Symbol lanes (rtl, simulated cycles)\n\n" + report.lanes_workload +
                   "\n\n| scenario | handles | lanes | merge | cycles/command | "
                   "commands/cycle | events/command | commands | identical to ref |\n"
                   "|---|---|---:|---|---:|---:|---:|---:|---|\n";
  for (const LaneRun& run : report.lanes) {
    md += fmt::format("| {} | {} | {} | {} | {:.2f} | {:.3f} | {:.2f} | {} | {} |\n",
                      run.scenario, run.handles, run.lanes,
                      run.lanes == 1 ? "-" : run.host_merge ? "host" : "core",
                      run.cycles_per_command, run.commands_per_cycle, run.events_per_command,
                      run.commands,
                      run.events_identical ? "byte-identical"
                                           : escape_markdown("DIFFERS: " + run.identity_detail));
  }
  return md;
}

std::string render_markdown(const ReportData& report, const std::string& svg_file_name) {
  std::string md = render_summary_markdown(report);
  md += "\n## Set-up\n\n";
  md += fmt::format("- Core configuration: {}\n", report.config);
  md += fmt::format("- Workload: {}\n", report.workload);
  md += fmt::format("- Targets: {}\n\n", report.targets_source);

  md += "## Backends\n\n| backend | clock | wall time covers | events | identical to ref | "
        "own metrics (its Backend::run of the identity check's normal session) |\n";
  md += "|---|---|---|---:|---|---|\n";
  for (const BackendSummary& backend : report.backends) {
    std::string identity = backend.error.empty() ? "-" : "error: " + backend.error;
    if (backend.events_identical) {
      identity = *backend.events_identical ? "byte-identical" : "DIFFERS: " + backend.identity_detail;
    }
    std::vector<std::string> metrics;
    for (const auto& [name, value] : backend.metrics) {
      metrics.push_back(fmt::format("{}={:g}", name, value));
    }
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", backend.name,
                      backend.clock.empty() ? "- (wall time only)" : backend.clock,
                      backend.wall_source.empty() ? "-" : backend.wall_source, backend.events,
                      escape_markdown(identity), escape_markdown(fmt::format("{}", fmt::join(metrics, ", "))));
  }

  md += render_event_types(report.backends);
  md += render_lanes_markdown(report);

  md += "\n## Results\n\n";
  md += "Each sample is one repetition; the table gives the median over repetitions. `_ns` "
        "latencies are the mean per command of a batch timed as a whole, `_p50_ns`/`_p99_ns` "
        "percentiles of per-command latencies (see the note per metric). Basis: `wall (host)` is "
        "host wall time where that is the product's latency (in-process engines; host software "
        "such as settlement); `sim` is simulated time at the stated clock; `simulator speed` is "
        "how fast a simulation ran on this host, shown for information and never judged.\n\n";
  md += fmt::format("| {} |\n", fmt::join(kHeadings, " | "));
  md += "|---|---|---|---:|---|---|---|\n";
  for (const Row& row : table_rows(report)) {
    std::vector<std::string> escaped;
    for (const std::string& cell : cells(row)) escaped.push_back(escape_markdown(cell));
    md += fmt::format("| {} |\n", fmt::join(escaped, " | "));
  }

  md += "\n## What each metric measures\n\n";
  // One line per distinct description, naming the backends it holds for.
  struct Description {
    const MetricResult* first;
    std::vector<std::string> backends;
  };
  std::vector<Description> described;
  for (const MetricResult& result : report.results) {
    const auto same = std::find_if(described.begin(), described.end(), [&](const Description& d) {
      return d.first->metric == result.metric && d.first->timebase == result.timebase &&
             d.first->note == result.note;
    });
    if (same == described.end()) {
      described.push_back({&result, {result.backend}});
    } else {
      same->backends.push_back(result.backend);
    }
  }
  for (const Description& description : described) {
    md += fmt::format("- `{}` ({}; {}): {}\n", description.first->metric,
                      timebase_name(description.first->timebase),
                      fmt::join(description.backends, ", "), description.first->note);
  }

  md += "\n## Targets\n\n| id | source | requirement | backend | basis | verdict |\n";
  md += "|---|---|---|---|---|---|\n";
  for (const Verdict& verdict : evaluate(report)) {
    std::string status = verdict.status;
    if (status == "pending") status += ": " + verdict.target->pending;
    if (status == "n/a") status += ": not measured for this backend";
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", verdict.target->id,
                      verdict.target->source, escape_markdown(verdict.target->what),
                      verdict.backend, timebase_name(verdict.target->timebase),
                      escape_markdown(status));
  }
  md += fmt::format("\n## Latency distributions\n\n![latency per command]({})\n", svg_file_name);
  return md;
}

std::string render_json(const ReportData& report) {
  using Json = nlohmann::ordered_json;
  Json root;
  root["format"] = "twinmatch-report";
  root["version"] = 2; // 2: numeric bounds, headroom, commit
  root["machine"] = {{"cpu_model", report.machine.cpu_model},
                     {"cores", report.machine.cores},
                     {"compiler", report.machine.compiler},
                     {"build_type", report.machine.build_type},
                     {"flags", report.machine.flags},
                     {"timestamp_utc", report.machine.timestamp_utc}};
  root["commit"] = report.machine.commit;
  root["config"] = report.config;
  root["workload"] = report.workload;
  root["targets_source"] = report.targets_source;
  root["nominal_clock_mhz"] = report.targets.nominal_clock_mhz;
  root["backends"] = Json::array();
  for (const BackendSummary& backend : report.backends) {
    Json entry{{"name", backend.name},
               {"events", backend.events},
               {"clock", backend.clock},
               {"wall_source", backend.wall_source}};
    if (!backend.error.empty()) entry["error"] = backend.error;
    if (backend.events_identical) {
      entry["events_identical"] = *backend.events_identical;
      if (!*backend.events_identical) entry["identity_detail"] = backend.identity_detail;
    }
    entry["metrics"] = Json::object();
    for (const auto& [name, value] : backend.metrics) entry["metrics"][name] = value;
    entry["events_by_type"] = Json::object();
    for (const auto& [type, count] : backend.events_by_type) entry["events_by_type"][type] = count;
    root["backends"].push_back(entry);
  }
  root["lanes_workload"] = report.lanes_workload;
  root["lanes"] = Json::array();
  for (const LaneRun& run : report.lanes) {
    Json entry{{"scenario", run.scenario},
               {"handles", run.handles},
               {"handle_lanes", run.handle_lanes},
               {"lanes", run.lanes},
               {"host_merge", run.host_merge},
               {"commands", run.commands},
               {"cycles_per_command", run.cycles_per_command},
               {"commands_per_cycle", run.commands_per_cycle},
               {"events_per_command", run.events_per_command},
               {"events_identical", run.events_identical}};
    if (!run.events_identical) entry["identity_detail"] = run.identity_detail;
    root["lanes"].push_back(entry);
  }
  root["results"] = Json::array();
  for (const MetricResult& result : report.results) {
    root["results"].push_back({{"backend", result.backend},
                               {"metric", result.metric},
                               {"timebase", timebase_name(result.timebase)},
                               {"unit", result.unit},
                               {"better", result.higher_is_better ? "higher" : "lower"},
                               {"median", median(result.samples)},
                               {"samples", result.samples},
                               {"note", result.note}});
  }
  root["verdicts"] = Json::array();
  for (const Verdict& verdict : evaluate(report)) {
    const Target& target = *verdict.target;
    Json entry{{"target", target.id},
               {"label", target.row_label()},
               {"backend", verdict.backend},
               {"metric", target.metric},
               {"timebase", timebase_name(target.timebase)},
               {"bound", {{"op", target.op_symbol()}, {"value", target.value}, {"unit", target.unit}}},
               {"bound_text", target.describe_bound()},
               {"status", verdict.status}};
    if (verdict.status == "PASS" || verdict.status == "FAIL") {
      entry["median"] = verdict.measured;
      // bound / median (upper bound) or median / bound (lower bound); null when meaningless.
      entry["headroom"] = verdict.headroom ? Json(*verdict.headroom) : Json(nullptr);
    }
    if (!target.pending.empty()) entry["pending"] = target.pending;
    root["verdicts"].push_back(entry);
  }
  return root.dump(2) + "\n";
}

bool write_report_files(const ReportData& report, const std::string& directory,
                        std::string& error) {
  std::error_code code;
  std::filesystem::create_directories(directory, code);
  if (code) {
    error = fmt::format("{}: cannot create directory: {}", directory, code.message());
    return false;
  }
  const std::pair<std::string, std::string> files[] = {
      {"report.md", render_markdown(report, "latency.svg")},
      {"report.json", render_json(report)},
      {"latency.svg", render_latency_svg(report)},
  };
  for (const auto& [name, text] : files) {
    const std::string path = (std::filesystem::path(directory) / name).string();
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file.flush()) {
      error = fmt::format("{}: cannot write", path);
      return false;
    }
  }
  return true;
}

} // namespace twinmatch::bench
