// The RTL core (rtl/tm_core.sv, Verilator's C++ model) as the card's core. Each command is
// clocked through the verilated model, cycle by cycle, with the event output always ready, and
// the cycle at which each event beat left the core is what the card model replays in SystemC
// time. Simplifications, stated: the command is presented only once the previous command's last
// event has left (the RTL could take it in that cycle, so each command carries one extra cycle),
// and the card's event-FIFO back-pressure delays beats after the fact instead of reaching the
// RTL's evt_ready_i.
#pragma once

#include <memory>

#include "twinmatch/link/core_model.hpp"

class Vtm_core;
class VerilatedContext;

namespace twinmatch::link {

class RtlCore final : public CoreModel {
public:
  RtlCore();
  ~RtlCore() override;
  std::string_view name() const override { return "rtl"; }
  std::string_view timing_source() const override {
    return "cycles of the verilated RTL, one command at a time, event output always ready";
  }
  const CoreConfig& config() const override;
  void reset() override;
  void execute(const Command& command, CoreStep& step) override;

private:
  void cycle(); // one clock: low phase (inputs settle), then the rising edge

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vtm_core> core_;
};

} // namespace twinmatch::link
