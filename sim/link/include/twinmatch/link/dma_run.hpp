// One run of a command stream through the host driver, the modelled PCIe link, the card's DMA
// engine and a core, in SystemC simulated time. All times are simulated, in picoseconds.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "twinmatch/host/driver.hpp"
#include "twinmatch/link/command_timeline.hpp"
#include "twinmatch/link/core_model.hpp"
#include "twinmatch/link/link_config.hpp"
#include "twinmatch/sim/trace_window.hpp"

namespace twinmatch::link {

struct DmaRunConfig {
  LinkConfig link;
  CardConfig card;
  host::DriverConfig driver;
  // Offered load: command i arrives at the host at i / offered_per_s. 0 offers every command at
  // once (the host submits as fast as the rings let it: saturation).
  double offered_per_s = 0.0;
  // Host software time: the host sees a completion slot this long after the card's write
  // landed (the polling read that misses on the line the write invalidated). 0: at once.
  double host_poll_ns = 40.0;
  std::uint64_t seed = 1; // random link stalls and core back-pressure
  // The RTL core's waveform (.fst or .vcd, with a .gtkw beside it); empty: none. Other cores
  // have no waveform. Its window as for the rtl backend: cycles count from the core's reset
  // release, commands from 1 in the order the core takes them.
  std::string trace_path;
  sim::TraceBound trace_from = sim::kTraceFromFirstCommand;
  sim::TraceBound trace_to;
};

struct Occupancy {
  std::uint64_t samples = 0;
  std::uint64_t total = 0;
  std::uint32_t max = 0;
  void add(std::uint32_t value);
  double mean() const { return samples == 0 ? 0.0 : static_cast<double>(total) / static_cast<double>(samples); }
};

struct DmaRunResult {
  std::string fault; // empty when every command completed with well-formed numbering
  // The commands' latencies (and, for a run of a span, each command's times in `commands`).
  CommandTimeline timeline;
  std::vector<CommandTimes> commands;
  Occupancy submission_ring;  // outstanding commands, sampled after each submit
  // Slots the card counts as in use (written, head not yet back), after each completion write.
  // (compact event encoding: bytes in use).
  Occupancy completion_ring;
  std::uint64_t completion_stalls = 0; // times events waited for the host's completion head
  std::uint64_t doorbells = 0;
  std::uint64_t fetches = 0;           // DMA read requests for command records
  std::uint64_t completion_writes = 0; // DMA writes of completion slots
  std::uint64_t to_card_tlps = 0;
  std::uint64_t to_host_tlps = 0;
  // Bytes each direction's wire carried: payloads plus each TLP's overhead.
  std::uint64_t to_card_wire_bytes = 0;
  std::uint64_t to_host_wire_bytes = 0;
  std::uint64_t busy_returns = 0;      // non-blocking submits that found the ring full
  std::uint64_t window_writes = 0;        // posted writes of records into the card's window
  std::uint64_t window_commands = 0;      // commands that went through the window
  std::uint64_t window_full_commands = 0; // window_full=ring: commands sent the ring way
  std::uint64_t window_overruns = 0;      // records the card found a full slot for (lost)
  // The clocked RTL core only (0 for a stepped core): cycles it was clocked in the run, busy or
  // with a command to take (edges of an idle core are not simulated), and cycles in which it
  // presented an event beat with evt_ready_i low (the card's event FIFO full, or random
  // back-pressure) or was offered a command with cmd_ready_o low.
  std::uint64_t core_busy_cycles = 0;
  std::uint64_t core_event_wait_cycles = 0;
  std::uint64_t core_command_wait_cycles = 0;
};

// Why `config` cannot run, or nothing.
std::optional<std::string> validate(const DmaRunConfig& config);

// Runs `commands` in order through a fresh `core` behind the modelled link and appends every
// event the host drained to `events`. `config` must pass validate(). One SystemC simulation per
// process is elaborated on first use and reused by every later run.
DmaRunResult run_dma(const DmaRunConfig& config, CoreModel& core,
                     std::span<const Command> commands, std::vector<Event>& events);

// The next commands of a stream, empty at its end; valid until the next call.
using CommandChunks = std::function<std::span<const Command>()>;
using EventSink = std::function<void(const Event&)>;

// The same run for a stream that arrives a chunk at a time, each event handed to `events` as the
// host drains it. Memory stays bounded whatever the stream's length: the result keeps the
// latency distributions, not each command's times (`commands` stays empty).
DmaRunResult run_dma_streaming(const DmaRunConfig& config, CoreModel& core, CommandChunks commands,
                               EventSink events);

} // namespace twinmatch::link
