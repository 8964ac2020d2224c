// The whole path: host driver -> modelled PCIe link -> card DMA -> core -> completion ring,
// in SystemC simulated time, diffed byte for byte against the reference model.
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reference_run.hpp"
#include "twinmatch/link/cores.hpp"
#include "twinmatch/link/dma_run.hpp"
#include "twinmatch/link/run_summary.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::test {
namespace {

constexpr std::size_t kCommands = 1500;

struct Variant {
  std::string name;
  link::DmaRunConfig config;
  bool fills_completion_ring = false; // the card must have waited for the host's head
  bool holds_core_output = false;     // the clocked core must have seen evt_ready_i low
  bool mixes_submissions = false;     // some commands must have found the window full
};

// Random link stalls and random core back-pressure, with 2-deep event FIFOs on the card.
void add_random_stalls(link::DmaRunConfig& config) {
  config.link.stall_probability = 0.2;
  config.link.stall_max_ns = 1500;
  config.card.core_stall_probability = 0.3;
  config.card.core_stall_max_cycles = 12;
  config.card.event_fifo_depth = 2;
}

std::vector<Variant> variants() {
  std::vector<Variant> all;
  all.push_back({"defaults", {}});
  {
    Variant tiny{"2-entry rings", {}, true};
    tiny.config.driver.submission_entries = 2;
    tiny.config.driver.completion_entries = 2;
    all.push_back(tiny);
  }
  {
    Variant small{"4-entry rings, 3 commands per doorbell, 1-deep card FIFOs", {}, true, true};
    small.config.driver.submission_entries = 4;
    small.config.driver.completion_entries = 4;
    small.config.driver.doorbell_batch = 3;
    small.config.card.command_fifo_depth = 1;
    small.config.card.event_fifo_depth = 1;
    all.push_back(small);
  }
  {
    Variant stalls{"random link stalls and core back-pressure, non-blocking, 4-entry rings", {},
                   true, true};
    stalls.config.driver.submission_entries = 4;
    stalls.config.driver.completion_entries = 4;
    stalls.config.driver.blocking = false;
    add_random_stalls(stalls.config);
    all.push_back(stalls);
  }
  {
    Variant offered{"offered 4 M commands/s, 8 commands per doorbell", {}};
    offered.config.offered_per_s = 4e6;
    offered.config.driver.doorbell_batch = 8;
    all.push_back(offered);
  }
  {
    Variant pio{"submit=pio, offered 10 M commands/s", {}};
    pio.config.driver.submit_mode = host::SubmitMode::Pio;
    pio.config.offered_per_s = 10e6;
    all.push_back(pio);
  }
  {
    // The window is full most of the time: non-blocking submits are told Busy.
    Variant waits{"submit=pio, 2-entry window, non-blocking, random stalls", {}, false, true};
    waits.config.driver.submit_mode = host::SubmitMode::Pio;
    waits.config.driver.pio_window_entries = 2;
    waits.config.driver.blocking = false;
    add_random_stalls(waits.config);
    all.push_back(waits);
  }
  {
    // The window fills at once: window and ring submissions interleave, every stall on.
    Variant mixed{"submit=pio, window_full=ring, 2-entry window, 8-entry rings, 3 per write, "
                  "random stalls",
                  {}, true, true, true};
    mixed.config.driver.submit_mode = host::SubmitMode::Pio;
    mixed.config.driver.window_full = host::WindowFull::Ring;
    mixed.config.driver.pio_window_entries = 2;
    mixed.config.driver.submission_entries = 8;
    mixed.config.driver.completion_entries = 4;
    mixed.config.driver.doorbell_batch = 3;
    mixed.config.driver.blocking = false;
    add_random_stalls(mixed.config);
    mixed.config.card.command_fifo_depth = 2;
    mixed.config.card.write_burst_events = 1;
    all.push_back(mixed);
  }
  // Each of them again with compact events (docs/protocol.md, "Link encoding"), and one more:
  // a ring of 2 lines (128 bytes) whose records wrap around its end on nearly every burst, and
  // TLPs of at most 72 bytes, so records are split between TLPs and between writes.
  const std::size_t full = all.size();
  for (std::size_t i = 0; i < full; ++i) {
    Variant compact = all[i];
    compact.name += ", compact events";
    compact.config.driver.event_encoding = host::EventEncoding::Compact;
    // 4 lines hold 10 or more records: only a 2-line ring surely fills on every scenario.
    compact.fills_completion_ring = compact.config.driver.completion_entries == 2;
    all.push_back(compact);
  }
  {
    Variant split{"compact events, 2-line ring, 72-byte TLPs, random stalls", {}, true, true};
    split.config.driver.event_encoding = host::EventEncoding::Compact;
    split.config.driver.completion_entries = 2;
    split.config.link.max_payload_bytes = 72;
    add_random_stalls(split.config);
    all.push_back(split);
  }
  return all;
}

// Every command went through every stage once, in order, and the rings were never overrun. A
// command written into the card's window lands there with no read; the others are fetched.
// Whichever way each came, the core took them in submission order.
void check_timeline(const link::DmaRunConfig& config, const link::DmaRunResult& result) {
  std::uint64_t previous_start = 0;
  std::uint64_t previous_done = 0;
  std::uint64_t through_window = 0;
  for (std::size_t i = 0; i < result.commands.size(); ++i) {
    const link::CommandTimes& t = result.commands[i];
    INFO("command " << i + 1);
    REQUIRE(t.arrival <= t.doorbell);
    REQUIRE(t.doorbell < t.announced);
    if (t.through_window) {
      ++through_window;
      REQUIRE(t.fetch == t.announced);
      REQUIRE(t.card == t.announced);
    } else {
      REQUIRE(t.announced <= t.fetch);
      REQUIRE(t.fetch < t.card);
    }
    REQUIRE(t.card <= t.core_start);
    REQUIRE(t.core_start <= t.core_end);
    REQUIRE(t.core_end < t.done);
    REQUIRE(previous_start <= t.core_start);
    REQUIRE(previous_done <= t.done);
    previous_start = t.core_start;
    previous_done = t.done;
  }
  CHECK(result.submission_ring.max <= config.driver.submission_entries);
  CHECK(result.completion_ring.max <=
        (config.driver.event_encoding == host::EventEncoding::Compact
             ? config.driver.completion_entries * host::kCompactLineBytes // bytes
             : config.driver.completion_entries));
  CHECK(result.window_overruns == 0);
  CHECK(through_window == result.window_commands);
  if (config.driver.submit_mode == host::SubmitMode::Ring) {
    CHECK(result.window_commands == 0);
  } else {
    CHECK(result.window_commands > 0);
    CHECK(result.window_commands + result.window_full_commands == result.commands.size());
  }
}

} // namespace

