#include "clocked_rtl_core.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "Vtm_core_sc.h"

namespace twinmatch::link {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

constexpr std::size_t kCommandWords = sizeof(Command) / sizeof(std::uint32_t);
constexpr std::size_t kEventWords = sizeof(Event) / sizeof(std::uint32_t);

// Bit 0 of the port is bit 0 of the record's first byte (docs/rtl.md), so word i of the bit
// vector is bytes 4i..4i+3 of the little-endian record.
sc_dt::sc_bv<256> command_bits(const Command& command) {
  std::array<std::uint32_t, kCommandWords> words{};
  std::memcpy(words.data(), &command, sizeof(Command));
  sc_dt::sc_bv<256> bits;
  for (std::size_t i = 0; i < kCommandWords; ++i) bits.set_word(static_cast<int>(i), words[i]);
  return bits;
}

Event event_of(const sc_dt::sc_bv<512>& bits) {
  std::array<std::uint32_t, kEventWords> words{};
  for (std::size_t i = 0; i < kEventWords; ++i) words[i] = bits.get_word(static_cast<int>(i));
  Event event;
  std::memcpy(&event, words.data(), sizeof(Event));
  return event;
}

// The model may be traced later (--opt trace=FILE), which Verilator allows only for a model made
// after traceEverOn; the cost when no trace is open is the model's activity flags.
std::unique_ptr<Vtm_core_sc> traceable_core() {
  Verilated::traceEverOn(true);
  return std::make_unique<Vtm_core_sc>("tm_core");
}

} // namespace

ClockedRtlCore::ClockedRtlCore(const sc_core::sc_module_name& name, CoreSide& side)
    : sc_module(name), side_(side), core_(traceable_core()), wave_(*core_) {
  core_->clk_i(clk_);
  core_->rst_ni(rst_n_);
  core_->cmd_valid_i(cmd_valid_);
  core_->cmd_ready_o(cmd_ready_);
  core_->cmd_data_i(cmd_data_);
  core_->evt_valid_o(evt_valid_);
  core_->evt_ready_i(evt_ready_);
  core_->evt_data_o(evt_data_);
  core_->evt_last_o(evt_last_);
  core_->idle_o(idle_);
  SC_HAS_PROCESS(ClockedRtlCore);
  SC_THREAD(drive_clock);
  SC_METHOD(on_rising_edge);
  sensitive << clk_.posedge_event();
  dont_initialize();
  SC_METHOD(on_falling_edge);
  sensitive << clk_.negedge_event();
  dont_initialize();
  SC_METHOD(end_wave);
  sensitive << wave_end_;
  dont_initialize();
}

ClockedRtlCore::~ClockedRtlCore() { core_->final(); }

void ClockedRtlCore::configure(const CardConfig& config, std::uint64_t seed,
                               DmaRunResult& record) {
  config_ = config;
  random_.seed(seed);
  record_ = &record;
  const double half_period_ps = std::max(1.0, std::round(1e6 / config.core_clock_mhz / 2.0));
  half_period_ = sc_time(half_period_ps, sc_core::SC_PS);
  origin_ = sc_core::sc_time_stamp();
  stopped_ = false;
  in_reset_ = true;
  reset_edges_ = kResetCycles;
  clearing_ = false;
  presenting_ = false;
  quiet_cycles_ = 0;
  accepted_ = 0;
  retired_ = 0;
  draw_hold();
  wake_.notify(SC_ZERO_TIME);
}

void ClockedRtlCore::stop() {
  stopped_ = true;
  presenting_ = false;
}

void ClockedRtlCore::draw_hold() {
  hold_ = 0;
  if (config_.core_stall_probability <= 0.0) return;
  if (std::uniform_real_distribution<double>(0.0, 1.0)(random_) < config_.core_stall_probability) {
    hold_ = std::uniform_int_distribution<std::uint32_t>(1, config_.core_stall_max_cycles)(random_);
  }
}

bool ClockedRtlCore::wants_clock() const {
  if (stopped_) return false;
  return in_reset_ || clearing_ || presenting_ || side_.command_waiting() || !idle_.read() ||
         evt_valid_.read();
}

