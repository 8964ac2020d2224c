// The Verilator harness of the RTL core (rtl/tm_core.sv): drives a command stream through the
// cycle-accurate model with valid/ready on both sides and hands out the event stream and the
// cycle figures of the run. It streams: commands are taken a chunk at a time and each event is
// handed over as it leaves the core, so a run's memory does not grow with its length.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/sim/cycle_log.hpp"
#include "twinmatch/sim/latency_histogram.hpp"
#include "twinmatch/sim/trace_window.hpp"

namespace twinmatch::sim {

// The configuration the verilated model is built for (tm_core's default parameters).
inline constexpr CoreConfig kRtlConfig = kHardwareConfig;

// A venue-sized build of the same RTL (256 symbols, a 4,096-tick band, 65,536 handles, every
// 32-bit quantity): a second verilated model, for the tests (docs/rtl.md).
inline constexpr CoreConfig kRtlVenueConfig{256, 4096, 65536, 0xFFFFFFFFu};

// The smallest build tm_core accepts in price levels (one 64-bit word per book side), with few
// symbols and handles so that levels, handles and bands wrap often: a third model, for the tests.
inline constexpr CoreConfig kRtlTinyConfig{2, 64, 64, 1000};

// Symbol lanes (rtl/tm_lanes.sv, docs/rtl.md "Symbol lanes"): 16 symbols of the default book
// size, built as one tm_core (lanes = 1) and as tm_lanes with kRtlLaneCounts lanes of
// 16 / lanes symbols each (8 lanes only in a build with the CMake option TWINMATCH_RTL_LANES8).
inline constexpr CoreConfig kRtlLanesConfig{16, kHardwareConfig.price_levels,
                                            kHardwareConfig.handles, kHardwareConfig.max_quantity};
#ifdef TWINMATCH_RTL_LANES8
inline constexpr std::array<unsigned, 3> kRtlLaneCounts{2, 4, 8};
#else
inline constexpr std::array<unsigned, 2> kRtlLaneCounts{2, 4};
#endif

// The lanes' buffers as built (tm_lanes' CmdDepth, EvtDepth, OrderDepth): the head-of-line bound.
inline constexpr unsigned kRtlLaneCommandDepth = 16;
inline constexpr unsigned kRtlLaneEventDepth = 16;
inline constexpr unsigned kRtlLaneOrderDepth = 16;

// The nominal clock at which cycle figures are also given in ns. A simulation figure, not a
// timing-closure result: Fmax is not measured here.
inline constexpr double kNominalClockMhz = 250.0;

// The core's handshake signals in one cycle, sampled just before the rising edge.
struct RtlPortSample {
  bool cmd_valid;
  bool cmd_ready;
  bool evt_valid;
  bool evt_ready;
};

struct RtlSimOptions {
  double gap_probability = 0.0;          // each cycle, chance of holding back the next command
  double backpressure_probability = 0.0; // each cycle, chance of evt_ready low
  std::uint64_t seed = 1;                // for gaps and back-pressure
  std::string trace_path;                // waveform: .fst or .vcd, with a .gtkw beside it; empty: none
  TraceBound trace_from = kTraceFromFirstCommand; // trace_window.hpp
  TraceBound trace_to{};
  std::string cycles_path;               // CSV of every command's cycles; empty: none
  std::vector<std::string> plusargs;     // given to VerilatedContext::commandArgs
  std::uint64_t stall_limit_cycles = 1000000; // a run with no handshake for this long fails
  unsigned lanes = 1;                    // symbol lanes: 1 (tm_core) or one of kRtlLaneCounts
  bool host_merge = false;               // lanes > 1: one event port per lane, merged here
  std::uint64_t events_held_cycles = 0;  // evt_ready low for the run's first cycles (tests)
  // Called every cycle of the run, before that cycle's event reaches the sink (coverage).
  std::function<void(const RtlPortSample&)> port_observer;
};

struct RtlRunStats {
  std::uint64_t commands = 0;
  std::uint64_t events = 0;
  std::uint64_t init_cycles = 0;   // reset and table clearing, before the first command
  std::uint64_t run_cycles = 0;    // first command accepted .. last event taken, inclusive
  LatencyHistogram first_event_latency_cycles; // of every command: accept -> first event
  std::uint64_t sweep_fill_gaps = 0;        // pairs of consecutive fills of one command
  std::uint64_t sweep_fill_gap_cycles = 0;  // cycles between those fills, summed
  OpcodeCycles cycles_by_opcode;            // last event - accept, per command
};

class RtlSim {
public:
  // `config` and options.lanes pick the verilated model: kRtlConfig, kRtlVenueConfig,
  // kRtlTinyConfig or kRtlLanesConfig with one lane, kRtlLanesConfig with kRtlLaneCounts lanes
  // (else invalid_argument, naming the models there are).
  explicit RtlSim(RtlSimOptions options = {}, const CoreConfig& config = kRtlConfig);
  ~RtlSim();
  RtlSim(const RtlSim&) = delete;
  RtlSim& operator=(const RtlSim&) = delete;

  // Where a streamed run's commands come from: the next chunk, empty at the end of the stream,
  // valid until the next call.
  using CommandChunks = std::function<std::span<const Command>()>;
  // Where a streamed run's events go, in order, as the core makes them.
  using EventSink = std::function<void(const Event&)>;

  // Resets a fresh core, runs every command `next_chunk` yields through it and hands every event
  // to `sink`. Throws std::runtime_error if the core stops making progress or breaks the stream
  // contract (and whatever `next_chunk` or `sink` throw).
  RtlRunStats run(const CommandChunks& next_chunk, const EventSink& sink);
  // The same over a stream held in memory, appending the events to `events`.
  RtlRunStats run(std::span<const Command> commands, std::vector<Event>& events);

  // The models there are, as text for error messages.
  static std::string built_models();

private:
  RtlSimOptions options_;
  CoreConfig config_;
};

} // namespace twinmatch::sim
