#include "report_run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "measure.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/generator.hpp"
#include "variants.hpp"
#include "workloads.hpp"

namespace twinmatch::bench {
namespace {

constexpr std::uint64_t kCheckSeed = 42;
constexpr std::size_t kCheckCommands = 5000;

// The event-stream identity check: every scenario of the generator, concatenated per scenario.
struct CheckRun {
  std::vector<Event> events;
  tools::Metrics metrics; // of the normal-session run
};

CheckRun run_check_streams(tools::Backend& backend) {
  CheckRun check;
  for (tools::Scenario scenario : tools::kScenarios) {
    const auto commands = tools::generate(backend.config(), scenario, kCheckSeed, kCheckCommands);
    tools::Metrics metrics;
    backend.run(commands, check.events, metrics);
    if (scenario == tools::Scenario::Normal) check.metrics = metrics;
  }
  return check;
}

struct ProbeSamples {
  std::vector<double> wall_ns, allocs, bytes, sim_ns;
};

void add_result(ReportData& report, const std::string& backend, std::string metric,
                Timebase timebase, std::string unit, bool higher_is_better,
                std::vector<double> samples, std::string note) {
  if (samples.empty()) return;
  report.results.push_back({backend, std::move(metric), timebase, std::move(unit),
                            higher_is_better, std::move(samples), std::move(note)});
}

std::vector<double> rates_from_ns(const std::vector<double>& ns_per_op, double per_op = 1) {
  std::vector<double> rates;
  for (double ns : ns_per_op) rates.push_back(ns > 0 ? per_op * 1e9 / ns : 0);
  return rates;
}

void record_probe(ReportData& report, const std::string& backend, const Probe& probe,
                  const ProbeSamples& samples, double fills_per_op, const std::string& clock) {
  const std::string sim_note = fmt::format("simulated time at {}, {}", clock, probe.note);
  if (probe.metric == "match_throughput") {
    add_result(report, backend, "match_throughput_per_s", Timebase::Host, "matches/s", true,
               rates_from_ns(samples.wall_ns, fills_per_op),
               "Fill events / wall time of " + probe.note);
    add_result(report, backend, "commands_per_s", Timebase::Host, "commands/s", true,
               rates_from_ns(samples.wall_ns), "commands / wall time of " + probe.note);
    add_result(report, backend, "match_throughput_per_s", Timebase::Simulated, "matches/s", true,
               rates_from_ns(samples.sim_ns, fills_per_op), sim_note);
    add_result(report, backend, "commands_per_s", Timebase::Simulated, "commands/s", true,
               rates_from_ns(samples.sim_ns), sim_note);
    add_result(report, backend, "allocs_per_command", Timebase::Host, "allocs/op", false,
               samples.allocs, "operator new calls per command of " + probe.note);
    add_result(report, backend, "bytes_per_command", Timebase::Host, "B/op", false,
               samples.bytes, "bytes requested from operator new per command of " + probe.note);
    return;
  }
  add_result(report, backend, probe.metric + "_ns", Timebase::Host, "ns", false, samples.wall_ns,
             "wall time, " + probe.note);
  add_result(report, backend, probe.metric + "_ns", Timebase::Simulated, "ns", false,
             samples.sim_ns, sim_note);
  if (probe.metric == "place_order") {
    add_result(report, backend, "place_allocs_per_op", Timebase::Host, "allocs/op", false,
               samples.allocs, "operator new calls per placement, " + probe.note);
    add_result(report, backend, "place_bytes_per_op", Timebase::Host, "B/op", false,
               samples.bytes, "bytes from operator new per placement, " + probe.note);
  }
}

// Measures one probe on one backend, if the backend accepts the probe's configuration.
void measure(const BackendVariant& variant, const Probe& probe, const ReportOptions& options,
             double nominal_clock_mhz, ReportData& report, BackendSummary& summary) {
  std::string unsupported; // e.g. a hardware backend asked for kCpuConfig: not measured
  const auto backend =
      tools::make_backend(variant.backend, probe.config, variant.options, unsupported);
  if (!backend) return;
  const auto start = std::chrono::steady_clock::now();
  ProbeRunner runner(*backend, probe, nominal_clock_mhz);
  if (!runner.error().empty()) {
    summary.error = runner.error();
    return;
  }
  ProbeSamples samples;
  double fills_per_op = 0;
  for (int repetition = 0; repetition < options.repetitions; ++repetition) {
    const OpSample sample = runner.sample();
    samples.wall_ns.push_back(sample.wall_ns_per_op);
    samples.allocs.push_back(sample.allocs_per_op);
    samples.bytes.push_back(sample.bytes_per_op);
    fills_per_op = sample.fills_per_op;
    summary.wall_source = sample.wall_source;
    if (sample.sim_ns_per_op) {
      samples.sim_ns.push_back(*sample.sim_ns_per_op);
      summary.clock = sample.sim_basis;
    }
  }
  record_probe(report, variant.label, probe, samples, fills_per_op, summary.clock);
  if (options.progress) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print(options.progress, "report: {:<8} {:<16} {} repetitions in {:.1f} s\n",
               variant.label, probe.metric, options.repetitions, seconds);
  }
}

} // namespace

