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
  report.machine = {"Test CPU", 2, "GNU 12", "Release", "-O2", "2026-01-01 00:00:00 UTC", "abc123"};
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
  report.backends = {{"ref", "", {}, "", "Backend::run", true, 10, "",
                      {{"Accepted", 6}, {"Fill", 3}, {"StopAccepted", 1}}},
                     {"rtl", "", {{"clock_mhz", 250}}, "250 MHz (reported)", "Backend::run", false,
                      12, "event 3 differs",
                      {{"Accepted", 6}, {"Fill", 2}, {"Replenished", 3}, {"StopAccepted", 1}}}};
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
                "90 .. 92 us (n=3) | - |  |") != std::string::npos);
  CHECK(md.find("byte-identical") != std::string::npos);
  CHECK(md.find("DIFFERS: event 3 differs") != std::string::npos);
  CHECK(md.find("pending: no settlement stage") != std::string::npos);
  // Each distinct description once, with the backends it holds for.
  CHECK(md.find("- `place_order_ns` (host; ref): mean of a batch") != std::string::npos);
  CHECK(md.find("- `place_order_ns` (simulator; rtl): mean") != std::string::npos);
  CHECK(md.find("![latency per command](latency.svg)") != std::string::npos);
  // Events by type: a column for every type either backend emitted, in type order.
  CHECK(md.find("| backend | Accepted | Fill | Replenished | StopAccepted |\n|---|---:|---:|---:|---:|\n"
                "| ref | 6 | 3 | 0 | 1 |\n| rtl | 6 | 2 | 3 | 1 |\n") != std::string::npos);
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
  CHECK(json["backends"][1]["events_by_type"]["Replenished"] == 3);
  CHECK(json["backends"][0]["events_by_type"].size() == 3);
  CHECK(json["commit"] == "abc123");
  bool saw_fail = false;
  for (const auto& verdict : json["verdicts"]) {
    if (verdict["status"] != "FAIL") continue;
    saw_fail = true;
    // The bound as numbers, not only as text; the headroom as a ratio.
    CHECK(verdict["target"] == "rate");
    CHECK(verdict["bound"]["op"] == ">");
    CHECK(verdict["bound"]["value"] == 3e6);
    CHECK(verdict["bound"]["unit"] == "commands/s");
    CHECK(verdict["bound_text"] == "> 3 M commands/s");
    CHECK(verdict["median"] == 2.05e6);
    CHECK(verdict["headroom"].get<double>() == Approx(2.05 / 3));
  }
  CHECK(saw_fail);
}

TEST_CASE("the SVG: latencies and rates on their own panels, targets drawn", "[report]") {
  ReportData report = small_report();
  // A link's time per command at saturation is not a latency: not drawn.
  report.results.push_back({"rtl", "book_scan_ns", Timebase::Simulated, "ns", false, {9, 9}, "at saturation"});
  report.results.back().not_a_latency = true;
  const std::string svg = render_latency_svg(report);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(balanced_xml(svg));
  // A dot per sample: 2 latency rows of 3 samples, 1 rate row of 2; neither the simulator's
  // speed nor the cost at saturation.
  const std::regex dot("<circle ");
  CHECK(std::distance(std::sregex_iterator(svg.begin(), svg.end(), dot), std::sregex_iterator()) == 8);
  CHECK(svg.find("book_scan_ns") == std::string::npos);
  // The latency panel comes first and holds no rate; the rate has a panel of its own.
  const auto latency = svg.find("Latency per command");
  const auto throughput = svg.find("Throughput");
  REQUIRE(latency != std::string::npos);
  REQUIRE(throughput != std::string::npos);
  CHECK(latency < throughput);
  CHECK(svg.find("place_order_ns (simulated time, ns)") < throughput);
  CHECK(svg.find("commands_per_s (host wall time, commands/s)") > throughput);
  // A red dashed line per judged row (place on ref, place-sim on rtl, rate on ref; the pending
  // target draws none), and the bounds by each heading.
  const std::regex target_line("<line [^>]*stroke=\"#c00000\"");
  CHECK(std::distance(std::sregex_iterator(svg.begin(), svg.end(), target_line),
                      std::sregex_iterator()) == 3);
  CHECK(svg.find("target &lt; 2.5 us") != std::string::npos);
  CHECK(svg.find("target &gt; 3 M commands/s") != std::string::npos);
  // Readable at its size: no text line longer than the 960-pixel width holds.
  const std::regex text_element("<text[^>]*>([^<]*)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_element);
       it != std::sregex_iterator(); ++it) {
    INFO((*it)[1].str());
    CHECK((*it)[1].length() < 130);
  }
}

