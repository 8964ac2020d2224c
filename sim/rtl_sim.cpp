#include "twinmatch/sim/rtl_sim.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "Vtm_core.h"
#include "Vtm_core_sym16.h"
#include "Vtm_core_tiny.h"
#include "Vtm_core_venue.h"
#include "Vtm_lanes2.h"
#include "Vtm_lanes4.h"
#ifdef TWINMATCH_RTL_LANES8
#include "Vtm_lanes8.h"
#endif
#include "verilated.h"
#include "verilated_fst_c.h"
#include "twinmatch/sim/wave_files.hpp"

namespace twinmatch::sim {
namespace {

static_assert(sizeof(Command) * 8 == 256, "command beat");
static_assert(sizeof(Event) * 8 == 512, "event beat");

// One verilated core (either model) with its context and optional waveform, alive for one run.
// The waveform's time is the run's: cycle c starts at c clock periods of kNominalClockMhz after
// reset release, its rising edge half a period later; only the cycles the window covers are
// dumped. VCD is written from an FST beside it once the run is over (wave_files.hpp).
template <class Model>
class Harness {
public:
  explicit Harness(const RtlSimOptions& options)
      : context_(std::make_unique<VerilatedContext>()), trace_path_(options.trace_path),
        period_ps_(1e6 / kNominalClockMhz) {
    std::vector<const char*> argv{"twinmatch-rtl"};
    for (const std::string& arg : options.plusargs) argv.push_back(arg.c_str());
    context_->commandArgs(static_cast<int>(argv.size()), argv.data());
    if (!trace_path_.empty()) context_->traceEverOn(true);
    core_ = std::make_unique<Model>(context_.get(), "tm_core");
    if (!trace_path_.empty()) {
      fst_path_ = recording_path_of(trace_path_);
      context_->timeprecision(-12);
      trace_ = std::make_unique<VerilatedFstC>();
      core_->trace(trace_.get(), 99);
      trace_->set_time_unit("1ps");
      trace_->set_time_resolution("1ps");
      trace_->open(fst_path_.c_str());
      if (!trace_->isOpen()) {
        throw std::runtime_error(fmt::format("rtl: cannot open trace file {}", trace_path_));
      }
    }
  }

  ~Harness() {
    core_->final();
    if (trace_) {
      trace_->close();
      if (fst_path_ != trace_path_) std::remove(fst_path_.c_str());  // an unfinished VCD's FST
    }
  }

  Model& core() { return *core_; }

  // The low phase: inputs were set by the caller; settle the combinational outputs.
  void settle_low() {
    core_->clk_i = 0;
    core_->eval();
  }

  // Whether cycle `cycle` (whose low phase has just settled) is in the waveform; if so, dumps it.
  void trace_cycle(std::uint64_t cycle, bool in_window) {
    cycle_ = cycle;
    tracing_ = trace_ != nullptr && in_window;
    if (tracing_) dump(time_ps(static_cast<double>(cycle)));
  }

  // The rising edge, where the core samples its inputs.
  void rise() {
    core_->clk_i = 1;
    core_->eval();
    if (tracing_) dump(time_ps(static_cast<double>(cycle_) + 0.5));
    tracing_ = false;
  }

  // Closes the waveform and writes its VCD and .gtkw; throws if they cannot be written.
  void finish() {
    if (!trace_) return;
    trace_->close();
    trace_.reset();
    finish_wave_files(trace_path_);
  }

private:
  std::uint64_t time_ps(double cycles) const {
    return static_cast<std::uint64_t>(std::llround(cycles * period_ps_));
  }
  void dump(std::uint64_t time) {
    context_->time(time);
    trace_->dump(time);
  }

