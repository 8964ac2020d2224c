// The report writers on a small hand-made run: the Markdown table, the JSON and the SVG carry
// the figures and verdicts, and are well-formed.
#include <catch2/catch.hpp>

#include <regex>

#include <nlohmann/json.hpp>

#include "twinmatch/bench/report.hpp"

using namespace twinmatch::bench;

namespace {

ReportData small_report() {
  ReportData report;
  report.machine = {"Test CPU", 2, "GNU 12", "Release", "-O2", "2026-01-01 00:00:00 UTC"};
  report.config = "4 symbols";
  report.workload = "tiny";
  report.targets_source = "inline";
  report.targets.nominal_clock_mhz = 250;
  Target placement;
  placement.id = "place";
  placement.source = "original";
  placement.what = "placement under 2.5 us";
  placement.metric = "place_order_ns";
  placement.backends = {"*"};
  placement.value = 2500;
  placement.unit = "ns";
  Target placement_sim = placement;
  placement_sim.id = "place-sim";
  placement_sim.timebase = Timebase::Simulated;
  Target settlement = placement;
  settlement.id = "settle";
  settlement.metric = "trade_settlement_ns";
  settlement.pending = "no settlement stage";
  Target rate = placement;
  rate.id = "rate";
  rate.metric = "commands_per_s";
  rate.backends = {"ref"};
  rate.comparison = Comparison::Greater;
  rate.value = 3e6;
  rate.unit = "commands/s";
  report.targets.targets = {placement, placement_sim, settlement, rate};
  report.backends = {{"ref", "", {}, "", "Backend::run", true, 10, ""},
                     {"rtl", "", {{"clock_mhz", 250}}, "250 MHz (reported)", "Backend::run", false,
                      12, "event 3 differs"}};
  report.results = {
      {"ref", "place_order_ns", Timebase::Host, "ns", false, {1200, 1300, 1250}, "mean of a batch"},
      {"rtl", "place_order_ns", Timebase::SimulatorWall, "ns", false, {90000, 91000, 92000}, "mean"},
      {"rtl", "place_order_ns", Timebase::Simulated, "ns", false, {40, 40, 40}, "cycles"},
      {"ref", "commands_per_s", Timebase::Host, "commands/s", true, {2e6, 2.1e6}, "rate"},
  };
  return report;
}

// Every tag opened is closed in order: enough to catch a malformed hand-written SVG.
bool balanced_xml(const std::string& text) {
  std::vector<std::string> open;
  const std::regex tag(R"(<(/?)([a-zA-Z]+)[^>]*?(/?)>)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator();
       ++it) {
    const std::smatch& match = *it;
    if (match[3] == "/") continue; // self-closing
    if (match[1] == "/") {
      if (open.empty() || open.back() != match[2]) return false;
      open.pop_back();
    } else {
      open.push_back(match[2]);
    }
  }
  return open.empty();
}

} // namespace

TEST_CASE("verdicts: pass, fail, pending and not measured", "[report]") {
  const ReportData report = small_report();
  std::map<std::string, std::string> status;
  for (const Verdict& verdict : evaluate(report)) {
    status[verdict.target->id + "/" + verdict.backend] = verdict.status;
  }
  CHECK(status["place/ref"] == "PASS");
  CHECK(status["place/rtl"] == "n/a");       // a simulator's wall time is never judged
  CHECK(status["place-sim/rtl"] == "PASS");  // simulated time at its clock
  CHECK(status["place-sim/ref"] == "n/a");   // no simulated time for the reference model
  CHECK(status["settle/ref"] == "pending");
  CHECK(status["rate/ref"] == "FAIL");
  CHECK_FALSE(status.contains("rate/rtl")); // the target names its backends
}

TEST_CASE("Markdown holds the machine, the identity check and one row per figure", "[report]") {
  const std::string md = render_markdown(small_report(), "latency.svg");
  CHECK(md.find("Test CPU, 2 cores") != std::string::npos);
  CHECK(md.find("| backend | metric | basis | median |") != std::string::npos);
  CHECK(md.find("| ref | place_order_ns | wall (host) | 1.25 us |") != std::string::npos);
  CHECK(md.find("| rtl | place_order_ns | sim @ 250 MHz (reported) | 40 ns |") != std::string::npos);
  CHECK(md.find("| rtl | place_order_ns | simulator speed (host wall), no verdict | 91 us | "
                "90 us .. 92 us (n=3) | - |  |") != std::string::npos);
  CHECK(md.find("byte-identical") != std::string::npos);
  CHECK(md.find("DIFFERS: event 3 differs") != std::string::npos);
  CHECK(md.find("pending: no settlement stage") != std::string::npos);
  // Each distinct description once, with the backends it holds for.
  CHECK(md.find("- `place_order_ns` (host; ref): mean of a batch") != std::string::npos);
  CHECK(md.find("- `place_order_ns` (simulator; rtl): mean") != std::string::npos);
  CHECK(md.find("![latency per command](latency.svg)") != std::string::npos);
  // Every table line has the same number of cells as its header.
  const std::string table = md.substr(md.find("| backend | metric"));
  const std::string header = table.substr(0, table.find('\n'));
  const auto cells = std::count(header.begin(), header.end(), '|');
  std::size_t start = 0;
  for (int line = 0; line < 6; ++line) {
    const std::size_t end = table.find('\n', start);
    const std::string row = table.substr(start, end - start);
    CHECK(std::count(row.begin(), row.end(), '|') == cells);
    start = end + 1;
  }
}

TEST_CASE("JSON carries samples, medians and verdicts", "[report]") {
  const nlohmann::json json = nlohmann::json::parse(render_json(small_report()));
  CHECK(json["format"] == "twinmatch-report");
  CHECK(json["machine"]["cpu_model"] == "Test CPU");
  REQUIRE(json["results"].size() == 4);
  CHECK(json["results"][0]["samples"].size() == 3);
  CHECK(json["results"][0]["median"] == 1250.0);
  CHECK(json["results"][2]["timebase"] == "sim");
  CHECK(json["results"][3]["better"] == "higher");
  CHECK(json["backends"][1]["events_identical"] == false);
  bool saw_fail = false;
  for (const auto& verdict : json["verdicts"]) saw_fail |= verdict["status"] == "FAIL";
  CHECK(saw_fail);
}

TEST_CASE("the SVG is well-formed and draws every latency sample", "[report]") {
  const std::string svg = render_latency_svg(small_report());
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(balanced_xml(svg));
  // 2 latency rows of 3 samples each: one dot per sample; neither the throughput row nor the
  // simulator's speed is drawn.
  const std::regex dot("<circle ");
  CHECK(std::distance(std::sregex_iterator(svg.begin(), svg.end(), dot), std::sregex_iterator()) == 6);
  CHECK(svg.find("(simulator)") == std::string::npos);
  CHECK(svg.find("place_order_ns · rtl (sim)") != std::string::npos);
  CHECK(svg.find("commands_per_s") == std::string::npos);
}

TEST_CASE("values are scaled to readable units", "[report]") {
  CHECK(format_value(45.24, "ns") == "45.2 ns");
  CHECK(format_value(3210, "ns") == "3.21 us");
  CHECK(format_value(2.5e7, "commands/s") == "25 M commands/s");
  CHECK(format_value(0, "allocs/op") == "0 allocs/op");
}
