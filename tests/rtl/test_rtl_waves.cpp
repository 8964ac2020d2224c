// The rtl backend's waveforms and per-command cycles: the trace window, VCD as VCD, the .gtkw
// beside the trace, the cycle log (one row per command) and its per-opcode summary.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "support/model_driver.hpp"
#include "support/wave_text.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::test;
namespace fs = std::filesystem;

namespace {

struct CsvRow {
  std::uint64_t seq, accept, first, last, events, start;
  std::string opcode;
};

std::vector<CsvRow> read_cycle_log(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "seq,opcode,accept_cycle,first_event_cycle,last_event_cycle,events,start_cycle");
  std::vector<CsvRow> rows;
  while (std::getline(in, line)) {
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    CsvRow row{};
    fields >> row.seq >> row.opcode >> row.accept >> row.first >> row.last >> row.events >> row.start;
    REQUIRE(fields);
    rows.push_back(row);
  }
  return rows;
}

std::optional<double> find(const tools::Metrics& metrics, const std::string& name) {
  return tools::find_metric(metrics, name);
}

// Runs `commands` through the rtl backend with `options`; checks the events against the
// reference and returns the metrics.
tools::Metrics run_rtl(const std::vector<Command>& commands, const tools::BackendOptions& options) {
  std::string error;
  auto backend = tools::make_backend("rtl", kHardwareConfig, options, error);
  INFO(error);
  REQUIRE(backend);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(commands, events, metrics);
  const std::vector<Event> want = reference_events(kHardwareConfig, commands);
  REQUIRE(events.size() == want.size());
  CHECK(std::memcmp(events.data(), want.data(), want.size() * sizeof(Event)) == 0);
  return metrics;
}

std::uint64_t picoseconds(double cycles) {
  return static_cast<std::uint64_t>(std::llround(cycles * 1e6 / sim::kNominalClockMhz));
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "twinmatch_rtl_waves";
  fs::create_directories(dir);
  fs::remove(dir / name);
  return dir / name;
}

} // namespace

TEST_CASE("rtl waves: a VCD window by command, in clock time, with its .gtkw",
          "[rtl][waves]") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 3, 300);
  const fs::path vcd_path = scratch("window.vcd");
  const fs::path csv_path = scratch("window.csv");
  run_rtl(commands, {{"trace", vcd_path.string()},
                     {"trace_from", "cmd:100"},
                     {"trace_to", "cmd:120"},
                     {"cycles", csv_path.string()},
                     {"backpressure", "0.2"}});
  const std::vector<CsvRow> rows = read_cycle_log(csv_path.string());
  REQUIRE(rows.size() == commands.size());

  const VcdText vcd = read_vcd(vcd_path.string());
  INFO("first keyword " << vcd.first_keyword);
  CHECK((vcd.first_keyword == "$date" || vcd.first_keyword == "$version" ||
         vcd.first_keyword == "$timescale"));
  CHECK(vcd.timescale == "1ps");
  REQUIRE(!vcd.times.empty());
  // From the low phase of command 100's accept cycle to the rising edge of command 120's last
  // event cycle, one clock period of kNominalClockMhz per cycle.
  CHECK(vcd.times.front() == picoseconds(static_cast<double>(rows[99].accept)));
  CHECK(vcd.times.back() == picoseconds(static_cast<double>(rows[119].last) + 0.5));
  CHECK(std::is_sorted(vcd.times.begin(), vcd.times.end()));
  CHECK(!fs::exists(vcd_path.string() + ".part.fst"));  // the FST it was written from is gone
  CHECK(fs::exists(fs::path(vcd_path).replace_extension(".gtkw")));
}

TEST_CASE("rtl waves: the .gtkw beside the trace names signals the trace has", "[rtl][waves]") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 5, 60);
  const fs::path vcd_path = scratch("named.vcd");
  const fs::path gtkw_path = scratch("named.gtkw");
  run_rtl(commands, {{"trace", vcd_path.string()}});
  REQUIRE(fs::exists(gtkw_path));
  const GtkwText gtkw = read_gtkw(gtkw_path.string());
  CHECK(gtkw.dumpfile == vcd_path.string());
  const VcdText vcd = read_vcd(vcd_path.string());
  REQUIRE(gtkw.signals.size() >= 30);
  for (const std::string& signal : gtkw.signals) {
    INFO(signal);
    CHECK(vcd.variables.count(signal) == 1);
  }
  // The decoded fields are there by name, not only the raw beats.
  for (const char* field : {"cmd_opcode", "cmd_price", "cmd_seq", "evt_type", "evt_cmd_seq",
                            "evt_reject_reason"}) {
    INFO(field);
    CHECK(std::any_of(gtkw.signals.begin(), gtkw.signals.end(), [&](const std::string& signal) {
      return signal.find(std::string(".wave.") + field + "[") != std::string::npos;
    }));
  }
  // Without trace_from the window starts at the first command, not in the reset sweep.
  const fs::path csv_path = scratch("named.csv");
  run_rtl(commands, {{"trace", vcd_path.string()}, {"cycles", csv_path.string()}});
  const std::vector<CsvRow> rows = read_cycle_log(csv_path.string());
  REQUIRE(!rows.empty());
  CHECK(read_vcd(vcd_path.string()).times.front() == picoseconds(static_cast<double>(rows[0].accept)));
  CHECK(rows[0].accept >= 4096);  // after the order table's clearing sweep
}

