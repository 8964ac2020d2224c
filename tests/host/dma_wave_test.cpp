// --link dma with trace=FILE: the clocked RTL core's waveform (VCD or FST, with its .gtkw),
// while the run still matches the reference byte for byte.
#include <filesystem>
#include <fstream>
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

void run_traced(const std::vector<Command>& commands, const std::string& trace) {
  std::string error;
  const auto core = link::make_core("rtl", kHardwareConfig, error);
  REQUIRE(core);
  link::DmaRunConfig config;
  REQUIRE(link::parse_dma_options({{"link", "dma"}, {"trace", trace}}, config, error));
  std::vector<Event> events;
  const link::DmaRunResult result = link::run_dma(config, *core, commands, events);
  REQUIRE(result.fault.empty());
  CHECK(same_bytes(events, reference_events(kHardwareConfig, commands)));
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

TEST_CASE("dma link: trace is refused for a file that is neither .fst nor .vcd") {
  link::DmaRunConfig config;
  std::string error;
  CHECK(!link::parse_dma_options({{"link", "dma"}, {"trace", "w.txt"}}, config, error));
  CHECK_THAT(error, Catch::Contains(".fst or .vcd"));
}

} // namespace twinmatch::test
