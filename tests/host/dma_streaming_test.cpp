// The DMA run fed a chunk at a time (run --link dma): the same events and the same figures as the
// run of the whole stream, with no per-command record; and the latency distribution behind its
// percentiles against the sorted values.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "reference_run.hpp"
#include "twinmatch/link/cores.hpp"
#include "twinmatch/link/dma_run.hpp"
#include "twinmatch/link/latency_distribution.hpp"
#include "twinmatch/link/run_summary.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::test {
namespace {

std::vector<link::DmaRunConfig> streaming_configs() {
  link::DmaRunConfig saturated; // every command offered at once: the rings stay full
  link::DmaRunConfig pio;
  pio.driver.submit_mode = host::SubmitMode::Pio;
  pio.offered_per_s = 5e6;
  link::DmaRunConfig stalls; // small rings, window falling back to the ring, random stalls
  stalls.driver.submit_mode = host::SubmitMode::Pio;
  stalls.driver.window_full = host::WindowFull::Ring;
  stalls.driver.pio_window_entries = 2;
  stalls.driver.submission_entries = 8;
  stalls.driver.completion_entries = 4;
  stalls.driver.blocking = false;
  stalls.link.stall_probability = 0.2;
  stalls.link.stall_max_ns = 1500;
  stalls.card.core_stall_probability = 0.3;
  stalls.card.core_stall_max_cycles = 12;
  return {saturated, pio, stalls};
}

// Nearest rank of sorted values, as the link report computed it before it streamed.
std::uint64_t nearest_rank(const std::vector<std::uint64_t>& sorted, double fraction) {
  const auto index =
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(index, 1) - 1];
}

} // namespace

TEST_CASE("dma link: a stream fed in chunks gives the whole run's events and figures") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Volatile, 11, 3000);
  const std::vector<Event> expected = reference_events(kHardwareConfig, commands);
  for (const std::string core_name : {"ref", "rtl"}) {
    std::string error;
    const auto core = link::make_core(core_name, kHardwareConfig, error);
    REQUIRE(core);
    for (const link::DmaRunConfig& config : streaming_configs()) {
      INFO(core_name << ", submit " << (config.driver.submit_mode == host::SubmitMode::Pio)
                     << ", offered " << config.offered_per_s);
      std::vector<Event> whole_events;
      const link::DmaRunResult whole = link::run_dma(config, *core, commands, whole_events);
      REQUIRE(whole.fault.empty());
      REQUIRE(same_bytes(whole_events, expected));

      std::size_t next = 0;
      constexpr std::size_t kChunk = 97; // not a divisor of any ring or window size
      std::vector<Event> streamed_events;
      const link::DmaRunResult streamed = link::run_dma_streaming(
          config, *core,
          [&] {
            const std::size_t count = std::min(kChunk, commands.size() - next);
            const std::span<const Command> chunk(commands.data() + next, count);
            next += count;
            return chunk;
          },
          [&](const Event& event) { streamed_events.push_back(event); });
      REQUIRE(streamed.fault.empty());
      CHECK(same_bytes(streamed_events, expected));
      CHECK(streamed.commands.empty());
      CHECK(streamed.timeline.latencies().commands == commands.size());
      CHECK(link::report_figures(config, streamed) == link::report_figures(config, whole));
    }
  }
}

TEST_CASE("latency distribution: exact below 2^16, at most 2^-15 low above, exact on multiples "
          "of a counter's width") {
  std::mt19937_64 random(3);
  std::vector<std::uint64_t> values;
  // Spread over many octaves: short, around a microsecond, and a long tail.
  std::uniform_int_distribution<std::uint64_t> short_ps(0, 70'000);
  std::normal_distribution<double> micro_ps(1.1e6, 4e4);
  std::exponential_distribution<double> tail_ps(1.0 / 3e8);
  for (int i = 0; i < 200'000; ++i) {
    switch (i % 3) {
    case 0: values.push_back(short_ps(random)); break;
    case 1: values.push_back(static_cast<std::uint64_t>(std::max(0.0, micro_ps(random)))); break;
    default: values.push_back(static_cast<std::uint64_t>(tail_ps(random))); break;
    }
  }
  link::LatencyDistribution distribution;
  for (const std::uint64_t value : values) distribution.add(value);
  std::sort(values.begin(), values.end());
  CHECK(distribution.count() == values.size());
  CHECK(distribution.max() == values.back());
  for (double fraction = 0.0005; fraction < 1.0; fraction += 0.0005) {
    const std::uint64_t exact = nearest_rank(values, fraction);
    const std::uint64_t got = distribution.percentile(fraction);
    INFO("fraction " << fraction << ": exact " << exact << ", got " << got);
    if (exact < 65536) {
      REQUIRE(got == exact);
    } else {
      REQUIRE(got <= exact);
      REQUIRE(static_cast<double>(exact - got) < static_cast<double>(exact) / 32768.0);
    }
  }
  CHECK(distribution.percentile(1.0) <= values.back());

  // Whole-cycle latencies of a 4 ns clock (multiples of 4000 ps) are exact up to 2^21 ps.
  link::LatencyDistribution cycles;
  std::vector<std::uint64_t> cycle_values;
  std::uniform_int_distribution<std::uint64_t> cycle_count(1, 520);
  for (int i = 0; i < 10'000; ++i) cycle_values.push_back(4000 * cycle_count(random));
  for (const std::uint64_t value : cycle_values) cycles.add(value);
  std::sort(cycle_values.begin(), cycle_values.end());
  for (const double fraction : {0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    CHECK(cycles.percentile(fraction) == nearest_rank(cycle_values, fraction));
  }
  CHECK(link::LatencyDistribution().percentile(0.5) == 0);
}

} // namespace twinmatch::test