TEST_CASE("the summary: commit on top, a verdict matrix with headroom, the misses", "[report]") {
  const ReportData report = small_report();
  const std::string text = render_summary(report);
  CHECK(text.rfind("twinmatch report, 2026-01-01 00:00:00 UTC, commit abc123\n", 0) == 0);
  CHECK(text.find("Machine: Test CPU, 2 cores; GNU 12, Release, -O2") != std::string::npos);
  CHECK(text.find("2 PASS, 1 FAIL, 2 pending, 2 n/a") != std::string::npos);
  // Rows per target label, columns per backend: the verdict and headroom, under it the median.
  // place (host) and place-sim share a row label: each backend's cell holds the one that judges it.
  CHECK(text.find("\ntarget                           ref          rtl\n") != std::string::npos);
  CHECK(text.find("\nplace_order_ns < 2.5 us          PASS 2x      PASS 62.5x\n"
                  "                                 1.25 us      40 ns sim\n") != std::string::npos);
  CHECK(text.find("\ntrade_settlement_ns < 2.5 us     pending      pending\n") != std::string::npos);
  CHECK(text.find("PASS 62.5x") != std::string::npos); // rtl, simulated: 2500 / 40
  CHECK(text.find("40 ns sim") != std::string::npos);
  CHECK(text.find("FAIL 0.683x") != std::string::npos); // 2.05 M/s against > 3 M/s
  CHECK(text.find("Missed:\n  rate on ref: 2.05 M commands/s, needs > 3 M commands/s (0.683x)") !=
        std::string::npos);
  // A target missed on several backends: one line, how many and the range.
  ReportData both_slow = report;
  both_slow.targets.targets.back().backends = {"*"};
  both_slow.results.push_back({"rtl", "commands_per_s", Timebase::Host, "commands/s", true, {1e6}, "rate"});
  CHECK(render_summary(both_slow).find("\n  rate on 2 backends (ref, rtl): 1 M commands/s .. 2.05 M "
                                       "commands/s, needs > 3 M commands/s (0.333x .. 0.683x)\n") !=
        std::string::npos);

  // Narrow: the columns go to a second block, each with the label column.
  const std::string narrow = render_summary(report, 40);
  CHECK(std::count(narrow.begin(), narrow.end(), '\n') > std::count(text.begin(), text.end(), '\n'));
  std::size_t blocks = 0;
  for (auto at = narrow.find("\ntarget "); at != std::string::npos; at = narrow.find("\ntarget ", at + 1)) ++blocks;
  CHECK(blocks == 2);

  const std::string md = render_summary_markdown(report);
  CHECK(md.find("commit `abc123`") != std::string::npos);
  CHECK(md.find("| target | ref | rtl |") != std::string::npos);
  CHECK(md.find("| commands_per_s > 3 M commands/s | **FAIL 0.683x**<br>2.05 M/s | |") !=
        std::string::npos);
}

TEST_CASE("any_failure: a FAIL verdict, not a pending or n/a one", "[report]") {
  ReportData report = small_report();
  CHECK(any_failure(evaluate(report)));
  report.targets.targets.pop_back(); // the failing rate target
  CHECK_FALSE(any_failure(evaluate(report)));
}

TEST_CASE("values are scaled to readable units", "[report]") {
  CHECK(format_value(45.24, "ns") == "45.2 ns");
  CHECK(format_value(3210, "ns") == "3.21 us");
  CHECK(format_value(1e9, "ns") == "1 s"); // not "1e+03 ms"
  CHECK(format_value(2.5e7, "commands/s") == "25 M commands/s");
  CHECK(format_value(0, "allocs/op") == "0 allocs/op");
}