TEST_CASE("dma link: every core, every scenario, every link variant is byte-identical to the "
          "reference model") {
  std::vector<std::unique_ptr<link::CoreModel>> cores;
  for (const std::string& name : link::core_names()) {
    std::string error;
    cores.push_back(link::make_core(name, kHardwareConfig, error));
    REQUIRE(cores.back());
  }
  CHECK(cores.size() >= 2);
  for (const tools::Scenario scenario : tools::kScenarios) {
    const std::vector<Command> commands =
        tools::generate(kHardwareConfig, scenario, 7, kCommands);
    REQUIRE(commands.size() == kCommands);
    const std::vector<Event> expected = reference_events(kHardwareConfig, commands);
    for (const auto& core : cores) {
      for (const Variant& variant : variants()) {
        INFO(core->name() << " / " << tools::scenario_name(scenario) << " / " << variant.name);
        REQUIRE_FALSE(link::validate(variant.config));
        std::vector<Event> events;
        const link::DmaRunResult result = link::run_dma(variant.config, *core, commands, events);
        REQUIRE(result.fault.empty());
        CHECK(same_bytes(events, expected));
        check_timeline(variant.config, result);
        if (variant.fills_completion_ring) {
          if (variant.config.driver.event_encoding == host::EventEncoding::Compact) {
            // In bytes: full but for less than the next record.
            CHECK(result.completion_ring.max + host::kCompactMaxRecordBytes >
                  variant.config.driver.completion_entries * host::kCompactLineBytes);
          } else {
            CHECK(result.completion_ring.max == variant.config.driver.completion_entries);
          }
          CHECK(result.completion_stalls > 0);
        }
        if (!variant.config.driver.blocking) CHECK(result.busy_returns > 0);
        if (variant.mixes_submissions) {
          CHECK(result.window_full_commands > 0);
        } else {
          CHECK(result.window_full_commands == 0);
        }
        if (core->stepped() == nullptr) { // the clocked RTL core
          CHECK(result.core_busy_cycles > 0);
          if (variant.holds_core_output) CHECK(result.core_event_wait_cycles > 0);
        } else {
          CHECK(result.core_busy_cycles == 0);
        }
      }
    }
  }
}

