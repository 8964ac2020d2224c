// The benchmark workloads do what their names say (placements rest, cancels cancel, scans see
// every level), the paired measurement turns reported cycles into per-command figures, and a
// small `twinmatch report` run on the reference backend writes parseable files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "in_process.hpp"
#include "lanes.hpp"
#include "measure.hpp"
#include "settlement.hpp"
#include "reference_model.hpp"
#include "twinmatch/tools/backends.hpp"
#include "report_run.hpp"
#include "workloads.hpp"

using namespace twinmatch;
using namespace twinmatch::bench;

namespace {

// The events the measured commands cause, on the reference model.
std::vector<Event> batch_events(const Probe& probe) {
  ref::ReferenceModel model(probe.config);
  std::vector<Event> events;
  for (const Command& command : probe.base) model.apply(command, events);
  events.clear();
  for (std::size_t i = probe.base.size(); i < probe.full.size(); ++i) {
    model.apply(probe.full[i], events);
  }
  return events;
}

std::size_t count_type(const std::vector<Event>& events, EventType type) {
  return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const Event& e) {
    return e.type == static_cast<std::uint8_t>(type);
  }));
}

const Probe& find_probe(const std::vector<Probe>& probes, const std::string& metric) {
  const auto found = std::find_if(probes.begin(), probes.end(),
                                  [&](const Probe& probe) { return probe.metric == metric; });
  REQUIRE(found != probes.end());
  return *found;
}

// A stand-in hardware backend: echoes nothing, reports 10 cycles per command at 500 MHz.
class CycleCountingBackend final : public tools::Backend {
public:
  std::string_view name() const override { return "cycles"; }
  const CoreConfig& config() const override { return kHardwareConfig; }
  void run(std::span<const Command> commands, std::vector<Event>&, tools::Metrics& metrics) override {
    metrics.emplace_back("init_cycles", 999.0);
    metrics.emplace_back("run_cycles", 10.0 * static_cast<double>(commands.size()));
    metrics.emplace_back("clock_mhz", 500.0);
  }
};

// A stand-in link model: 1 us of set-up plus 75 simulated ns per command.
class LinkBackend final : public tools::Backend {
public:
  std::string_view name() const override { return "link"; }
  const CoreConfig& config() const override { return kHardwareConfig; }
  void run(std::span<const Command> commands, std::vector<Event>&, tools::Metrics& metrics) override {
    metrics.emplace_back("simulated_duration_ns", 1000.0 + 75.0 * static_cast<double>(commands.size()));
  }
};

} // namespace

TEST_CASE("every probe's full stream is its base plus the measured commands", "[suite]") {
  std::vector<Probe> probes = standard_probes();
  probes.push_back(deep_scan_probe());
  for (const Probe& probe : probes) {
    INFO(probe.metric);
    CHECK(probe.ops > 0);
    REQUIRE(probe.full.size() == probe.base.size() + probe.ops);
    CHECK((probe.base.empty() ||
           std::memcmp(probe.full.data(), probe.base.data(),
                       probe.base.size() * sizeof(Command)) == 0));
    // Built commands are all valid; the generated session may carry the generator's own rejects.
    if (probe.metric != "match_throughput") {
      CHECK(count_type(batch_events(probe), EventType::Rejected) == 0);
    }
  }
}

TEST_CASE("the measured commands do what the probe names", "[suite]") {
  const std::vector<Probe> probes = standard_probes();

  const std::vector<Event> swept = batch_events(find_probe(probes, "match_throughput"));
  CHECK(count_type(swept, EventType::Fill) > 1000);

  const Probe& place = find_probe(probes, "place_order");
  const std::vector<Event> placed = batch_events(place);
  CHECK(place.ops >= 2000);
  CHECK(count_type(placed, EventType::Accepted) == place.ops);
  CHECK(count_type(placed, EventType::LevelUpdate) == place.ops); // each rests: one update
  CHECK(placed.size() == 2 * place.ops);                          // and nothing trades

  const Probe& cancel = find_probe(probes, "cancel_order");
  const std::vector<Event> cancelled = batch_events(cancel);
  CHECK(count_type(cancelled, EventType::Cancelled) == cancel.ops);
  CHECK(cancelled.size() == 2 * cancel.ops);

  const Probe& scan = find_probe(probes, "book_scan");
  const std::vector<Event> scanned = batch_events(scan);
  CHECK(count_type(scanned, EventType::SnapshotEnd) == scan.ops);
  CHECK(count_type(scanned, EventType::SnapshotRow) == scan.ops * kHardwareConfig.price_levels);

  const Probe deep = deep_scan_probe();
  const std::vector<Event> deep_scanned = batch_events(deep);
  CHECK(count_type(deep_scanned, EventType::SnapshotRow) >= deep.ops * 1000);
}

