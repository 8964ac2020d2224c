// Runs a stepped core (reference model, sw engine, HLS core) in the card: takes each command
// from the card's command FIFO, and puts its events out at the cycles the core's timing model
// states, at the nominal clock, holding a beat while the event FIFO is full or the configured
// random back-pressure holds the core's output.
#pragma once

#include <cstdint>
#include <random>

#include <systemc>

#include "core_side.hpp"
#include "twinmatch/link/core_model.hpp"
#include "twinmatch/link/link_config.hpp"

namespace twinmatch::link {

class SteppedRunner : public sc_core::sc_module {
public:
  SteppedRunner(const sc_core::sc_module_name& name, CoreSide& side);

  // Before a run: a fresh `core` to run, or nullptr to stay idle this run.
  void configure(SteppedCore* core, const CardConfig& config, std::uint64_t seed);
  // After a run that stalled: give up the command in flight.
  void abort();

private:
  void run();
  sc_core::sc_time cycles(std::uint64_t count) const;

  CoreSide& side_;
  SteppedCore* core_ = nullptr;
  CardConfig config_;
  std::mt19937_64 random_;
  bool aborting_ = false;
  // The current command's events and timing. A member, not a local of run(): SystemC allocates
  // its threads' stacks itself and never tears this one down, so buffers held only there would
  // look leaked at exit (LeakSanitizer does not scan those stacks).
  CoreStep step_;
  sc_core::sc_event configured_;
  sc_core::sc_event abort_;
};

} // namespace twinmatch::link
