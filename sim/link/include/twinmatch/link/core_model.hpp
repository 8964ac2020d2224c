// The core behind the card's DMA engine. Every backend plugs in as a CoreModel. The functional
// cores (reference model, sw engine, HLS core) are SteppedCores: each computes a command's events
// at once and states how many core clock cycles they take, and the card spends those cycles in
// simulated time. The RTL core is no SteppedCore: it is Verilator's SystemC model of the RTL,
// clocked by the card and driven through its ready/valid ports cycle by cycle.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::link {

// What one command did in a stepped core: its events, the core clock cycle (counted from taking
// the command) at which each event beat leaves the core, and the cycle at which the core takes
// its next command. Cycles are non-decreasing, each beat at least one cycle after the one before,
// and the next command at least one cycle after the last beat. When back-pressure holds a beat,
// every later beat and the next command move by the same delay.
struct CoreStep {
  std::vector<Event> events;
  std::vector<std::uint32_t> event_cycles;
  std::uint32_t next_command_cycles = 0;

  void clear() {
    events.clear();
    event_cycles.clear();
    next_command_cycles = 0;
  }
};

class SteppedCore;

class CoreModel {
public:
  virtual ~CoreModel() = default;
  virtual std::string_view name() const = 0;
  // Where the timing comes from (a stated model, a design target, the clocked RTL), for reports.
  virtual std::string_view timing_source() const = 0;
  virtual const CoreConfig& config() const = 0;
  // This core as a stepped model, or nullptr when the card clocks the core itself.
  virtual SteppedCore* stepped() { return nullptr; }
};

class SteppedCore : public CoreModel {
public:
  SteppedCore* stepped() final { return this; }
  // Back to a fresh core: empty books, numbering from 1.
  virtual void reset() = 0;
  // Runs one command into a cleared `step`.
  virtual void execute(const Command& command, CoreStep& step) = 0;
};

} // namespace twinmatch::link