TEST_CASE("simulated cycles come from the run total, not from set-up", "[suite]") {
  CHECK(reported_cycles({{"init_cycles", 5}, {"run_cycles", 100}}) == 100.0);
  CHECK_FALSE(reported_cycles({{"cycles_per_command", 3}}).has_value());
  CHECK(reported_clock_mhz({{"clock_mhz", 250}}) == 250.0);
  CHECK(reported_clock_mhz({{"pcie_mhz", 125}, {"nominal_clock_mhz", 250}}) == 250.0);
  CHECK_FALSE(reported_clock_mhz({{"run_cycles", 1}}).has_value());

  const Probe probe = standard_probes().at(1);
  CycleCountingBackend backend;
  ProbeRunner runner(backend, probe, 250.0);
  REQUIRE(runner.error().empty());
  const OpSample sample = runner.sample();
  REQUIRE(sample.sim_cycles_per_op.has_value());
  CHECK(*sample.sim_cycles_per_op == Approx(10.0));
  CHECK(sample.sim_ns_per_op == Approx(20.0)); // 10 cycles at the reported 500 MHz
  CHECK(sample.sim_basis == "500 MHz (reported)");

  // A link model reports simulated time directly.
  LinkBackend link;
  ProbeRunner link_runner(link, probe, 250.0);
  const OpSample linked = link_runner.sample();
  CHECK_FALSE(linked.sim_cycles_per_op.has_value());
  CHECK(linked.sim_ns_per_op == Approx(75.0));
  CHECK(linked.sim_basis == "simulated time (reported)");
}

TEST_CASE("allocation counts of a probe are exact and repeatable", "[suite]") {
  std::string error;
  const auto backend = tools::make_backend("ref", kHardwareConfig, {}, error);
  REQUIRE(backend);
  const Probe probe = standard_probes().at(0);
  ProbeRunner runner(*backend, probe, 250.0);
  REQUIRE(runner.error().empty());
  const OpSample first = runner.sample();
  const OpSample second = runner.sample();
  CHECK(first.allocs_per_op == second.allocs_per_op);
  CHECK(first.bytes_per_op == second.bytes_per_op);
  CHECK(first.allocs_per_op > 0); // the reference model allocates per resting order
  CHECK(first.fills_per_op > 0);
  CHECK_FALSE(first.sim_cycles_per_op.has_value());
}

TEST_CASE("in-process engines give batch means and per-command percentiles", "[suite]") {
  const Probe probe = placement_probe(kHardwareConfig);
  CHECK_FALSE(make_in_process_runner("hls", probe)); // a simulator goes through Backend::run
  for (const char* backend : {"sw", "ref"}) {
    INFO(backend);
    const auto runner = make_in_process_runner(backend, probe);
    REQUIRE(runner);
    const InProcessSample sample = runner->sample(2, 0, 1);
    CHECK(sample.batch_ns_per_op > 0);
    CHECK(sample.p50_ns > 0);
    CHECK(sample.p99_ns >= sample.p50_ns);
    CHECK(sample.fills_per_op == 0); // placements rest
  }
  const auto sw = make_in_process_runner("sw", probe);
  CHECK(sw->sample(2, 0, 0).allocs_per_op == 0);
  CHECK(timer_cost_ns() > 0);
}

