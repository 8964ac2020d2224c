#include "report_run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "drop_in.hpp"
#include "in_process.hpp"
#include "lanes.hpp"
#include "measure.hpp"
#include "settlement.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/event_tally.hpp"
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

std::vector<std::pair<std::string, std::uint64_t>> events_by_type(std::span<const Event> events) {
  const tools::EventTally tally = tools::tally_events(events);
  std::vector<std::pair<std::string, std::uint64_t>> counts;
  for (std::size_t type = 1; type < tally.events_by_type.size(); ++type) {
    if (tally.events_by_type[type] == 0) continue;
    counts.emplace_back(tools::event_type_name(static_cast<std::uint8_t>(type)),
                        tally.events_by_type[type]);
  }
  // Events of a type the protocol does not define: what the named counts leave.
  const std::uint64_t defined = std::accumulate(counts.begin(), counts.end(), std::uint64_t{0},
                                                [](std::uint64_t sum, const auto& count) {
                                                  return sum + count.second;
                                                });
  if (defined != events.size()) counts.emplace_back("undefined type", events.size() - defined);
  return counts;
}

struct ProbeSamples {
  std::vector<double> wall_ns, allocs, bytes, sim_ns;
  std::vector<double> p50_ns, p99_ns; // per-command percentiles (placement)
  // Behind a link model: the p99.9, and the link's computed latency floor with p50 over it.
  std::vector<double> p999_ns, floor_ns, p50_over_floor;
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

// How a probe's figures were taken: `wall` is Host for an in-process engine, SimulatorWall for a
// simulated backend; `wall_note` says what the wall time covers; `sim_note` the simulated time.
struct Coverage {
  Timebase wall = Timebase::Host;
  std::string wall_note;
  std::string sim_note;
  std::string percentile_note;
  bool sim_is_latency = true; // false: a link model's cost per command at saturation
};

void record_probe(ReportData& report, const std::string& backend, const Probe& probe,
                  const ProbeSamples& samples, double fills_per_op, const Coverage& coverage) {
  const std::string& wall = coverage.wall_note;
  const std::string sim = coverage.sim_note + " " + probe.note;
  if (probe.metric == "match_throughput") {
    add_result(report, backend, "match_throughput_per_s", coverage.wall, "matches/s", true,
               rates_from_ns(samples.wall_ns, fills_per_op),
               "Fill events / wall time; " + wall + "; " + probe.note);
    add_result(report, backend, "commands_per_s", coverage.wall, "commands/s", true,
               rates_from_ns(samples.wall_ns), "commands / wall time; " + wall + "; " + probe.note);
    add_result(report, backend, "match_throughput_per_s", Timebase::Simulated, "matches/s", true,
               rates_from_ns(samples.sim_ns, fills_per_op), sim);
    add_result(report, backend, "commands_per_s", Timebase::Simulated, "commands/s", true,
               rates_from_ns(samples.sim_ns), sim);
    add_result(report, backend, "allocs_per_command", coverage.wall, "allocs/op", false,
               samples.allocs, "operator new calls per command; " + wall + "; " + probe.note);
    add_result(report, backend, "bytes_per_command", coverage.wall, "B/op", false, samples.bytes,
               "bytes requested from operator new per command; " + wall + "; " + probe.note);
    return;
  }
  add_result(report, backend, probe.metric + "_ns", coverage.wall, "ns", false, samples.wall_ns,
             "wall time; " + wall + "; " + probe.note);
  add_result(report, backend, probe.metric + "_ns", Timebase::Simulated, "ns", false,
             samples.sim_ns, sim);
  if (!samples.sim_ns.empty()) report.results.back().not_a_latency = !coverage.sim_is_latency;
  if (probe.metric == "place_order") {
    const Timebase percentile_base = coverage.wall == Timebase::Host ? Timebase::Host
                                                                     : Timebase::Simulated;
    add_result(report, backend, "place_order_p50_ns", percentile_base, "ns", false,
               samples.p50_ns, coverage.percentile_note);
    add_result(report, backend, "place_order_p99_ns", percentile_base, "ns", false,
               samples.p99_ns, coverage.percentile_note);
    add_result(report, backend, "place_order_p999_ns", percentile_base, "ns", false,
               samples.p999_ns, coverage.percentile_note);
    add_result(report, backend, "place_order_floor_ns", Timebase::Simulated, "ns", false,
               samples.floor_ns,
               "the link's order-to-event floor computed from its parameters: two one-way "
               "latencies, one command TLP and one completion-slot TLP serialised, the core's "
               "median time, the host's poll (docs/host.md)");
    add_result(report, backend, "place_order_p50_over_floor", Timebase::Simulated, "x", false,
               samples.p50_over_floor, "place_order_p50_ns / place_order_floor_ns; " +
                                           coverage.percentile_note);
    add_result(report, backend, "place_allocs_per_op", coverage.wall, "allocs/op", false,
               samples.allocs, "operator new calls per placement; " + wall + "; " + probe.note);
    add_result(report, backend, "place_bytes_per_op", coverage.wall, "B/op", false,
               samples.bytes, "bytes from operator new per placement; " + wall + "; " + probe.note);
  }
}

void print_progress(const ReportOptions& options, const std::string& label,
                    const std::string& what, std::chrono::steady_clock::time_point start) {
  if (!options.progress) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print(options.progress, "report: {:<8} {:<16} {} repetitions in {:.1f} s\n", label, what,
             options.repetitions, seconds);
  std::fflush(options.progress);
}

// A line per repetition once a probe has taken a while (a Verilator model behind the link).
void print_slow_progress(const ReportOptions& options, const std::string& label,
                         const std::string& what, int repetition,
                         std::chrono::steady_clock::time_point start) {
  constexpr double kSlowSeconds = 3;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!options.progress || seconds < kSlowSeconds || repetition + 1 == options.repetitions) return;
  fmt::print(options.progress, "report: {:<8} {:<16} repetition {} of {} after {:.1f} s\n", label,
             what, repetition + 1, options.repetitions, seconds);
  std::fflush(options.progress);
}

