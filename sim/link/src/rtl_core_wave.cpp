#include "rtl_core_wave.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "Vtm_core_sc.h"
#include "twinmatch/sim/wave_files.hpp"
#include "verilated_fst_sc.h"

namespace twinmatch::link {

void RtlCoreWave::arm(const std::string& path, const sim::TraceBound& from,
                      const sim::TraceBound& to) {
  path_ = path;
  window_.emplace(from, to);
  started_ = false;
}

bool RtlCoreWave::begin_cycle(std::uint64_t cycle, std::uint64_t accepted, std::uint64_t retired) {
  if (!window_) return false;
  const bool covered = window_->covers(cycle, accepted, retired);
  if (covered && !started_) start_recording();
  if (!covered) stop_recording();
  return covered && window_->ended();
}

// After elaboration (SystemC's rule), which the first run's sc_start() has done.
void RtlCoreWave::start_recording() {
  if (trace_ == nullptr) {
    trace_ = new VerilatedFstSc;  // owned by the SystemC kernel from here on
    core_.trace(trace_, 99);
  }
  started_ = true;
  trace_->open(sim::recording_path_of(path_).c_str());
  if (!trace_->isOpen()) throw std::runtime_error(fmt::format("dma: cannot open trace file {}", path_));
}

void RtlCoreWave::stop_recording() {
  if (trace_ != nullptr && trace_->isOpen()) trace_->close();
}

void RtlCoreWave::close() {
  if (!window_) return;
  if (!started_) start_recording();
  stop_recording();
  window_.reset();
  sim::finish_wave_files(path_);
}

} // namespace twinmatch::link