  // Verilator 5.006 keeps the last context made as the thread's context, and a model made
  // without one (the DMA link's SystemC core) takes it: once ours is gone, point it back at
  // Verilator's own default context, or that model would lock a deleted context's mutex.
  struct ThreadContextReset {
    ~ThreadContextReset() { Verilated::threadContextp(Verilated::defaultContextp()); }
  };
  ThreadContextReset thread_context_reset_;  // first member: runs after the context is gone
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> core_;
  std::unique_ptr<VerilatedFstC> trace_;
  std::string trace_path_;
  std::string fst_path_;
  double period_ps_;
  std::uint64_t cycle_ = 0;
  bool tracing_ = false;
};

// The commands accepted by the core whose last event has not left it yet, oldest first: the
// per-command state of a run, bounded by what the core holds, not by the stream's length.
class InFlight {
public:
  void accept(std::uint64_t cycle, std::uint8_t opcode) {
    CommandCycles command;
    command.seq = accepted() + 1;
    command.opcode = opcode;
    command.accept_cycle = cycle;
    pending_.push_back(command);
  }
  std::uint64_t accepted() const { return retired_ + pending_.size(); }

  // Counts an event of command `cmd_seq` in `cycle`; its accept cycle if this is its first event.
  std::optional<std::uint64_t> event_of(std::uint64_t cmd_seq, std::uint64_t cycle) {
    CommandCycles& command = at(cmd_seq);
    command.last_event_cycle = cycle;
    if (command.events++ != 0) return std::nullopt;
    command.first_event_cycle = cycle;
    return command.accept_cycle;
  }

  // Command `cmd_seq` made its last event: events come in command order, so it is the oldest.
  CommandCycles retire(std::uint64_t cmd_seq) {
    if (cmd_seq != retired_ + 1) {
      throw std::runtime_error(fmt::format("rtl: last event of command {} while command {} is not done",
                                           cmd_seq, retired_ + 1));
    }
    CommandCycles done = pending_.front();
    done.start_cycle = std::max(done.accept_cycle, previous_last_event_cycle_);
    previous_last_event_cycle_ = done.last_event_cycle;
    pending_.pop_front();
    ++retired_;
    return done;
  }

private:
  CommandCycles& at(std::uint64_t cmd_seq) {
    if (cmd_seq == 0 || cmd_seq > accepted()) {
      throw std::runtime_error(fmt::format("rtl: event for command {} before it was accepted", cmd_seq));
    }
    if (cmd_seq <= retired_) {
      throw std::runtime_error(fmt::format("rtl: event for command {} after its last event", cmd_seq));
    }
    return pending_[static_cast<std::size_t>(cmd_seq - retired_ - 1)];
  }

  std::deque<CommandCycles> pending_;
  std::uint64_t retired_ = 0;
  std::uint64_t previous_last_event_cycle_ = 0;
};

// The commands of a streamed run, fetched a chunk at a time as the core asks for them.
class CommandCursor {
public:
  explicit CommandCursor(const RtlSim::CommandChunks& next_chunk) : next_chunk_(next_chunk) {}

