// The CLI's `rtl` backend: same events as the reference, sane metrics, clear refusals.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>

#include "rtl_test_util.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/stream_io.hpp"

using namespace twinmatch;
using namespace twinmatch::rtl_test;
using namespace twinmatch::test;

namespace {

double metric(const tools::Metrics& metrics, const std::string& name) {
  for (const auto& [key, value] : metrics) {
    if (key == name) return value;
  }
  FAIL("metric " << name << " missing");
  return 0.0;
}

} // namespace

TEST_CASE("rtl backend: runs a stream and reports cycle metrics", "[rtl][backend]") {
  std::vector<Command> commands;
  for (std::uint32_t i = 0; i < 50; ++i) commands.push_back(limit(i, Side::Sell, 100 + i % 4, 2));
  commands.push_back(limit(60, Side::Buy, 103, 100));  // sweeps four levels
  tools::BackendOptions options{{"gaps", "0.1"}, {"backpressure", "0.2"}, {"seed", "9"}};
  std::string error;
  auto backend = tools::make_backend("rtl", kHardwareConfig, options, error);
  INFO(error);
  REQUIRE(backend);
  REQUIRE(backend->name() == "rtl");
  REQUIRE(backend->config() == kHardwareConfig);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(commands, events, metrics);

  const std::vector<Event> want = reference_events(kHardwareConfig, commands);
  REQUIRE(events.size() == want.size());
  CHECK(std::memcmp(events.data(), want.data(), want.size() * sizeof(Event)) == 0);

  const double cycles = metric(metrics, "total_cycles");
  CHECK(cycles >= static_cast<double>(events.size()));  // one event per cycle at most
  CHECK(metric(metrics, "cycles_per_command") == Approx(cycles / 51.0));
  CHECK(metric(metrics, "sweep_cycles_per_fill") >= 1.0);
  CHECK(metric(metrics, "first_event_latency_p50_cycles") >= 1.0);
  CHECK(metric(metrics, "first_event_latency_max_cycles") >=
        metric(metrics, "first_event_latency_p99_cycles"));
  CHECK(metric(metrics, "first_event_latency_p50_ns") ==
        Approx(metric(metrics, "first_event_latency_p50_cycles") * 4.0));  // 250 MHz
}

TEST_CASE("rtl backend: streamed in small chunks, the same events and figures as a whole run",
          "[rtl][backend][streams]") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Adversarial, 4, 20000);
  const std::vector<Event> want = reference_events(kHardwareConfig, commands);
  const tools::BackendOptions options{{"gaps", "0.2"}, {"backpressure", "0.4"}, {"seed", "4"}};
  std::string error;
  auto backend = tools::make_backend("rtl", kHardwareConfig, options, error);
  REQUIRE(backend);

  std::vector<Event> whole;
  tools::Metrics whole_metrics;
  backend->run(commands, whole, whole_metrics);

  std::vector<Event> streamed;
  tools::Metrics streamed_metrics;
  tools::SpanCommandInput input(commands, 999);  // chunks that end anywhere in a burst
  {
    tools::VectorEventOutput output(streamed);
    backend->run_streaming(input, output, streamed_metrics);
  }
  REQUIRE(whole.size() == want.size());
  CHECK(std::memcmp(whole.data(), want.data(), want.size() * sizeof(Event)) == 0);
  REQUIRE(streamed.size() == want.size());
  CHECK(std::memcmp(streamed.data(), want.data(), want.size() * sizeof(Event)) == 0);
  CHECK(streamed_metrics == whole_metrics);
}

TEST_CASE("rtl backend: refuses other configurations and bad options", "[rtl][backend]") {
  auto refusal = [](const CoreConfig& config, const tools::BackendOptions& options) {
    std::string error;
    const auto backend = tools::make_backend("rtl", config, options, error);
    CHECK(backend == nullptr);
    return error;
  };
  CHECK_THAT(refusal(kCpuConfig, {}),
             Catch::Contains("built for symbols=4 price_levels=256 handles=4096"));
  CHECK_THAT(refusal(kHardwareConfig, {{"gaps", "1.5"}}), Catch::Contains("gaps=1.5"));
  CHECK_THAT(refusal(kHardwareConfig, {{"seed", "x"}}), Catch::Contains("seed=x"));
  // The registry routes "link" to the DMA link model (docs/host.md); the rtl factory itself
  // knows no such option.
  std::string error;
  CHECK(tools::make_rtl_backend(kHardwareConfig, {{"link", "dma"}}, error) == nullptr);
  CHECK_THAT(error, Catch::Contains("unknown option 'link'"));
}

TEST_CASE("rtl backend: trace=FILE writes an FST waveform of the run", "[rtl][backend]") {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "twinmatch_rtl_trace_test.fst";
  std::filesystem::remove(path);
  std::vector<Command> commands{limit(1, Side::Buy, 10, 5), limit(2, Side::Sell, 10, 5)};
  std::string error;
  auto backend = tools::make_backend("rtl", kHardwareConfig, {{"trace", path.string()}}, error);
  REQUIRE(backend);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(commands, events, metrics);
  CHECK(events.size() == 5);  // Accepted, LevelUpdate; Accepted, Fill, LevelUpdate
  REQUIRE(std::filesystem::exists(path));
  CHECK(std::filesystem::file_size(path) > 1000);  // header, hierarchy and value changes
  std::filesystem::remove(path);
}

// The C++ model's run, then the DMA link's SystemC model (made without a context of its own) in
// the same process, as `twinmatch report --backends rtl` does: the second used to lock the
// first's deleted VerilatedContext and hang (ctest's timeout is the failure then).
TEST_CASE("rtl backend: a --link dma run after an rtl run in the same process",
          "[rtl][backend]") {
  const std::vector<Command> commands = tools::generate(kHardwareConfig, tools::Scenario::Normal, 3, 300);
  const std::vector<Event> want = reference_events(kHardwareConfig, commands);
  for (const tools::BackendOptions& options :
       {tools::BackendOptions{}, tools::BackendOptions{{"link", "dma"}}}) {
    std::string error;
    auto backend = tools::make_backend("rtl", kHardwareConfig, options, error);
    INFO(error);
    REQUIRE(backend);
    std::vector<Event> events;
    tools::Metrics metrics;
    backend->run(commands, events, metrics);
    REQUIRE(events.size() == want.size());
    CHECK(std::memcmp(events.data(), want.data(), want.size() * sizeof(Event)) == 0);
  }
}