TEST_CASE("dma link: one command on an idle link takes exactly the modelled time") {
  std::string error;
  const auto core = link::make_core("ref", kHardwareConfig, error);
  REQUIRE(core);
  const link::DmaRunConfig config;
  Command rest{};
  rest.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
  rest.version = kProtocolVersion;
  rest.price = 10;
  rest.quantity = 5;
  const std::vector<Command> commands{rest}; // Accepted, LevelUpdate
  std::vector<Event> events;
  const link::DmaRunResult result = link::run_dma(config, *core, commands, events);
  REQUIRE(result.fault.empty());
  REQUIRE(events.size() == 2);

  const double bandwidth = config.link.bandwidth_gbytes_per_s; // bytes per ns
  const double latency = config.link.one_way_latency_ns;
  const double overhead = config.link.tlp_overhead_bytes;
  const double cycle = 1000.0 / config.card.core_clock_mhz;
  const auto wire = [&](double payload) { return (payload + overhead) / bandwidth; };
  // Doorbell (4 B), read request (no payload), one completion with the 32-byte record.
  const double host_to_card = wire(4) + latency + wire(0) + latency + wire(32) + latency;
  // 4 cycles to Accepted, 1 more to LevelUpdate.
  const double core_time = 5 * cycle;
  // Accepted goes out alone at 4 cycles; LevelUpdate waits for the wire, then goes alone too;
  // the host's poll sees it host_poll_ns after it landed.
  const double card_to_host = 4 * cycle + 2 * wire(72) + latency - core_time + config.host_poll_ns;

  const link::CommandTimes& t = result.commands[0];
  const auto ns = [](std::uint64_t ps) { return static_cast<double>(ps) / 1000.0; };
  CHECK(config.host_poll_ns > 0);
  CHECK(ns(t.card - t.doorbell) == Approx(host_to_card).margin(0.01));
  CHECK(t.fetch == t.announced); // an idle card fetches the moment the doorbell lands
  CHECK(ns(t.core_end - t.core_start) == Approx(core_time).margin(0.01));
  CHECK(ns(t.done - t.core_end) == Approx(card_to_host).margin(0.01));
  CHECK(ns(t.done - t.arrival) == Approx(host_to_card + core_time + card_to_host).margin(0.01));
  CHECK(result.doorbells == 1);
  CHECK(result.fetches == 1);
  CHECK(result.completion_writes == 2);
}

TEST_CASE("dma link: with submit=pio one command on an idle link is within 1% of the floor") {
  std::string error;
  const auto core = link::make_core("ref", kHardwareConfig, error);
  REQUIRE(core);
  link::DmaRunConfig config;
  config.driver.submit_mode = host::SubmitMode::Pio;
  Command rest{};
  rest.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
  rest.version = kProtocolVersion;
  rest.price = 10;
  rest.quantity = 5;
  const std::vector<Command> commands{rest}; // Accepted, LevelUpdate
  std::vector<Event> events;
  const link::DmaRunResult result = link::run_dma(config, *core, commands, events);
  REQUIRE(result.fault.empty());
  CHECK(same_bytes(events, reference_events(kHardwareConfig, commands)));

  const double bandwidth = config.link.bandwidth_gbytes_per_s; // bytes per ns
  const double latency = config.link.one_way_latency_ns;
  const double overhead = config.link.tlp_overhead_bytes;
  const double cycle = 1000.0 / config.card.core_clock_mhz;
  const auto wire = [&](double payload) { return (payload + overhead) / bandwidth; };
  // The record itself, one posted write: no doorbell, no read request, no read completion.
  const double host_to_card = wire(32) + latency;
  const double core_time = 5 * cycle;
  const double floor = wire(32) + latency + core_time + wire(72) + latency + config.host_poll_ns;
  CHECK(link::latency_floor_ns(config, core_time) == Approx(floor).margin(1e-9));

  const link::CommandTimes& t = result.commands[0];
  const auto ns = [](std::uint64_t ps) { return static_cast<double>(ps) / 1000.0; };
  CHECK(t.through_window);
  CHECK(ns(t.card - t.doorbell) == Approx(host_to_card).margin(0.01));
  CHECK(t.card == t.announced);
  CHECK(ns(t.core_end - t.core_start) == Approx(core_time).margin(0.01));
  // Above the floor only by the wait of LevelUpdate (out at cycle 5) for Accepted's TLP (on the
  // wire from cycle 4): one slot's serialisation less the cycle between them.
  const double above_floor = wire(72) - cycle;
  CHECK(ns(t.done - t.arrival) == Approx(floor + above_floor).margin(0.01));
  CHECK(ns(t.done - t.arrival) < 1.01 * floor);
  CHECK(result.doorbells == 0);
  CHECK(result.fetches == 0);
  CHECK(result.window_writes == 1);
  CHECK(result.to_card_tlps == 3); // the record, then the completion head after each event
  const link::RunSummary summary = link::summarize(config, result);
  CHECK(summary.latency_floor_ns == Approx(floor).margin(0.01));
}

