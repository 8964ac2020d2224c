#include "rtl_core_wave.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "Vtm_core_sc.h"
#include "twinmatch/sim/wave_files.hpp"
#include "verilated_fst_sc.h"

namespace twinmatch::link {

void RtlCoreWave::open(const std::string& path) {
  const std::string recording = sim::recording_path_of(path);
  if (trace_ == nullptr) {
    trace_ = new VerilatedFstSc;  // owned by the SystemC kernel from here on
    core_.trace(trace_, 99);
  }
  path_ = path;
  trace_->open(recording.c_str());
  if (!trace_->isOpen()) throw std::runtime_error(fmt::format("dma: cannot open trace file {}", path));
}

void RtlCoreWave::close() {
  if (trace_ == nullptr || !trace_->isOpen()) return;
  trace_->close();
  sim::finish_wave_files(path_);
}

} // namespace twinmatch::link