constexpr int kSimulatorRunsPerSide = 2;

// An in-process engine (sw, ref): its wall time is the product's latency.
bool measure_in_process(const BackendVariant& variant, const Probe& probe,
                        const ReportOptions& options, ReportData& report,
                        BackendSummary& summary) {
  const auto runner = make_in_process_runner(variant.backend, probe);
  if (!runner) return false;
  const auto start = std::chrono::steady_clock::now();
  ProbeSamples samples;
  double fills_per_op = 0;
  const int timed_runs = probe.metric == "place_order" ? 3 : 0;
  for (int repetition = 0; repetition < options.repetitions; ++repetition) {
    const InProcessSample sample = runner->sample(5, 20e6, timed_runs);
    samples.wall_ns.push_back(sample.batch_ns_per_op);
    samples.allocs.push_back(sample.allocs_per_op);
    samples.bytes.push_back(sample.bytes_per_op);
    if (timed_runs > 0) {
      samples.p50_ns.push_back(sample.p50_ns);
      samples.p99_ns.push_back(sample.p99_ns);
    }
    fills_per_op = sample.fills_per_op;
  }
  summary.wall_source = in_process_coverage(variant.backend);
  Coverage coverage;
  coverage.wall = Timebase::Host;
  coverage.wall_note = "in process: per command of the batch timed as a whole (the fastest of 5 "
                       "or more runs), set-up and base stream excluded";
  coverage.percentile_note = fmt::format(
      "in process: each placement of the batch timed alone between two lfence-ordered rdtsc "
      "reads, percentile over {} runs of the batch; includes the timer's own cost ({:.1f} ns "
      "back to back on this machine); {}",
      timed_runs, timer_cost_ns(), probe.note);
  record_probe(report, variant.label, probe, samples, fills_per_op, coverage);
  print_progress(options, variant.label, probe.metric, start);
  return true;
}

// Per-command latency percentiles a simulated backend reports for a run: the core's first-event
// latency (rtl), else a link model's end-to-end command latency.
std::optional<std::pair<double, double>> reported_percentiles(const tools::Metrics& metrics) {
  for (const auto& [p50, p99] : {std::pair{"first_event_latency_p50_ns", "first_event_latency_p99_ns"},
                                 std::pair{"latency_p50_ns", "latency_p99_ns"}}) {
    std::optional<double> low, high;
    for (const auto& [name, value] : metrics) {
      if (name == p50) low = value;
      if (name == p99) high = value;
    }
    if (low && high) return std::pair{*low, *high};
  }
  return std::nullopt;
}