TEST_CASE("dma link: at light load submit=pio halves the latency and keeps p50 within 10% of "
          "the floor, with the same bytes") {
  const std::string name = GENERATE(as<std::string>{}, "ref", "rtl");
  INFO(name);
  std::string error;
  const auto core = link::make_core(name, kHardwareConfig, error);
  REQUIRE(core);
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 13, 2000);
  link::DmaRunConfig ring;
  ring.offered_per_s = 1e6;
  link::DmaRunConfig pio = ring;
  pio.driver.submit_mode = host::SubmitMode::Pio;
  std::vector<Event> ring_events, pio_events;
  const link::DmaRunResult ring_result = link::run_dma(ring, *core, commands, ring_events);
  const link::DmaRunResult pio_result = link::run_dma(pio, *core, commands, pio_events);
  REQUIRE(ring_result.fault.empty());
  REQUIRE(pio_result.fault.empty());
  CHECK(same_bytes(pio_events, ring_events));
  const link::RunSummary ring_summary = link::summarize(ring, ring_result);
  const link::RunSummary pio_summary = link::summarize(pio, pio_result);
  CHECK(pio_summary.end_to_end.p50_ns >= pio_summary.latency_floor_ns);
  CHECK(pio_summary.end_to_end.p50_ns < 1.1 * pio_summary.latency_floor_ns);
  CHECK(ring_summary.end_to_end.p50_ns > 1.8 * ring_summary.latency_floor_ns);
  CHECK(pio_result.window_full_commands == 0);
}