  // Whether a command is left to present (fetching the next chunk when this one is spent).
  bool has_next() {
    while (position_ == chunk_.size() && !ended_) {
      chunk_ = next_chunk_();
      position_ = 0;
      ended_ = chunk_.empty();
    }
    return position_ < chunk_.size();
  }
  // The command to present; only after has_next().
  const Command& peek() const { return chunk_[position_]; }
  void advance() { ++position_; }

private:
  const RtlSim::CommandChunks& next_chunk_;
  std::span<const Command> chunk_;
  std::size_t position_ = 0;
  bool ended_ = false;
};

// Whether the model is tm_lanes, with its host-merge ports.
template <class Model>
constexpr bool kHasLanePorts = requires(Model& model) { model.lane_evt_ready_i; };

// The host side of tm_lanes' host merge (docs/rtl.md, "Symbol lanes"): every lane's events and
// the order of the commands' lanes are taken off their ports as they come and merged as the
// merger of tm_lanes does: a command's events up to its last, then the next command's, numbered
// globally, a lane's local symbol turned back into the global one.
class HostMerge {
public:
  // Takes this cycle's handshakes of `core` (sampled before the edge) and hands every event
  // that can now be merged to `deliver`; whether anything was taken.
  template <class Model, class Deliver>
  bool take(Model& core, unsigned lanes, const Deliver& deliver) {
    bool fired = false;
    if (core.ord_valid_o && core.ord_ready_i) {
      orders_.push_back(static_cast<std::uint32_t>(core.ord_data_o));
      fired = true;
    }
    if (lanes_.size() < lanes) lanes_.resize(lanes);
    for (unsigned lane = 0; lane < lanes; ++lane) {
      if (((core.lane_evt_valid_o & core.lane_evt_ready_i) >> lane & 1u) == 0) continue;
      Event event;
      std::memcpy(&event, core.lane_evt_data_o.data() + lane * (sizeof(Event) / 4), sizeof(Event));
      lanes_[lane].push_back(event);
      fired = true;
    }
    const unsigned lane_bits = static_cast<unsigned>(std::countr_zero(lanes));
    while (!orders_.empty()) {
      // {exec lane, symbol lane, translated}, as tm_lanes' order FIFO holds it.
      const std::uint32_t order = orders_.front();
      const bool translated = (order & 1u) != 0;
      const std::uint32_t symbol_lane = (order >> 1) & (lanes - 1);
      const std::uint32_t exec_lane = (order >> (1 + lane_bits)) & (lanes - 1);
      std::deque<Event>& queue = lanes_[exec_lane];
      if (queue.empty()) break;
      Event event = queue.front();
      queue.pop_front();
      event.seq = next_seq_++;
      event.cmd_seq = next_cmd_seq_;
      if (event.type != static_cast<std::uint8_t>(EventType::Rejected) || translated) {
        event.symbol = static_cast<std::uint16_t>(event.symbol << lane_bits | symbol_lane);
      }
      if ((event.flags & kEventLast) != 0) {
        orders_.pop_front();
        ++next_cmd_seq_;
      }
      deliver(event);
    }
    return fired;
  }

private:
  std::deque<std::uint32_t> orders_;
  std::vector<std::deque<Event>> lanes_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t next_cmd_seq_ = 1;
};

template <class Model>
RtlRunStats run_model(const RtlSimOptions& options, const RtlSim::CommandChunks& next_chunk,
                      const RtlSim::EventSink& sink) {
  Harness<Model> harness(options);
  Model& core = harness.core();
  std::mt19937_64 rng(options.seed);
  std::bernoulli_distribution gap(options.gap_probability);
  std::bernoulli_distribution backpressure(options.backpressure_probability);

  RtlRunStats stats;
  TraceWindow window(options.trace_from, options.trace_to);
  std::optional<CycleLogFile> cycle_log;
  if (!options.cycles_path.empty()) cycle_log.emplace(options.cycles_path);

  // Reset, then wait for the core to clear its order table.
  core.cmd_valid_i = 0;
  core.evt_ready_i = 0;
  if constexpr (kHasLanePorts<Model>) {
    core.host_merge_i = options.host_merge ? 1 : 0;
    core.lane_evt_ready_i = 0;
    core.ord_ready_i = 0;
  }
  core.rst_ni = 0;
  for (int i = 0; i < 4; ++i) {
    harness.settle_low();
    harness.rise();  // not traced: the waveform's time starts at reset release
  }
  core.rst_ni = 1;
  std::uint64_t cycle = 0;
  for (;;) {
    harness.settle_low();
    harness.trace_cycle(cycle, window.covers(cycle, 0, 0));
    if (core.idle_o) break;
    harness.rise();
    if (++cycle > options.stall_limit_cycles) throw std::runtime_error("rtl: core never came out of reset");
  }
  stats.init_cycles = cycle;

  CommandCursor commands(next_chunk);
  InFlight in_flight;
  HostMerge host_merge;
  std::uint64_t completed = 0;  // commands whose last event was taken
  bool presenting = false;
  std::uint64_t start_cycle = 0;
  std::uint64_t last_progress = cycle;
  std::uint64_t prev_fill_cycle = 0;
  std::uint64_t prev_fill_cmd = 0;

  while (presenting || completed < in_flight.accepted() || commands.has_next()) {
    // Drive inputs in the low phase, away from the rising edge that samples them. A presented
    // command stays until it is taken (AXI4-Stream: valid never drops before ready).
    if (!presenting && commands.has_next() && !gap(rng)) {
      std::memcpy(core.cmd_data_i.data(), &commands.peek(), sizeof(Command));
      commands.advance();
      presenting = true;
    }
    core.cmd_valid_i = presenting ? 1 : 0;
    const bool held = cycle - stats.init_cycles < options.events_held_cycles;
    core.evt_ready_i = backpressure(rng) || held ? 0 : 1;
    if constexpr (kHasLanePorts<Model>) {
      core.host_merge_i = options.host_merge ? 1 : 0;
      std::uint32_t ready = 0;
      for (unsigned lane = 0; lane < options.lanes; ++lane) {
        if (!backpressure(rng) && !held) ready |= 1u << lane;
      }
      core.lane_evt_ready_i = static_cast<std::remove_cvref_t<decltype(core.lane_evt_ready_i)>>(ready);
      core.ord_ready_i = 1;  // the host keeps the order of every command it was told
    }
    harness.settle_low();

    if (options.port_observer) {
      options.port_observer({presenting, core.cmd_ready_o != 0, core.evt_valid_o != 0, core.evt_ready_i != 0});
    }
    const bool cmd_fire = presenting && core.cmd_ready_o;
    std::uint64_t accepted_now = 0;
    std::uint64_t retired_now = 0;
    const bool evt_fire = core.evt_valid_o && core.evt_ready_i;
    bool lane_fire = false;
    if (cmd_fire) {
      if (in_flight.accepted() == 0) start_cycle = cycle;
      in_flight.accept(cycle, core.cmd_data_i[0] & 0xFFu);  // opcode: byte 0
      accepted_now = in_flight.accepted();
      presenting = false;
    }
    // An event leaving the core (or the host merge) in cycle `cycle`, in stream order.
    const auto deliver = [&](const Event& event) {
      const bool last = (event.flags & kEventLast) != 0;
      if (const auto accepted_at = in_flight.event_of(event.cmd_seq, cycle)) {
        stats.first_event_latency_cycles.add(static_cast<std::uint32_t>(cycle - *accepted_at));
      }
      if (event.type == static_cast<std::uint8_t>(EventType::Fill)) {
        if (prev_fill_cmd == event.cmd_seq) {
          ++stats.sweep_fill_gaps;
          stats.sweep_fill_gap_cycles += cycle - prev_fill_cycle;
        }
        prev_fill_cmd = event.cmd_seq;
        prev_fill_cycle = cycle;
      }
      sink(event);
      ++stats.events;
      if (last) {
        const CommandCycles done = in_flight.retire(event.cmd_seq);
        stats.cycles_by_opcode.add(done);
        if (cycle_log) cycle_log->write(done);
        retired_now = done.seq;
        ++completed;
      }
    };
    if (evt_fire) {
      Event event;
      std::memcpy(&event, core.evt_data_o.data(), sizeof(Event));
      if (((event.flags & kEventLast) != 0) != static_cast<bool>(core.evt_last_o)) {
        throw std::runtime_error("rtl: evt_last_o disagrees with the event's flags");
      }
      deliver(event);
    }
    if constexpr (kHasLanePorts<Model>) {
      if (options.host_merge) lane_fire = host_merge.take(core, options.lanes, deliver);
    }
    if (cmd_fire || evt_fire || lane_fire) last_progress = cycle;
    if (cycle - last_progress > options.stall_limit_cycles) {
      throw std::runtime_error(fmt::format("rtl: no progress for {} cycles after {} completed of {} accepted commands",
                                           options.stall_limit_cycles, completed, in_flight.accepted()));
    }
    harness.trace_cycle(cycle, window.covers(cycle, accepted_now, retired_now));
    harness.rise();
    ++cycle;
  }
  stats.commands = completed;
  stats.run_cycles = completed == 0 ? 0 : cycle - start_cycle;
  if (cycle_log) cycle_log->close();
  harness.finish();
  return stats;
}

} // namespace

RtlSim::RtlSim(RtlSimOptions options, const CoreConfig& config)
    : options_(std::move(options)), config_(config) {
  if (options_.gap_probability < 0.0 || options_.gap_probability >= 1.0 ||
      options_.backpressure_probability < 0.0 || options_.backpressure_probability >= 1.0) {
    throw std::invalid_argument("rtl: gap and back-pressure probabilities must be in [0, 1)");
  }
  const bool one_lane_built = config_ == kRtlConfig || config_ == kRtlVenueConfig ||
                              config_ == kRtlTinyConfig || config_ == kRtlLanesConfig;
  const bool lanes_built = config_ == kRtlLanesConfig &&
                           std::ranges::find(kRtlLaneCounts, options_.lanes) != kRtlLaneCounts.end();
  if (options_.host_merge && options_.lanes == 1) {
    throw std::invalid_argument("rtl: the host merge needs symbol lanes (lanes=N, N > 1)");
  }
  if (options_.lanes == 1 ? !one_lane_built : !lanes_built) {
    throw std::invalid_argument(fmt::format(
        "rtl: no verilated model is built for symbols={} price_levels={} handles={} "
        "max_quantity={} with lanes={} (built: {})",
        config_.symbols, config_.price_levels, config_.handles, config_.max_quantity,
        options_.lanes, built_models()));
  }
}

std::string RtlSim::built_models() {
  const auto describe = [](const CoreConfig& config) {
    return fmt::format("symbols={} price_levels={} handles={} max_quantity={}", config.symbols,
                       config.price_levels, config.handles, config.max_quantity);
  };
  return fmt::format("lanes=1 for {}, {}, {} and {}; lanes={} for {}", describe(kRtlConfig),
                     describe(kRtlVenueConfig), describe(kRtlTinyConfig),
                     describe(kRtlLanesConfig), fmt::join(kRtlLaneCounts, "|"),
                     describe(kRtlLanesConfig));
}

RtlSim::~RtlSim() = default;

RtlRunStats RtlSim::run(const CommandChunks& next_chunk, const EventSink& sink) {
  if (config_ == kRtlVenueConfig) return run_model<Vtm_core_venue>(options_, next_chunk, sink);
  if (config_ == kRtlTinyConfig) return run_model<Vtm_core_tiny>(options_, next_chunk, sink);
  if (config_ == kRtlLanesConfig) {
    if (options_.lanes == 2) return run_model<Vtm_lanes2>(options_, next_chunk, sink);
    if (options_.lanes == 4) return run_model<Vtm_lanes4>(options_, next_chunk, sink);
#ifdef TWINMATCH_RTL_LANES8
    if (options_.lanes == 8) return run_model<Vtm_lanes8>(options_, next_chunk, sink);
#endif
    return run_model<Vtm_core_sym16>(options_, next_chunk, sink);
  }
  return run_model<Vtm_core>(options_, next_chunk, sink);
}

RtlRunStats RtlSim::run(std::span<const Command> commands, std::vector<Event>& events) {
  bool handed = false;
  const CommandChunks whole = [&]() -> std::span<const Command> {
    if (handed) return {};
    handed = true;
    return commands;
  };
  return run(whole, [&events](const Event& event) { events.push_back(event); });
}

} // namespace twinmatch::sim