TEST_CASE("settlement times each batch of a backend's events and checks their shape", "[suite]") {
  const Probe probe = throughput_probe(kHardwareConfig);
  std::string error;
  const auto backend = tools::make_backend("sw", probe.config, {}, error);
  REQUIRE(backend);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(probe.full, events, metrics);
  const auto journal = std::filesystem::temp_directory_path() /
                       fmt::format("twinmatch_settlement_test_{}", ::getpid());
  SettlementRunner runner(probe.config, probe.full, events, journal.string());
  REQUIRE(runner.error().empty());
  for (const auto sync : {durable::SyncPolicy::None, durable::SyncPolicy::Group}) {
    const SettlementSample sample = runner.sample(sync, 4);
    REQUIRE(runner.error().empty());
    CHECK(sample.batches == 4);
    CHECK(sample.trades_per_batch > 0); // the volatile session trades in every few commands
    CHECK(sample.p50_ns > 0);
    CHECK(sample.p99_ns >= sample.p50_ns);
  }
  CHECK_FALSE(std::filesystem::exists(journal));

  events.pop_back(); // the last command's run of events no longer ends
  SettlementRunner broken(probe.config, probe.full, events, journal.string());
  CHECK(broken.error().find("kEventLast") != std::string::npos);
}

TEST_CASE("a small report run on the reference backend writes valid files", "[suite]") {
  const auto directory = std::filesystem::temp_directory_path() /
                         fmt::format("twinmatch_report_test_{}", ::getpid());
  ReportOptions options;
  options.journal_dir = directory.string();
  options.backends = {"ref"};
  options.repetitions = 2;
  options.targets_path = TWINMATCH_TARGETS_FILE;
  options.progress = nullptr;
  ReportData report;
  std::string error;
  REQUIRE(run_report(options, report, error));
  REQUIRE(!report.backends.empty()); // ref, and ref+dma when the DMA link is registered
  CHECK(report.backends[0].name == "ref");
  for (const BackendSummary& backend : report.backends) {
    CHECK(backend.name.rfind("ref", 0) == 0);
    CHECK(backend.events_identical == true);
    CHECK(backend.events > 0);
    std::uint64_t typed = 0;
    for (const auto& [type, count] : backend.events_by_type) typed += count;
    CHECK(typed == backend.events);
    CHECK(backend.events_by_type.front().first == "Accepted");
  }
  const auto place = std::find_if(report.results.begin(), report.results.end(),
                                  [](const MetricResult& r) { return r.metric == "place_order_ns"; });
  REQUIRE(place != report.results.end());
  CHECK(place->samples.size() == 2);
  CHECK(place->timebase == Timebase::Host);
  // The reference model has no simulated time; only a link variant may, and a link variant's
  // wall time is the simulator's speed.
  CHECK(std::none_of(report.results.begin(), report.results.end(), [](const MetricResult& r) {
    return r.backend == "ref" && r.timebase == Timebase::Simulated;
  }));
  CHECK(std::none_of(report.results.begin(), report.results.end(), [](const MetricResult& r) {
    return r.backend == "ref+dma" && r.timebase == Timebase::Host &&
           !r.metric.starts_with("trade_settlement");
  }));
  const auto measured = [&](const std::string& backend, const std::string& metric, Timebase base) {
    return std::any_of(report.results.begin(), report.results.end(), [&](const MetricResult& r) {
      return r.backend == backend && r.metric == metric && r.timebase == base && !r.samples.empty();
    });
  };
  CHECK(measured("ref", "place_order_p99_ns", Timebase::Host));
  CHECK(measured("ref", "trade_settlement_ns", Timebase::Host));
  CHECK(measured("ref", "trade_settlement_p99_ns", Timebase::Host));
  CHECK(measured("ref", "trade_settlement_sync_none_ns", Timebase::Host));
  if (report.backends.size() > 1) {
    CHECK(measured("ref+dma", "place_order_ns", Timebase::SimulatorWall));
    CHECK(measured("ref+dma", "place_order_p99_ns", Timebase::Simulated));
  }
  const std::vector<Verdict> verdicts = evaluate(report);
  CHECK(std::none_of(verdicts.begin(), verdicts.end(),
                     [](const Verdict& verdict) { return verdict.status == "pending"; }));

  REQUIRE(write_report_files(report, directory.string(), error));
  std::ifstream json_file(directory / "report.json");
  const nlohmann::json json = nlohmann::json::parse(json_file);
  CHECK(json["backends"][0]["events_identical"] == true);
  CHECK(json["results"].size() == report.results.size());
  // The symbol lanes are the rtl backend's: no section without it.
  CHECK(report.lanes.empty());
  CHECK(json["lanes"].empty());
  CHECK(render_lanes_markdown(report).empty());
  CHECK(std::filesystem::file_size(directory / "latency.svg") > 500);
  CHECK(std::filesystem::file_size(directory / "report.md") > 500);
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    CHECK(entry.path().extension() != ".tmj"); // settlement removes its journals
  }

  options.backends = {"no-such-backend"};
  CHECK_FALSE(run_report(options, report, error));
  CHECK(error.find("unknown backend 'no-such-backend'") != std::string::npos);
  std::filesystem::remove_all(directory);
}

