#include "rtl_core.hpp"

#include <cstring>

#include "Vtm_core.h"
#include "twinmatch/sim/rtl_sim.hpp"
#include "verilated.h"

namespace twinmatch::link {

namespace {

// A core that neither takes the command nor finishes it within this many cycles is stuck; its
// command then has no last event and the driver reports the run as stalled.
constexpr std::uint32_t kStallCycles = 1'000'000;

} // namespace

RtlCore::RtlCore() { reset(); }
RtlCore::~RtlCore() {
  if (core_) core_->final();
}

const CoreConfig& RtlCore::config() const { return sim::kRtlConfig; }

void RtlCore::cycle() {
  core_->clk_i = 0;
  core_->eval();
  context_->timeInc(1);
  core_->clk_i = 1;
  core_->eval();
  context_->timeInc(1);
}

void RtlCore::reset() {
  if (core_) core_->final();
  core_.reset(); // before the context it was made in
  context_ = std::make_unique<VerilatedContext>();
  core_ = std::make_unique<Vtm_core>(context_.get(), "tm_core");
  core_->cmd_valid_i = 0;
  core_->evt_ready_i = 0;
  core_->rst_ni = 0;
  for (int i = 0; i < 4; ++i) cycle();
  core_->rst_ni = 1;
  // The order table is cleared by a sweep after reset; the core says when it is done.
  for (std::uint32_t waited = 0; waited < kStallCycles; ++waited) {
    core_->clk_i = 0;
    core_->eval();
    if (core_->idle_o) break;
    cycle();
  }
}

void RtlCore::execute(const Command& command, CoreStep& step) {
  std::memcpy(core_->cmd_data_i.data(), &command, sizeof(Command));
  core_->cmd_valid_i = 1;
  core_->evt_ready_i = 1;
  for (std::uint32_t now = 0; now < kStallCycles; ++now) {
    // Low phase: the inputs are set; the outputs settle for this cycle's handshakes.
    core_->clk_i = 0;
    core_->eval();
    const bool taken = core_->cmd_valid_i && core_->cmd_ready_o;
    bool last = false;
    if (core_->evt_valid_o) {
      Event event;
      std::memcpy(&event, core_->evt_data_o.data(), sizeof(Event));
      last = (event.flags & kEventLast) != 0;
      step.events.push_back(event);
      step.event_cycles.push_back(now);
    }
    context_->timeInc(1);
    core_->clk_i = 1;
    core_->eval();
    context_->timeInc(1);
    if (taken) core_->cmd_valid_i = 0;
    if (last) {
      step.next_command_cycles = now + 1;
      return;
    }
  }
  // Stuck: whatever came out goes on; the missing last event is the driver's to report.
  step.next_command_cycles = kStallCycles;
}

} // namespace twinmatch::link