// The load at which a link variant's command latency is measured: light enough that commands do
// not queue behind each other (the saturated run of the probes measures throughput instead).
constexpr double kLinkLatencyOfferedPerS = 1e6;

// Placement latency percentiles of a simulated backend, in simulated ns, over every command of
// the placement probe's full stream (the backend reports them per run, not per command kind).
void simulated_percentiles(const BackendVariant& variant, const Probe& probe,
                           ProbeSamples& samples, Coverage& coverage) {
  tools::BackendOptions options = variant.options;
  const bool link = options.contains("link");
  if (link) options["offered_per_s"] = fmt::format("{:g}", kLinkLatencyOfferedPerS);
  std::string error;
  const auto backend = tools::make_backend(variant.backend, probe.config, options, error);
  if (!backend) return;
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(probe.full, events, metrics);
  const auto percentiles = reported_percentiles(metrics);
  if (!percentiles) return;
  samples.p50_ns = {percentiles->first};  // simulation is deterministic: one run
  samples.p99_ns = {percentiles->second};
  for (const auto& [name, value] : metrics) {
    if (!link) break;
    if (name == "latency_p999_ns") samples.p999_ns = {value};
    if (name == "latency_floor_ns") samples.floor_ns = {value};
    if (name == "latency_p50_over_floor") samples.p50_over_floor = {value};
  }
  coverage.percentile_note = fmt::format(
      "simulated, one deterministic run: {} of every command of the placement stream ({} "
      "book-building commands, then {} placements){}",
      link ? "end-to-end latency (host write to its last event in host memory)"
           : "the core's latency from taking a command to its first event",
      probe.base.size(), probe.ops,
      link ? fmt::format(", offered at {:g} commands/s", kLinkLatencyOfferedPerS) : "");
}

// A backend behind the Backend seam (a simulator): its wall time is the simulator's speed.
void measure_through_seam(const BackendVariant& variant, const Probe& probe,
                          const ReportOptions& options, double nominal_clock_mhz,
                          ReportData& report, BackendSummary& summary) {
  const auto start = std::chrono::steady_clock::now();
  ProbeSamples samples;
  double fills_per_op = 0;
  {
    // Released before simulated_percentiles builds another: one live model at a time.
    std::string unsupported; // e.g. a hardware backend asked for kCpuConfig: not measured
    const auto backend =
        tools::make_backend(variant.backend, probe.config, variant.options, unsupported);
    if (!backend) return;
    ProbeRunner runner(*backend, probe, nominal_clock_mhz);
    if (!runner.error().empty()) {
      summary.error = runner.error();
      return;
    }
    for (int repetition = 0; repetition < options.repetitions; ++repetition) {
      // The simulated time is deterministic and the wall time only the simulator's speed: two
      // runs per side are enough, and keep the report within a few minutes.
      const OpSample sample = runner.sample(kSimulatorRunsPerSide);
      print_slow_progress(options, variant.label, probe.metric, repetition, start);
      samples.wall_ns.push_back(sample.wall_ns_per_op);
      samples.allocs.push_back(sample.allocs_per_op);
      samples.bytes.push_back(sample.bytes_per_op);
      fills_per_op = sample.fills_per_op;
      summary.wall_source = sample.wall_source + ": the simulator's speed on this host";
      if (sample.sim_ns_per_op) {
        samples.sim_ns.push_back(*sample.sim_ns_per_op);
        summary.clock = sample.sim_basis;
      }
    }
  }
  Coverage coverage;
  coverage.wall = Timebase::SimulatorWall;
  coverage.wall_note = "the simulator's speed, not the product's latency: host wall time of "
                       "Backend::run, (full run - base run) / measured commands";
  const bool link = variant.options.contains("link");
  coverage.sim_note =
      link ? "the link model's simulated time, (full run - base run) / measured commands, every "
             "command offered at once: the link's cost per command at saturation, not a latency "
             "(see place_order_p50_ns/_p99_ns)"
           : "simulated cycles at " + summary.clock + ", (full run - base run) / measured commands";
  coverage.sim_note += ";";
  coverage.sim_is_latency = !link;
  if (probe.metric == "place_order") simulated_percentiles(variant, probe, samples, coverage);
  record_probe(report, variant.label, probe, samples, fills_per_op, coverage);
  print_progress(options, variant.label, probe.metric, start);
}