namespace {

// The reference core with one fault planted: it loses the `lost`-th event, or emits nothing for
// the `silent`-th command.
class FaultyCore final : public link::SteppedCore {
public:
  FaultyCore(std::uint64_t lost, std::uint64_t silent) : lost_(lost), silent_(silent) {
    std::string error;
    reference_ = link::make_core("ref", kHardwareConfig, error);
    inner_ = reference_->stepped();
  }
  std::string_view name() const override { return "faulty"; }
  std::string_view timing_source() const override { return inner_->timing_source(); }
  const CoreConfig& config() const override { return inner_->config(); }
  void reset() override {
    inner_->reset();
    events_ = commands_ = 0;
  }
  void execute(const Command& command, link::CoreStep& step) override {
    inner_->execute(command, step);
    if (++commands_ == silent_) {
      step.events.clear();
      step.event_cycles.clear();
    }
    for (std::size_t i = 0; i < step.events.size(); ++i) {
      if (++events_ == lost_) {
        step.events.erase(step.events.begin() + static_cast<std::ptrdiff_t>(i));
        step.event_cycles.erase(step.event_cycles.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }

private:
  std::unique_ptr<link::CoreModel> reference_;
  link::SteppedCore* inner_ = nullptr;
  std::uint64_t lost_;
  std::uint64_t silent_;
  std::uint64_t events_ = 0;
  std::uint64_t commands_ = 0;
};

} // namespace

TEST_CASE("dma link: a lost event or a silent core is reported, never hidden or hung") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 3, 200);
  std::vector<Event> events;
  SECTION("a lost event") {
    FaultyCore core(50, 0);
    const link::DmaRunResult result = link::run_dma({}, core, commands, events);
    CHECK(result.fault == "event seq 51 arrived where seq 50 was due");
    CHECK(events.size() == 49);
  }
  SECTION("a last command without events") {
    FaultyCore core(0, 200);
    const link::DmaRunResult result = link::run_dma({}, core, commands, events);
    CHECK(result.fault == "the simulation stalled with 199 of 200 commands completed");
  }
  SECTION("a run after a failed one starts clean") {
    FaultyCore core(0, 0);
    {
      FaultyCore broken(10, 0);
      std::vector<Event> lost;
      REQUIRE_FALSE(link::run_dma({}, broken, commands, lost).fault.empty());
    }
    const link::DmaRunResult result = link::run_dma({}, core, commands, events);
    CHECK(result.fault == "");
    CHECK(same_bytes(events, reference_events(kHardwareConfig, commands)));
  }
}

TEST_CASE("dma link: bad link parameters are refused with a message") {
  link::DmaRunConfig config;
  std::string error;
  CHECK_FALSE(link::parse_dma_options({{"link", "dma"}, {"sq_entries", "3"}}, config, error));
  CHECK(error.find("power of two") != std::string::npos);
  CHECK_FALSE(link::parse_dma_options({{"latency", "5"}}, config, error));
  CHECK(error.find("unknown DMA option 'latency'") != std::string::npos);
  // Symbol lanes are refused by name, not run as one core; one lane is what the card runs.
  CHECK_FALSE(link::parse_dma_options({{"link", "dma"}, {"lanes", "4"}}, config, error));
  CHECK(error.find("DMA option lanes=4: the link's card runs one core") != std::string::npos);
  CHECK_FALSE(link::parse_dma_options({{"merge", "host"}}, config, error));
  CHECK(error.find("DMA option merge=host") != std::string::npos);
  link::DmaRunConfig one_lane;
  CHECK(link::parse_dma_options({{"link", "dma"}, {"lanes", "1"}, {"merge", "core"}}, one_lane,
                                error));
  CHECK_FALSE(link::parse_dma_options({{"latency_ns", "fast"}}, config, error));
  CHECK_FALSE(link::parse_dma_options({{"max_payload", "16"}}, config, error));
  link::DmaRunConfig fresh;
  CHECK_FALSE(link::parse_dma_options({{"submit", "mmio"}}, fresh, error));
  CHECK(error == "DMA option submit=mmio is neither ring nor pio");
  fresh = {};
  CHECK_FALSE(link::parse_dma_options({{"pio_window", "48"}}, fresh, error));
  CHECK(error.find("command window entries must be a power of two") != std::string::npos);
  fresh = {};
  CHECK_FALSE(link::parse_dma_options({{"window_full", "drop"}}, fresh, error));
  CHECK(error == "DMA option window_full=drop is neither wait nor ring");
  fresh = {};
  CHECK_FALSE(link::parse_dma_options({{"host_poll_ns", "-1"}}, fresh, error));
  CHECK(error == "host poll time must not be negative");
  link::DmaRunConfig parsed;
  REQUIRE(link::parse_dma_options({{"latency_ns", "250.5"},
                                   {"cq_entries", "8"},
                                   {"blocking", "0"},
                                   {"submit", "pio"},
                                   {"pio_window", "16"},
                                   {"host_poll_ns", "0"}},
                                  parsed, error));
  CHECK(parsed.driver.submit_mode == host::SubmitMode::Pio);
  CHECK(parsed.driver.pio_window_entries == 16);
  CHECK(parsed.driver.window_full == host::WindowFull::Wait);
  CHECK(parsed.host_poll_ns == 0);
  CHECK(parsed.link.one_way_latency_ns == 250.5);
  CHECK(parsed.driver.completion_entries == 8);
  CHECK_FALSE(parsed.driver.blocking);
}

TEST_CASE("dma link: latency grows with offered load and throughput saturates") {
  const std::string name = GENERATE(as<std::string>{}, "ref", "rtl");
  INFO(name);
  std::string error;
  const auto core = link::make_core(name, kHardwareConfig, error);
  REQUIRE(core);
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 11, 1000);
  const std::vector<double> fractions{0.2, 0.9, 1.5};
  const std::vector<link::LoadPoint> curve =
      link::load_curve({}, *core, commands, fractions, error);
  REQUIRE(error == "");
  REQUIRE(curve.size() == 3);
  // Below saturation the card keeps up; above it, throughput stops at the capacity and the
  // queue (and so latency) grows.
  CHECK(curve[0].summary.throughput_per_s ==
        Approx(curve[0].summary.offered_per_s).epsilon(0.02));
  CHECK(curve[2].summary.throughput_per_s < curve[2].summary.offered_per_s * 0.9);
  CHECK(curve[0].summary.end_to_end.p50_ns < curve[2].summary.end_to_end.p50_ns);
  CHECK(curve[1].summary.end_to_end.p99_ns < curve[2].summary.end_to_end.p99_ns);
  // The latency split adds up: every part measured, none larger than the whole.
  for (const link::LoadPoint& point : curve) {
    CHECK(point.summary.core.p50_ns > 0);
    CHECK(point.summary.host_to_card.p50_ns > 0);
    CHECK(point.summary.card_to_host.p50_ns > 0);
    CHECK(point.summary.core.max_ns <= point.summary.end_to_end.max_ns);
  }
}

} // namespace twinmatch::test

