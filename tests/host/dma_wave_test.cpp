// --link dma with trace=FILE: the clocked RTL core's waveform (VCD or FST, with its .gtkw),
// while the run still matches the reference byte for byte.
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "reference_run.hpp"
#include "support/wave_text.hpp"
#include "twinmatch/link/cores.hpp"
#include "twinmatch/link/dma_run.hpp"
#include "twinmatch/link/run_summary.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::test {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "twinmatch_dma_waves";
  fs::create_directories(dir);
  fs::remove(dir / name);
  return dir / name;
}

link::DmaRunResult run_traced(const std::vector<Command>& commands, const std::string& trace,
                              std::map<std::string, std::string> window = {}) {
  std::string error;
  const auto core = link::make_core("rtl", kHardwareConfig, error);
  REQUIRE(core);
  link::DmaRunConfig config;
  window.insert({{"link", "dma"}, {"trace", trace}});
  REQUIRE(link::parse_dma_options(window, config, error));
  std::vector<Event> events;
  link::DmaRunResult result = link::run_dma(config, *core, commands, events);
  REQUIRE(result.fault.empty());
  CHECK(same_bytes(events, reference_events(kHardwareConfig, commands)));
  return result;
}

std::string refusal(std::map<std::string, std::string> options) {
  options.insert({"link", "dma"});
  link::DmaRunConfig config;
  std::string error;
  CHECK(!link::parse_dma_options(options, config, error));
  return error;
}

} // namespace

TEST_CASE("dma link: the rtl core's waveform, as VCD and FST, with its .gtkw") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 11, 200);
  const fs::path vcd_path = scratch("dma.vcd");
  const fs::path gtkw_path = scratch("dma.gtkw");
  run_traced(commands, vcd_path.string());
  const VcdText vcd = read_vcd(vcd_path.string());
  CHECK((vcd.first_keyword == "$date" || vcd.first_keyword == "$version" ||
         vcd.first_keyword == "$timescale"));
  REQUIRE(vcd.times.size() > 2 * commands.size()); // two clock edges a cycle at least
  const GtkwText gtkw = read_gtkw(gtkw_path.string());
  REQUIRE(gtkw.signals.size() >= 30);
  for (const std::string& signal : gtkw.signals) {
    INFO(signal);
    CHECK(vcd.variables.count(signal) == 1);
  }
  CHECK(!fs::exists(vcd_path.string() + ".part.fst"));

  // A second traced run in the same process (SystemC elaborates once): a fresh FST.
  const fs::path fst_path = scratch("dma.fst");
  run_traced(commands, fst_path.string());
  std::ifstream fst(fst_path, std::ios::binary);
  char block_type = 1;
  fst.read(&block_type, 1);
  CHECK(block_type == 0); // FST_BL_HDR
}

TEST_CASE("dma link: a VCD window by command, from its accept cycle to its last event's") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 3, 300);
  const fs::path vcd_path = scratch("dma_window.vcd");
  const link::DmaRunResult result =
      run_traced(commands, vcd_path.string(), {{"trace_from", "cmd:100"}, {"trace_to", "cmd:120"}});
  REQUIRE(result.commands.size() == commands.size());
  const VcdText vcd = read_vcd(vcd_path.string());
  REQUIRE(!vcd.times.empty());
  // The card's own record of the edges: command 100 taken (core_start, a rising edge) and
  // command 120's last event put out (core_end). The window opens on the falling edge before
  // the first, where the card drives the accept cycle's inputs, and ends with the second.
  const std::uint64_t half_period = 2000; // ps at the default 250 MHz core clock
  CHECK(vcd.times.front() == result.commands[99].core_start - half_period);
  CHECK(vcd.times.back() == result.commands[119].core_end);
  CHECK(std::is_sorted(vcd.times.begin(), vcd.times.end()));
  CHECK(!fs::exists(vcd_path.string() + ".part.fst"));
  CHECK(fs::exists(fs::path(vcd_path).replace_extension(".gtkw")));
}

TEST_CASE("dma link: a window by cycle, counted from the core's reset release") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Quiet, 2, 40);
  const fs::path vcd_path = scratch("dma_cycles.vcd");
  run_traced(commands, vcd_path.string(), {{"trace_from", "10"}, {"trace_to", "100"}});
  const VcdText vcd = read_vcd(vcd_path.string());
  REQUIRE(!vcd.times.empty());
  // The order-table sweep keeps the clock running: the low phase of cycle 10 to the rising edge
  // of cycle 100, 4 ns a cycle.
  CHECK(vcd.times.back() - vcd.times.front() == 90 * 4000 + 2000);

  // A window from reset release starts a cycle earlier than one from cycle 1.
  const fs::path from_zero = scratch("dma_from_zero.vcd");
  run_traced(commands, from_zero.string(), {{"trace_from", "0"}, {"trace_to", "1"}});
  const VcdText zero = read_vcd(from_zero.string());
  REQUIRE(!zero.times.empty());
  CHECK(zero.times.back() - zero.times.front() == 4000 + 2000);
}

TEST_CASE("dma link: trace_from and trace_to are refused without a trace or out of order") {
  CHECK_THAT(refusal({{"trace_from", "cmd:3"}}), Catch::Contains("need trace=FILE"));
  CHECK_THAT(refusal({{"trace", "w.vcd"}, {"trace_from", "cmd:0"}}), Catch::Contains("cmd:N"));
  CHECK_THAT(refusal({{"trace", "w.vcd"}, {"trace_to", "cmd:x"}}), Catch::Contains("cmd:N"));
  CHECK_THAT(refusal({{"trace", "w.vcd"}, {"trace_from", "90"}, {"trace_to", "10"}}),
             Catch::Contains("after trace_to"));
}

TEST_CASE("dma link: trace is refused for a file that is neither .fst nor .vcd") {
  link::DmaRunConfig config;
  std::string error;
  CHECK(!link::parse_dma_options({{"link", "dma"}, {"trace", "w.txt"}}, config, error));
  CHECK_THAT(error, Catch::Contains(".fst or .vcd"));
}

} // namespace twinmatch::test