// Group commit pays an fdatasync per batch (milliseconds on a VM's disk): fewer batches.
constexpr std::size_t kGroupCommitBatches = 64;

// Settlement of one backend's events for the throughput stream, under both sync policies.
void measure_settlement(const BackendVariant& variant, const Probe& probe,
                        const ReportOptions& options, ReportData& report,
                        BackendSummary& summary) {
  std::string error;
  const auto backend = tools::make_backend(variant.backend, probe.config, variant.options, error);
  if (!backend) return;
  const auto start = std::chrono::steady_clock::now();
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(probe.full, events, metrics);
  const std::string journal = (std::filesystem::path(options.journal_dir) /
                               fmt::format("settlement-{}", variant.label))
                                  .string();
  SettlementRunner runner(probe.config, probe.full, std::move(events), journal);
  std::vector<double> group_p50, group_p99, none_p50, none_p99;
  SettlementSample group, none;
  for (int repetition = 0; repetition < options.repetitions && runner.error().empty(); ++repetition) {
    group = runner.sample(durable::SyncPolicy::Group, kGroupCommitBatches);
    none = runner.sample(durable::SyncPolicy::None, probe.full.size());
    if (!runner.error().empty()) break;
    group_p50.push_back(group.p50_ns);
    group_p99.push_back(group.p99_ns);
    none_p50.push_back(none.p50_ns);
    none_p99.push_back(none.p99_ns);
  }
  if (!runner.error().empty()) {
    summary.error = runner.error();
    return;
  }
  const auto note = [&](const char* what, const char* sync, const SettlementSample& sample) {
    return fmt::format("{} per batch over {} batches{} (about {:.1f} trades each) of this "
                       "backend's events for {}; each batch: journal append ({}) then the ledger, matching "
                       "excluded; {}; journal segments (preallocated) under {}",
                       what, sample.batches,
                       sample.batches < 100 ? " (so the p99 is the slowest batch)" : "",
                       sample.trades_per_batch, probe.note, sync, describe_settlement(),
                       options.journal_dir);
  };
  const char* group_sync = "sync=group: one write() and one fdatasync() per batch";
  const char* none_sync = "sync=none: one write() per batch, no fdatasync";
  add_result(report, variant.label, "trade_settlement_ns", Timebase::Host, "ns", false, group_p50,
             note("median latency", group_sync, group));
  add_result(report, variant.label, "trade_settlement_p99_ns", Timebase::Host, "ns", false,
             group_p99, note("99th percentile (nearest rank) of the latency", group_sync, group));
  add_result(report, variant.label, "trade_settlement_sync_none_ns", Timebase::Host, "ns", false,
             none_p50, note("median latency", none_sync, none));
  add_result(report, variant.label, "trade_settlement_sync_none_p99_ns", Timebase::Host, "ns",
             false, none_p99, note("99th percentile (nearest rank) of the latency", none_sync, none));
  print_progress(options, variant.label, "trade_settlement", start);
}

void measure(const BackendVariant& variant, const Probe& probe, const ReportOptions& options,
             ReportData& report, BackendSummary& summary) {
  const bool in_process = report.targets.wall_time_is_latency_of(variant.label) &&
                          measure_in_process(variant, probe, options, report, summary);
  if (!in_process) {
    measure_through_seam(variant, probe, options, report.targets.nominal_clock_mhz, report,
                         summary);
  }
}

} // namespace

