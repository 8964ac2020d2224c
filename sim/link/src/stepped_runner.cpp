#include "stepped_runner.hpp"

#include <algorithm>

namespace twinmatch::link {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

SteppedRunner::SteppedRunner(const sc_core::sc_module_name& name, CoreSide& side)
    : sc_module(name), side_(side) {
  SC_HAS_PROCESS(SteppedRunner);
  SC_THREAD(run);
}

void SteppedRunner::configure(SteppedCore* core, const CardConfig& config, std::uint64_t seed) {
  core_ = core;
  config_ = config;
  random_.seed(seed);
  aborting_ = false;
  if (core_ != nullptr) core_->reset();
  configured_.notify(SC_ZERO_TIME);
}

void SteppedRunner::abort() {
  aborting_ = true;
  abort_.notify(SC_ZERO_TIME);
}

sc_time SteppedRunner::cycles(std::uint64_t count) const {
  return sc_time(static_cast<double>(count) * 1000.0 / config_.core_clock_mhz, SC_NS);
}

void SteppedRunner::run() {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (;;) {
    while (core_ == nullptr || !side_.command_waiting()) {
      wait(side_.commands_landed() | configured_);
    }
    const Command command = side_.next_command();
    side_.take_command();
    step_.clear();
    core_->execute(command, step_);
    // Each beat keeps its distance in cycles from the one before, so a held beat delays the rest.
    std::uint32_t previous_cycle = 0;
    for (std::size_t i = 0; i < step_.events.size() && !aborting_; ++i) {
      if (step_.event_cycles[i] != previous_cycle) {
        wait(cycles(step_.event_cycles[i] - previous_cycle));
      }
      previous_cycle = step_.event_cycles[i];
      if (config_.core_stall_probability > 0.0 && unit(random_) < config_.core_stall_probability) {
        std::uniform_int_distribution<std::uint32_t> stall(1, config_.core_stall_max_cycles);
        wait(cycles(stall(random_)));
      }
      while (!side_.event_space() && !aborting_) wait(side_.event_space_freed() | abort_);
      if (aborting_) break;
      side_.put_event(step_.events[i]);
    }
    if (aborting_) continue;
    wait(cycles(std::max(step_.next_command_cycles - previous_cycle, 1u)));
  }
}

} // namespace twinmatch::link