TEST_CASE("rtl waves: an FST by cycle window, and a window from reset release", "[rtl][waves]") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Quiet, 2, 40);
  const fs::path fst_path = scratch("cycles.fst");
  scratch("cycles.gtkw");  // no .gtkw left from an earlier run
  run_rtl(commands, {{"trace", fst_path.string()}, {"trace_from", "0"}, {"trace_to", "100"}});
  REQUIRE(fs::exists(fst_path));
  std::ifstream fst(fst_path, std::ios::binary);
  char block_type = 1;
  fst.read(&block_type, 1);
  CHECK(block_type == 0);  // FST_BL_HDR: an FST, not text
  CHECK(fs::exists(fs::path(fst_path).replace_extension(".gtkw")));
  // The same window as VCD: cycles 0..100, from reset release.
  const fs::path vcd_path = scratch("cycles.vcd");
  run_rtl(commands, {{"trace", vcd_path.string()}, {"trace_from", "0"}, {"trace_to", "100"}});
  const VcdText vcd = read_vcd(vcd_path.string());
  REQUIRE(!vcd.times.empty());
  CHECK(vcd.times.front() == 0);
  CHECK(vcd.times.back() == picoseconds(100.5));
}

TEST_CASE("rtl waves: the cycle log has a row per command and the summary agrees with it",
          "[rtl][cycles]") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Adversarial, 7, 3000);
  const fs::path csv_path = scratch("log.csv");
  const tools::Metrics metrics =
      run_rtl(commands, {{"cycles", csv_path.string()}, {"gaps", "0.1"}, {"seed", "3"}});
  const std::vector<CsvRow> rows = read_cycle_log(csv_path.string());
  REQUIRE(rows.size() == commands.size());

  std::map<std::string, std::vector<std::uint64_t>> cycles;
  std::uint64_t events = 0;
  std::uint64_t busy = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CsvRow& row = rows[i];
    const std::uint64_t previous_last = i == 0 ? 0 : rows[i - 1].last;
    CHECK(row.seq == i + 1);
    CHECK(row.accept < row.first);
    CHECK(row.first <= row.last);
    CHECK(row.events >= 1);
    CHECK(row.start == std::max(row.accept, previous_last));
    if (i > 0) CHECK(row.accept > rows[i - 1].accept);
    if (i > 0) CHECK(row.first > previous_last);  // events leave in command order
    cycles[row.opcode].push_back(row.last - row.start);
    events += row.events;
    busy += row.last - row.start;
  }
  CHECK(static_cast<double>(events) ==
        Approx(*find(metrics, "events_per_command") * static_cast<double>(commands.size())));
  // The core's cycles on the commands fit in the run (first accept .. last event).
  CHECK(busy <= rows.back().last - rows.front().accept + 1);
  CHECK(static_cast<double>(rows.back().last - rows.front().accept + 1) ==
        *find(metrics, "total_cycles"));
  REQUIRE(cycles.size() >= 3);
  for (auto& entry : cycles) {
    const std::string& opcode = entry.first;
    std::vector<std::uint64_t>& values = entry.second;  // a lambda captures no structured binding in clang 14
    INFO(opcode);
    std::sort(values.begin(), values.end());
    const auto nearest_rank = [&](double p) {
      const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
      return static_cast<double>(values[std::max<std::size_t>(rank, 1) - 1]);
    };
    double sum = 0;
    for (const std::uint64_t value : values) sum += static_cast<double>(value);
    const std::string prefix = "cycles_" + opcode + "_";
    CHECK(find(metrics, prefix + "count") == static_cast<double>(values.size()));
    CHECK(*find(metrics, prefix + "mean") == Approx(sum / static_cast<double>(values.size())));
    CHECK(find(metrics, prefix + "p50") == nearest_rank(0.50));
    CHECK(find(metrics, prefix + "p99") == nearest_rank(0.99));
    CHECK(find(metrics, prefix + "max") == static_cast<double>(values.back()));
  }
}

TEST_CASE("rtl waves: options it cannot honour are refused clearly", "[rtl][waves]") {
  const auto refusal = [](const tools::BackendOptions& options) {
    std::string error;
    const auto backend = tools::make_backend("rtl", kHardwareConfig, options, error);
    CHECK(backend == nullptr);
    return error;
  };
  CHECK_THAT(refusal({{"trace", "w.txt"}}), Catch::Contains(".fst or .vcd"));
  CHECK_THAT(refusal({{"trace_from", "cmd:3"}}), Catch::Contains("need trace=FILE"));
  CHECK_THAT(refusal({{"trace", "w.vcd"}, {"trace_from", "cmd:0"}}), Catch::Contains("cmd:N"));
  CHECK_THAT(refusal({{"trace", "w.vcd"}, {"trace_from", "cmd:x"}}), Catch::Contains("cmd:N"));
  CHECK_THAT(refusal({{"trace", "w.vcd"}, {"trace_from", "90"}, {"trace_to", "10"}}),
             Catch::Contains("after trace_to"));
}
