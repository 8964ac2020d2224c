#include "twinmatch/link/dma_run.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "card.hpp"
#include "host_agent.hpp"
#include "pcie_link.hpp"

// libsystemc's own main() calls sc_main(); our programs bring their own main() and elaborate the
// model on first use, so this one is never called.
int sc_main(int, char**) { return 1; }

namespace twinmatch::link {

namespace {

// The whole system, elaborated once per process: SystemC cannot elaborate a second time, so
// every run reconfigures these modules instead.
struct SimWorld {
  SimWorld()
      : to_card("to_card"), to_host("to_host"), card("card", to_host, to_card),
        host("host", to_card, card) {
    // Let every process reach its first wait, so the first run's start is not missed.
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  }

  PcieDirection to_card;
  PcieDirection to_host;
  Card card;
  HostAgent host;
};

SimWorld& world() {
  // Silences the banner SystemC prints to stdout on first use (the CLI's stdout is a report).
  static const bool quiet = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1) == 0;
  (void)quiet;
  // Never destroyed: SystemC objects must not outlive the simulation context at exit.
  static SimWorld* const instance = new SimWorld();
  return *instance;
}

} // namespace

void Occupancy::add(std::uint32_t value) {
  ++samples;
  total += value;
  if (value > max) max = value;
}

std::optional<std::string> validate(const DmaRunConfig& config) {
  if (auto error = host::validate(config.driver)) return error;
  const LinkConfig& link = config.link;
  if (!(link.bandwidth_gbytes_per_s > 0.0)) return std::string("link bandwidth must be positive");
  if (!(link.one_way_latency_ns >= 0.0)) return std::string("link latency must not be negative");
  if (link.max_payload_bytes < sizeof(host::CompletionSlot) || link.max_payload_bytes > 4096) {
    return fmt::format("max payload must be {} to 4096 bytes, not {}",
                       sizeof(host::CompletionSlot), link.max_payload_bytes);
  }
  if (link.max_read_request_bytes < sizeof(Command) || link.max_read_request_bytes > 4096) {
    return fmt::format("max read request must be {} to 4096 bytes, not {}", sizeof(Command),
                       link.max_read_request_bytes);
  }
  if (!(link.stall_probability >= 0.0 && link.stall_probability <= 1.0) ||
      !(link.stall_max_ns >= 0.0)) {
    return std::string("link stall probability must be in [0, 1] and its length >= 0");
  }
  const CardConfig& card = config.card;
  if (!(card.core_clock_mhz > 0.0)) return std::string("core clock must be positive");
  if (card.command_fifo_depth == 0 || card.event_fifo_depth == 0 || card.write_burst_events == 0) {
    return std::string("card FIFO depths and write burst must be at least 1");
  }
  if (!(card.core_stall_probability >= 0.0 && card.core_stall_probability <= 1.0) ||
      card.core_stall_max_cycles == 0) {
    return std::string("core stall probability must be in [0, 1] and its length >= 1 cycle");
  }
  if (!(config.offered_per_s >= 0.0)) return std::string("offered load must not be negative");
  if (!(config.host_poll_ns >= 0.0)) return std::string("host poll time must not be negative");
  return std::nullopt;
}

namespace {

DmaRunResult run(const DmaRunConfig& config, CoreModel& core, CommandChunks commands,
                 EventSink events, bool keep_every_command) {
  SimWorld& sim = world();
  DmaRunResult result;
  result.timeline = CommandTimeline(keep_every_command);
  sim.to_card.configure(config.link, config.seed);
  sim.to_host.configure(config.link, config.seed + 1);
  sim.host.configure(config.driver, config.offered_per_s, config.host_poll_ns, std::move(commands),
                     std::move(events), result);
  sim.card.configure(config.card, config.link, core, sim.host.driver().rings(),
                     config.driver.pio_window_entries, result, config.seed + 2,
                     [&sim](std::function<void()> write) { sim.host.land(std::move(write)); });
  // Resets the core: a stepped core is fresh already; the clocked RTL core runs its reset
  // sequence and order-table sweep here, before the run's time starts.
  const bool traced = !config.trace_path.empty() && core.stepped() == nullptr;
  if (traced) sim.card.rtl_wave().arm(config.trace_path, config.trace_from, config.trace_to);
  sc_core::sc_start();
  result.core_busy_cycles = 0;
  sim.host.start();
  // Runs until nothing is left to happen: the host drained everything, or the system stalled.
  sc_core::sc_start();

  host::Driver& driver = sim.host.driver();
  if (!driver.fault().empty()) {
    result.fault = driver.fault();
  } else if (result.window_overruns != 0) {
    result.fault = fmt::format("the card found {} window records' slots still in use",
                               result.window_overruns);
  } else if (!sim.host.finished()) {
    result.fault = fmt::format("the simulation stalled with {} of {} commands completed",
                               driver.completed(), result.timeline.arrived());
  } else if (result.timeline.stray() != 0) {
    result.fault = fmt::format("the model timed {} commands the host had not offered",
                               result.timeline.stray());
  }
  if (!sim.host.finished()) {
    // Let the host and the core give up what they wait for, so the next run starts clean.
    sim.host.abort();
    sim.card.abort();
    sc_core::sc_start();
  }
  result.doorbells = driver.doorbells();
  result.window_writes = driver.window_writes();
  result.window_commands = driver.window_commands();
  result.window_full_commands = driver.window_full_commands();
  result.to_card_tlps = sim.to_card.tlps();
  result.to_host_tlps = sim.to_host.tlps();
  result.to_card_wire_bytes = sim.to_card.wire_bytes();
  result.to_host_wire_bytes = sim.to_host.wire_bytes();
  if (traced) sim.card.rtl_wave().close();
  return result;
}

} // namespace

DmaRunResult run_dma(const DmaRunConfig& config, CoreModel& core,
                     std::span<const Command> commands, std::vector<Event>& events) {
  bool handed = false;
  DmaRunResult result = run(
      config, core,
      [commands, &handed] {
        const bool first = !handed;
        handed = true;
        return first ? commands : std::span<const Command>();
      },
      [&events](const Event& event) { events.push_back(event); }, true);
  result.commands = result.timeline.every_command();
  result.commands.resize(commands.size());
  return result;
}

DmaRunResult run_dma_streaming(const DmaRunConfig& config, CoreModel& core, CommandChunks commands,
                               EventSink events) {
  return run(config, core, std::move(commands), std::move(events), false);
}

} // namespace twinmatch::link
