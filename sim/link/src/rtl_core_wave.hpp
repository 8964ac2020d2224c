// The waveform of the card's RTL core (Vtm_core_sc) for `--link dma --opt trace=FILE`, in the
// run's ps, over the window of trace_from= / trace_to= (sim::TraceWindow, as for the rtl
// backend). SystemC calls the trace at every simulated time step while it is recording; the
// core tells the wave where each of its cycles starts, and the recording runs from the start of
// the window's first cycle to just after the rising edge of its last.
// FILE is .fst or .vcd, with a .gtkw beside it, as for the rtl backend (sim/wave_files.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "twinmatch/sim/trace_window.hpp"

class Vtm_core_sc;
class VerilatedFstSc;

namespace twinmatch::link {

class RtlCoreWave {
public:
  // The model must have been built after Verilated::traceEverOn(true).
  explicit RtlCoreWave(Vtm_core_sc& core) : core_(core) {}

  // The next run records its cycles in [from, to] into `path`.
  void arm(const std::string& path, const sim::TraceBound& from, const sim::TraceBound& to);
  bool armed() const { return window_.has_value(); }
  // Cycle `cycle` starts (its inputs are driven); `accepted` / `retired` as for
  // sim::TraceWindow::covers. Starts or stops the recording; true if this is the window's last
  // cycle, whose recording the caller stops (stop_recording) just after its rising edge.
  // Throws std::runtime_error.
  bool begin_cycle(std::uint64_t cycle, std::uint64_t accepted, std::uint64_t retired);
  void stop_recording();
  // After the run: stops recording and writes the VCD (if asked for) and the .gtkw; a window the
  // run never reached gives a waveform without time steps. Throws std::runtime_error.
  void close();

private:
  void start_recording();

  Vtm_core_sc& core_;
  // Registered with the SystemC kernel, which keeps it for the process: made once, never freed.
  VerilatedFstSc* trace_ = nullptr;
  std::string path_;
  std::optional<sim::TraceWindow> window_;
  bool started_ = false; // the recording was opened in this run
};

} // namespace twinmatch::link