bool run_report(const ReportOptions& options, ReportData& report, std::string& error) {
  report = ReportData{};
  if (!load_targets(options.targets_path, report.targets, error)) return false;
  report.targets_source = options.targets_path;
  report.machine = probe_machine();
  report.config = fmt::format("kHardwareConfig (symbols {}, price levels {}, handles {}, max "
                              "quantity {}); book_scan_1000 on kCpuConfig",
                              kHardwareConfig.symbols, kHardwareConfig.price_levels,
                              kHardwareConfig.handles, kHardwareConfig.max_quantity);
  report.workload = describe_workloads() +
                    fmt::format("; identity check: every generator scenario, {} commands each, "
                                "seed {}",
                                kCheckCommands, kCheckSeed);
  const std::vector<std::string> known = tools::backend_names();
  std::vector<std::string> names = options.backends.empty() ? known : options.backends;
  for (const std::string& name : names) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      error = fmt::format("unknown backend '{}' (known: {})", name, fmt::join(known, ", "));
      return false;
    }
  }

  // The oracle's events on the check streams: every backend must match them byte for byte.
  const auto oracle = tools::make_backend("ref", kHardwareConfig, {}, error);
  if (!oracle) return false;
  const std::vector<Event> expected = run_check_streams(*oracle).events;

  const std::vector<Probe> probes = standard_probes();
  const Probe deep_scan = deep_scan_probe();
  std::vector<BackendVariant> variants = backend_variants(kHardwareConfig, names);
  for (const std::string& name : names) { // say why a named backend is left out
    if (std::none_of(variants.begin(), variants.end(),
                     [&](const BackendVariant& variant) { return variant.backend == name; })) {
      BackendSummary summary;
      summary.name = name;
      tools::make_backend(name, kHardwareConfig, {}, summary.error);
      report.backends.push_back(summary);
    }
  }
  for (const BackendVariant& variant : variants) {
    BackendSummary summary;
    summary.name = variant.label;
    {
      // One model at a time: a simulated backend's kernel need not support two live instances.
      const auto backend =
          tools::make_backend(variant.backend, kHardwareConfig, variant.options, summary.error);
      if (!backend) {
        report.backends.push_back(summary);
        continue;
      }
      if (options.progress) {
        fmt::print(options.progress, "report: {:<8} identity check\n", variant.label);
      }
      const CheckRun check = run_check_streams(*backend);
      summary.metrics = check.metrics;
      summary.events = check.events.size();
      const auto divergence = tools::first_divergence(expected, check.events);
      summary.events_identical = !divergence;
      if (divergence) {
        summary.identity_detail =
            fmt::format("first difference at event {} of {}", divergence->index, expected.size());
      }
    }
    for (const Probe& probe : probes) {
      measure(variant, probe, options, report.targets.nominal_clock_mhz, report, summary);
    }
    measure(variant, deep_scan, options, report.targets.nominal_clock_mhz, report, summary);
    report.backends.push_back(summary);
  }
  return true;
}

} // namespace twinmatch::bench

namespace twinmatch::bench {
namespace {

constexpr std::string_view kReportUsage =
    "usage: twinmatch report [--backends a,b,...] [--repetitions N] [--out DIR] "
    "[--targets FILE]\n"
    "  runs the default workload on every registered backend (or those named), prints the\n"
    "  table and writes report.md, report.json and latency.svg into DIR (default: report/ in\n"
    "  the build directory, build/report)\n";

// <build>/report for the CLI at <build>/bin/twinmatch, wherever it is run from.
std::string default_out_dir() {
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "build/report";
  return (executable.parent_path().parent_path() / "report").string();
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) names.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return names;
}

} // namespace

int run_report_command(const std::vector<std::string>& args) {
  ReportOptions options;
  options.targets_path = TWINMATCH_TARGETS_FILE;
  options.out_dir = default_out_dir();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      fmt::print("{}", kReportUsage);
      return 0;
    }
    const bool takes_value =
        arg == "--backends" || arg == "--repetitions" || arg == "--out" || arg == "--targets";
    if (!takes_value || i + 1 >= args.size()) {
      fmt::print(stderr, "twinmatch report: {} {}\n{}", arg,
                 takes_value ? "needs a value" : "is not an option", kReportUsage);
      return 2;
    }
    const std::string& value = args[++i];
    if (arg == "--backends") options.backends = split_names(value);
    if (arg == "--out") options.out_dir = value;
    if (arg == "--targets") options.targets_path = value;
    if (arg == "--repetitions") {
      options.repetitions = std::atoi(value.c_str());
      if (options.repetitions < 1 || options.repetitions > 1000) {
        fmt::print(stderr, "twinmatch report: --repetitions needs 1 .. 1000\n");
        return 2;
      }
    }
  }
  ReportData report;
  std::string error;
  if (!run_report(options, report, error)) {
    fmt::print(stderr, "twinmatch report: {}\n", error);
    return 2;
  }
  fmt::print("{}", render_table(report));
  for (const BackendSummary& backend : report.backends) {
    if (!backend.error.empty()) fmt::print("{}: not measured: {}\n", backend.name, backend.error);
    if (backend.events_identical && !*backend.events_identical) {
      fmt::print("{}: event stream DIFFERS from ref: {}\n", backend.name, backend.identity_detail);
    }
  }
  if (!write_report_files(report, options.out_dir, error)) {
    fmt::print(stderr, "twinmatch report: {}\n", error);
    return 2;
  }
  fmt::print("wrote {0}/report.md, {0}/report.json, {0}/latency.svg\n", options.out_dir);
  return 0;
}

} // namespace twinmatch::bench
