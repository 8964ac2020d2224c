// The RTL core inside the card: Verilator's SystemC model of rtl/tm_core.sv (Vtm_core_sc), a
// clocked sc_module wired to the card's FIFOs through its ready/valid ports.
//
// The card drives the core clock at the run's nominal frequency (half period rounded to whole
// ps), on a grid that starts with the run. Each rising edge takes a command when cmd_valid_i and
// cmd_ready_o are both high, and an event beat when evt_valid_o and evt_ready_i are; on the
// falling edge the card presents the oldest fetched command and raises evt_ready_i only while
// its event FIFO has room and no random back-pressure hold is running.
// The hold is drawn before each beat: with core_stall_probability, 1..core_stall_max_cycles
// cycles of the beat being presented with ready low. Edges on which nothing can change (core
// idle, nothing to present) are not simulated; the clock resumes on the same grid.
//
// SystemC elaborates once per process, so there is one instance, in the card, reconfigured per
// run: configure() sets the clock and holds rst_ni low for kResetCycles rising edges, after
// which the core clears its order table and raises idle_o. Each falling edge from reset release
// on starts a cycle of the waveform's window (rtl_core_wave.hpp); cycles are numbered on the
// clock's grid, so the ones of an idle core that are not simulated still count. A core that neither takes nor puts out anything
// for kStallCycles cycles of its own (no back-pressure) is stuck: its clock stops and the run
// reports the stall.
#pragma once

#include <cstdint>
#include <memory>
#include <random>

#include <systemc>

#include "core_side.hpp"
#include "rtl_core_wave.hpp"
#include "twinmatch/link/dma_run.hpp"
#include "twinmatch/link/link_config.hpp"

class Vtm_core_sc;

namespace twinmatch::link {

class ClockedRtlCore : public sc_core::sc_module {
public:
  ClockedRtlCore(const sc_core::sc_module_name& name, CoreSide& side);
  ~ClockedRtlCore() override;

  // Before a run: the clock and back-pressure of `config`, counters into `record`, and a reset
  // that the next sc_start() runs to completion.
  void configure(const CardConfig& config, std::uint64_t seed, DmaRunResult& record);
  // The run is over or given up: no more edges until the next configure().
  void stop();
  // The core's waveform (rtl_core_wave.hpp).
  RtlCoreWave& wave() { return wave_; }

private:
  void drive_clock();
  void on_rising_edge();
  void on_falling_edge();
  bool wants_clock() const;
  void draw_hold();
  void begin_wave_cycle(bool evt_ready);
  void end_wave();

  static constexpr std::uint32_t kResetCycles = 4;
  static constexpr std::uint32_t kStallCycles = 1'000'000;

  CoreSide& side_;
  DmaRunResult* record_ = nullptr;
  CardConfig config_;
  std::mt19937_64 random_;

  sc_core::sc_signal<bool> clk_{"clk"};
  sc_core::sc_signal<bool> rst_n_{"rst_n"};
  sc_core::sc_signal<bool> cmd_valid_{"cmd_valid"};
  sc_core::sc_signal<bool> cmd_ready_{"cmd_ready"};
  sc_core::sc_signal<sc_dt::sc_bv<256>> cmd_data_{"cmd_data"};
  sc_core::sc_signal<bool> evt_valid_{"evt_valid"};
  sc_core::sc_signal<bool> evt_ready_{"evt_ready"};
  sc_core::sc_signal<sc_dt::sc_bv<512>> evt_data_{"evt_data"};
  sc_core::sc_signal<bool> evt_last_{"evt_last"};
  sc_core::sc_signal<bool> idle_{"idle"};
  std::unique_ptr<Vtm_core_sc> core_;
  RtlCoreWave wave_;

  sc_core::sc_time origin_;      // the run's first rising edge
  sc_core::sc_time half_period_;
  bool stopped_ = true;
  bool in_reset_ = false;
  std::uint32_t reset_edges_ = 0; // rising edges still to pass with rst_ni low
  bool clearing_ = false;         // out of reset, waiting for idle_o
  bool presenting_ = false;       // cmd_valid_i is (to be) high for the card's oldest command
  std::uint32_t hold_ = 0;        // cycles the presented (or next) beat is still held
  std::uint32_t quiet_cycles_ = 0;
  sc_core::sc_event wake_;
  // The waveform's cycle count: cycle 0 rises first after reset release, one per period on the
  // grid; the commands the core took and finished (their last event left) in this run.
  sc_core::sc_time first_rise_;
  std::uint64_t accepted_ = 0;
  std::uint64_t retired_ = 0;
  sc_core::sc_event wave_end_;
};

} // namespace twinmatch::link