namespace twinmatch::test {

TEST_CASE("dma link: an empty stream completes at once with no events") {
  std::string error;
  const auto core = link::make_core("ref", kHardwareConfig, error);
  REQUIRE(core);
  std::vector<Event> events;
  const link::DmaRunResult result = link::run_dma({}, *core, {}, events);
  CHECK(result.fault.empty());
  CHECK(events.empty());
  CHECK(result.doorbells == 0);
  CHECK(link::summarize({}, result).throughput_per_s == 0);
}

} // namespace twinmatch::test

namespace twinmatch::test {

TEST_CASE("dma link: the hls core's timing is docs/hls.md's design-intent table") {
  std::string error;
  const auto core = link::make_core("hls", kHardwareConfig, error);
  REQUIRE(core);
  link::SteppedCore* const hls = core->stepped();
  REQUIRE(hls);
  Command rest{};
  rest.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
  rest.version = kProtocolVersion;
  rest.price = 10;
  rest.quantity = 5;
  Command cancel{};
  cancel.opcode = static_cast<std::uint8_t>(Opcode::Cancel);
  cancel.version = kProtocolVersion;
  Command bad = cancel;
  bad.version = 9;

  link::CoreStep step;
  hls->execute(rest, step); // rests without trading: about 8 cycles
  CHECK(step.events.size() == 2);
  CHECK(step.event_cycles == std::vector<std::uint32_t>{4, 5});
  CHECK(step.next_command_cycles == 8);
  step.clear();
  hls->execute(cancel, step); // Cancelled, LevelUpdate: about 7 cycles
  CHECK(step.events.size() == 2);
  CHECK(step.next_command_cycles == 7);
  step.clear();
  hls->execute(bad, step); // rejected: about 4 cycles, but never before its one beat is out
  CHECK(step.events.size() == 1);
  CHECK(step.next_command_cycles == 5);
}

} // namespace twinmatch::test