bool run_report(const ReportOptions& options, ReportData& report, std::string& error) {
  report = ReportData{};
  if (!load_targets(options.targets_path, report.targets, error)) return false;
  report.targets_source = options.targets_path;
  report.machine = probe_machine();
  report.config = fmt::format("kHardwareConfig (symbols {}, price levels {}, handles {}, max "
                              "quantity {}, stop orders a book {}); book_scan_1000 on kCpuConfig",
                              kHardwareConfig.symbols, kHardwareConfig.price_levels,
                              kHardwareConfig.handles, kHardwareConfig.max_quantity,
                              kHardwareConfig.stop_orders);
  report.workload = describe_workloads() +
                    fmt::format("; identity check: every generator scenario, {} commands each, "
                                "seed {}; settlement of each backend's events for the volatile "
                                "session: {}",
                                kCheckCommands, kCheckSeed, describe_settlement()) +
                    "; " + describe_drop_in();
  std::error_code directory_error;
  std::filesystem::create_directories(options.journal_dir, directory_error);
  if (options.journal_dir.empty() || directory_error) {
    error = fmt::format("cannot use '{}' for the settlement journal: {}", options.journal_dir,
                        options.journal_dir.empty() ? "no directory given"
                                                    : directory_error.message());
    return false;
  }
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
      summary.events_by_type = events_by_type(check.events);
      const auto divergence = tools::first_divergence(expected, check.events);
      summary.events_identical = !divergence;
      if (divergence) {
        summary.identity_detail =
            fmt::format("first difference at event {} of {}", divergence->index, expected.size());
      }
    }
    for (const Probe& probe : probes) measure(variant, probe, options, report, summary);
    measure(variant, deep_scan, options, report, summary);
    measure_settlement(variant, probes.front(), options, report, summary);
    report.backends.push_back(summary);
  }
  if (std::find(names.begin(), names.end(), "sw") != names.end()) {
    measure_drop_in_sessions(options.repetitions, report, options.progress);
  }
  if (std::find(names.begin(), names.end(), "rtl") != names.end()) {
    report.lanes_workload = describe_lanes();
    report.lanes = measure_lanes(options.progress);
  }
  return true;
}

} // namespace twinmatch::bench

namespace twinmatch::bench {
namespace {

constexpr std::string_view kReportUsage =
    "usage: twinmatch report [--backends a,b,...] [--repetitions N] [--out DIR] "
    "[--targets FILE] [--fail-on-miss]\n"
    "  runs the default workload on every registered backend (or those named), prints the\n"
    "  verdict matrix, then every figure, and writes report.md, report.json and latency.svg\n"
    "  into DIR (default: report/ in the build directory, build/report); the settlement rows\n"
    "  write their journal files there too (fdatasync'ed under group commit) and remove them\n"
    "  --fail-on-miss  exit 1 when a target is missed (FAIL) or an event stream differs\n"
    "                  from the reference model's (the files are written first)\n";

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
  bool fail_on_miss = false;
  options.targets_path = TWINMATCH_TARGETS_FILE;
  options.out_dir = default_out_dir();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      fmt::print("{}", kReportUsage);
      return 0;
    }
    if (arg == "--fail-on-miss") {
      fail_on_miss = true;
      continue;
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
  options.journal_dir = options.out_dir;
  ReportData report;
  std::string error;
  if (!run_report(options, report, error)) {
    fmt::print(stderr, "twinmatch report: {}\n", error);
    return 2;
  }
  fmt::print("{}\nEvery figure:\n{}{}", render_summary(report), render_table(report),
             render_lanes_markdown(report));
  bool differs = false;
  for (const LaneRun& run : report.lanes) {
    if (run.events_identical) continue;
    fmt::print("rtl lanes={}{} {}: event stream DIFFERS from ref: {}\n", run.lanes,
               run.host_merge ? " merge=host" : "", run.scenario, run.identity_detail);
    differs = true;
  }
  for (const BackendSummary& backend : report.backends) {
    if (!backend.error.empty()) fmt::print("{}: not measured: {}\n", backend.name, backend.error);
    if (backend.events_identical && !*backend.events_identical) {
      fmt::print("{}: event stream DIFFERS from ref: {}\n", backend.name, backend.identity_detail);
      differs = true;
    }
  }
  if (!write_report_files(report, options.out_dir, error)) {
    fmt::print(stderr, "twinmatch report: {}\n", error);
    return 2;
  }
  fmt::print("wrote {0}/report.md, {0}/report.json, {0}/latency.svg\n", options.out_dir);
  if (fail_on_miss && (differs || any_failure(evaluate(report)))) {
    fmt::print(stderr, "twinmatch report: {} (--fail-on-miss)\n",
               differs ? "an event stream differs from the reference model's"
                       : "a target is missed");
    return 1;
  }
  return 0;
}

} // namespace twinmatch::bench
