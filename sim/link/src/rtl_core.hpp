// The RTL core (rtl/tm_core.sv) as the card's core. It has no model of its own here: the card
// clocks the one instance of Verilator's SystemC model it holds (clocked_rtl_core.hpp), and
// this names it, with its configuration, for the run and its report.
#pragma once

#include "twinmatch/link/core_model.hpp"
#include "twinmatch/sim/rtl_sim.hpp"

namespace twinmatch::link {

class RtlCore final : public CoreModel {
public:
  std::string_view name() const override { return "rtl"; }
  std::string_view timing_source() const override {
    return "Verilator's SystemC model of the RTL, clocked by the card at the nominal clock, "
           "ready/valid on both ports";
  }
  const CoreConfig& config() const override { return sim::kRtlConfig; }
};

} // namespace twinmatch::link
