// The waveform of the card's RTL core (Vtm_core_sc) for `--link dma --opt trace=FILE`: SystemC
// calls the trace at every simulated time step, in the run's ps, once the reset sweep is over.
// FILE is .fst or .vcd, with a .gtkw beside it, as for the rtl backend (sim/wave_files.hpp).
#pragma once

#include <string>

class Vtm_core_sc;
class VerilatedFstSc;

namespace twinmatch::link {

class RtlCoreWave {
public:
  // The model must have been built after Verilated::traceEverOn(true).
  explicit RtlCoreWave(Vtm_core_sc& core) : core_(core) {}

  // Starts recording into `path`; after elaboration (SystemC's rule). Throws std::runtime_error.
  void open(const std::string& path);
  // Stops recording and writes the VCD (if asked for) and the .gtkw. Throws std::runtime_error.
  void close();

private:
  Vtm_core_sc& core_;
  // Registered with the SystemC kernel, which keeps it for the process: made once, never freed.
  VerilatedFstSc* trace_ = nullptr;
  std::string path_;
};

} // namespace twinmatch::link