TEST_CASE("the report's symbol lanes: cycles per command per lane count on the rtl backend",
          "[suite][lanes]") {
  ReportData report;
  report.lanes_workload = describe_lanes();
  report.lanes = measure_lanes(nullptr);
  REQUIRE_FALSE(report.lanes.empty());
  const auto find = [&](const std::string& scenario, unsigned lanes, bool host_merge) {
    const auto found = std::find_if(report.lanes.begin(), report.lanes.end(), [&](const LaneRun& run) {
      return run.scenario == scenario && run.lanes == lanes && run.host_merge == host_merge;
    });
    REQUIRE(found != report.lanes.end());
    return *found;
  };
  for (const LaneRun& run : report.lanes) {
    INFO(run.scenario << " lanes " << run.lanes << (run.host_merge ? " host merge" : ""));
    CHECK(run.events_identical);
    CHECK(run.commands == 20000);
    CHECK(run.cycles_per_command > 0.5);
    CHECK(run.commands_per_cycle == Approx(1.0 / run.cycles_per_command).epsilon(0.01));
    CHECK(run.handle_lanes == (run.scenario == "normal" ? run.lanes : 1u));
    // One event port: at most one event per cycle whatever the lanes.
    if (!run.host_merge) CHECK(run.commands_per_cycle <= 1.0 / run.events_per_command + 1e-9);
  }
  for (const std::string scenario : {"normal", "spread"}) {
    INFO(scenario);
    const LaneRun one = find(scenario, 1, false);
    const LaneRun two = find(scenario, 2, true);
    const LaneRun four = find(scenario, 4, true);
    find(scenario, 2, false);
    find(scenario, 4, false);
    // With handles that stay in their lane, merged on the host, more lanes run more commands
    // per cycle; one command port bounds them at one a cycle.
    CHECK(two.commands_per_cycle > 1.4 * one.commands_per_cycle);
    CHECK(four.commands_per_cycle > 1.3 * two.commands_per_cycle);
    CHECK(four.commands_per_cycle <= 1.0);
  }

  const std::string md = render_lanes_markdown(report);
  CHECK_THAT(md, Catch::Contains("## Symbol lanes (rtl, simulated cycles)") &&
                     Catch::Contains("config hw16") &&
                     Catch::Contains("| normal | a pool per lane | 4 | host | ") &&
                     Catch::Contains("| normal | one free list | 1 | - | ") &&
                     Catch::Contains("| spread | a pool per symbol | 1 | - | ") &&
                     Catch::Contains("byte-identical"));
  CHECK_THAT(render_markdown(report, "latency.svg"), Catch::Contains(md));
  const LaneRun four = find("normal", 4, true);
  CHECK_THAT(md, Catch::Contains(fmt::format("| {:.2f} | {:.3f} |", four.cycles_per_command,
                                             four.commands_per_cycle)));
  const nlohmann::json json = nlohmann::json::parse(render_json(report));
  REQUIRE(json["lanes"].size() == report.lanes.size());
  const auto entry = std::find_if(json["lanes"].begin(), json["lanes"].end(), [](const auto& e) {
    return e["scenario"] == "normal" && e["lanes"] == 4 && e["host_merge"] == true;
  });
  REQUIRE(entry != json["lanes"].end());
  CHECK((*entry)["handle_lanes"] == 4);
  CHECK((*entry)["handles"] == "a pool per lane");
  CHECK((*entry)["cycles_per_command"].template get<double>() == four.cycles_per_command);
  CHECK((*entry)["events_identical"] == true);
  CHECK(json["lanes_workload"] == report.lanes_workload);
}
