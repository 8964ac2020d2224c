#include "rtl_core_wave.hpp"

#include <cstdio>
#include <stdexcept>

#include <fmt/format.h>

#include "Vtm_core_sc.h"
#include "twinmatch/sim/wave_files.hpp"
#include "verilated_fst_sc.h"

namespace twinmatch::link {

void RtlCoreWave::open(const std::string& path) {
  const sim::WaveFormat format = sim::wave_format_of(path);
  if (trace_ == nullptr) {
    trace_ = new VerilatedFstSc;  // owned by the SystemC kernel from here on
    core_.trace(trace_, 99);
  }
  path_ = path;
  fst_path_ = format == sim::WaveFormat::Vcd ? path + ".part.fst" : path;
  trace_->open(fst_path_.c_str());
  if (!trace_->isOpen()) throw std::runtime_error(fmt::format("dma: cannot open trace file {}", path));
}

void RtlCoreWave::close() {
  if (trace_ == nullptr || !trace_->isOpen()) return;
  trace_->close();
  if (fst_path_ != path_) {
    sim::write_vcd_from_fst(fst_path_, path_);
    sim::write_gtkw(fst_path_, path_, sim::gtkw_path_of(path_));
    std::remove(fst_path_.c_str());
  } else {
    sim::write_gtkw(fst_path_, path_, sim::gtkw_path_of(path_));
  }
}

} // namespace twinmatch::link