namespace twinmatch::test {

namespace {

// A run of the clocked RTL core that completes with the reference model's bytes.
link::DmaRunResult run_rtl(const link::DmaRunConfig& config,
                           const std::vector<Command>& commands) {
  std::string error;
  const auto rtl = link::make_core("rtl", kHardwareConfig, error);
  REQUIRE(rtl);
  REQUIRE(rtl->stepped() == nullptr);
  std::vector<Event> events;
  link::DmaRunResult result = link::run_dma(config, *rtl, commands, events);
  REQUIRE(result.fault.empty());
  CHECK(same_bytes(events, reference_events(kHardwareConfig, commands)));
  return result;
}

std::uint64_t total_core_ps(const link::DmaRunResult& result) {
  std::uint64_t total = 0;
  for (const link::CommandTimes& t : result.commands) total += t.core_end - t.core_start;
  return total;
}

} // namespace

TEST_CASE("dma link: the card's back-pressure reaches the clocked rtl core's evt_ready_i") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Volatile, 21, 1000);
  const std::size_t event_count = reference_events(kHardwareConfig, commands).size();
  const link::DmaRunResult free_run = run_rtl({}, commands);

  SECTION("every beat held for exactly one cycle") {
    link::DmaRunConfig config;
    config.card.core_stall_probability = 1.0;
    config.card.core_stall_max_cycles = 1;
    const link::DmaRunResult held = run_rtl(config, commands);
    // Each beat waits its one held cycle, plus any the event FIFO being full adds.
    CHECK(held.core_event_wait_cycles >= event_count);
    CHECK(held.core_event_wait_cycles > free_run.core_event_wait_cycles);
    CHECK(total_core_ps(held) > total_core_ps(free_run));
  }
  SECTION("random holds and a 1-deep event FIFO, tiny rings") {
    link::DmaRunConfig config;
    config.card.core_stall_probability = 0.4;
    config.card.core_stall_max_cycles = 9;
    config.card.event_fifo_depth = 1;
    config.card.command_fifo_depth = 1;
    config.driver.submission_entries = 2;
    config.driver.completion_entries = 2;
    const link::DmaRunResult held = run_rtl(config, commands);
    CHECK(held.core_event_wait_cycles > free_run.core_event_wait_cycles);
  }
  SECTION("random holds with commands queued on the card") {
    link::DmaRunConfig config;
    config.card.core_stall_probability = 0.4;
    config.card.core_stall_max_cycles = 9;
    config.card.event_fifo_depth = 1;
    config.card.command_fifo_depth = 4;
    config.driver.submission_entries = 16;
    config.driver.completion_entries = 16;
    const link::DmaRunResult held = run_rtl(config, commands);
    CHECK(held.core_event_wait_cycles > free_run.core_event_wait_cycles);
    // A held output stalls the core's pipeline: the core's command skid buffer keeps one
    // command, so the next one queued on the card waits at cmd_ready_o.
    CHECK(held.core_command_wait_cycles > 0);
  }
}

TEST_CASE("dma link: one command on an idle link reaches the clocked rtl core on the next edges") {
  Command rest{};
  rest.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
  rest.version = kProtocolVersion;
  rest.price = 10;
  rest.quantity = 5;
  const link::DmaRunResult result = run_rtl({}, {rest}); // Accepted, LevelUpdate
  const link::CommandTimes& t = result.commands[0];
  constexpr std::uint64_t kPeriodPs = 4000; // 250 MHz
  // Landed between two edges: the next edge presents it, the one after takes it.
  CHECK(t.core_start - t.card >= kPeriodPs);
  CHECK(t.core_start - t.card <= 2 * kPeriodPs);
  // On the run's clock grid: the reset before the run ends on a full cycle, where the host starts.
  CHECK((t.core_start - t.arrival) % kPeriodPs == 0);
  // docs/rtl.md: Accepted in Decode, the cycle after the take, LevelUpdate the cycle after;
  // each beat leaves the 2-entry output FIFO one edge after it was written.
  CHECK(t.core_end - t.core_start == 3 * kPeriodPs);
  // Present, take, and the three edges of the two beats; idle edges are not simulated.
  CHECK(result.core_busy_cycles == 5);
  CHECK(result.core_event_wait_cycles == 0);
  CHECK(result.core_command_wait_cycles == 0);
}

TEST_CASE("dma link: the clocked rtl core runs at each run's nominal clock") {
  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Normal, 5, 300);
  const auto run_at = [&](double mhz) {
    link::DmaRunConfig config;
    config.card.core_clock_mhz = mhz;
    return run_rtl(config, commands);
  };
  const link::DmaRunResult fast = run_at(250.0); // 4000 ps
  const link::DmaRunResult slow = run_at(100.0); // 10000 ps
  // Whole cycles on each run's clock: every core time is a multiple of its period.
  std::uint64_t fast_cycles = 0;
  std::uint64_t slow_cycles = 0;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::uint64_t fast_ps = fast.commands[i].core_end - fast.commands[i].core_start;
    const std::uint64_t slow_ps = slow.commands[i].core_end - slow.commands[i].core_start;
    INFO("command " << i + 1);
    CHECK(fast_ps % 4000 == 0);
    CHECK(slow_ps % 10000 == 0);
    fast_cycles += fast_ps / 4000;
    slow_cycles += slow_ps / 10000;
  }
  CHECK(fast_cycles > commands.size());
  // The slower clock lets the link keep further ahead, so the core is never slower in cycles.
  CHECK(slow_cycles <= fast_cycles);
}

} // namespace twinmatch::test