void ClockedRtlCore::drive_clock() {
  for (;;) {
    while (!wants_clock()) wait(wake_ | side_.commands_landed());
    // The next rising edge on the run's grid: a clock that ran all along, of which only the
    // edges that can change something are simulated.
    const sc_core::sc_time::value_type period = 2 * half_period_.value();
    const sc_core::sc_time::value_type since = (sc_core::sc_time_stamp() - origin_).value();
    const sc_core::sc_time::value_type next = (since + period - 1) / period * period;
    if (next != since) wait(sc_time::from_value(next - since));
    clk_.write(true);
    wait(half_period_);
    clk_.write(false);
    wait(half_period_);
  }
}

// The edge the core samples: the handshakes of the inputs driven on the falling edge before.
void ClockedRtlCore::on_rising_edge() {
  if (stopped_) return;
  ++record_->core_busy_cycles;
  if (in_reset_) {
    if (!rst_n_.read() && reset_edges_ > 0) --reset_edges_;
    return;
  }
  if (clearing_) {
    clearing_ = !idle_.read();
    if (clearing_ && ++quiet_cycles_ >= kStallCycles) stop();
    if (clearing_) return;
    quiet_cycles_ = 0;
  }

  const bool cmd_offered = cmd_valid_.read();
  const bool cmd_taken = cmd_offered && cmd_ready_.read();
  const bool evt_valid = evt_valid_.read();
  const bool evt_taken = evt_valid && evt_ready_.read();
  const bool evt_held = evt_valid && !evt_ready_.read();
  if (cmd_offered && !cmd_ready_.read()) ++record_->core_command_wait_cycles;
  if (evt_held) ++record_->core_event_wait_cycles;
  if (cmd_taken) {
    ++accepted_;
    side_.take_command();
    presenting_ = false;
  }
  if (evt_taken) {
    if (evt_last_.read()) ++retired_;
    side_.put_event(event_of(evt_data_.read()));
    draw_hold();
  } else if (evt_held && hold_ > 0) {
    --hold_;
  }

  // Busy without a handshake and without being held: after kStallCycles of that, stuck.
  if (cmd_taken || evt_taken || evt_held || idle_.read()) {
    quiet_cycles_ = 0;
  } else if (++quiet_cycles_ >= kStallCycles) {
    stop();
  }
}

// The edge the core does not sample: the card drives the inputs for the next rising edge.
void ClockedRtlCore::on_falling_edge() {
  if (in_reset_ && !stopped_) {
    rst_n_.write(reset_edges_ == 0);
    if (reset_edges_ == 0) {
      in_reset_ = false;
      clearing_ = true;
      first_rise_ = sc_core::sc_time_stamp() + half_period_;
    }
  }
  if (!presenting_ && !stopped_ && !in_reset_ && !clearing_ && side_.command_waiting()) {
    cmd_data_.write(command_bits(side_.next_command()));
    presenting_ = true;
  }
  cmd_valid_.write(presenting_);
  const bool evt_ready = !stopped_ && !in_reset_ && hold_ == 0 && side_.event_space();
  evt_ready_.write(evt_ready);
  if (!stopped_ && !in_reset_ && wave_.armed()) begin_wave_cycle(evt_ready);
}

// The cycle whose rising edge comes next: cmd_ready_o and the event port are registers, so what
// that edge takes is known now. A handshake keeps the clock running, so a command or event
// bound falls on the edge half a period from now.
void ClockedRtlCore::begin_wave_cycle(bool evt_ready) {
  const sc_core::sc_time::value_type period = 2 * half_period_.value();
  const sc_core::sc_time rise = sc_core::sc_time_stamp() + half_period_;
  const std::uint64_t cycle = (rise - first_rise_).value() / period;
  const std::uint64_t accepted = presenting_ && cmd_ready_.read() ? accepted_ + 1 : 0;
  const bool retires = evt_valid_.read() && evt_ready && evt_last_.read();
  if (wave_.begin_cycle(cycle, accepted, retires ? retired_ + 1 : 0)) {
    wave_end_.notify(half_period_ + sc_time(1, sc_core::SC_PS));  // just after that rising edge
  }
}

void ClockedRtlCore::end_wave() { wave_.stop_recording(); }

} // namespace twinmatch::link
