// The core behind the card's DMA engine. Each backend (reference model, sw engine, HLS core,
// RTL core) plugs in as a CoreModel: it computes a command's events and says how many core
// clock cycles they take, and the card model spends those cycles in simulated time.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::link {

// What one command did in the core: its events, the core clock cycle (counted from taking the
// command) at which each event beat leaves the core, and the cycle at which the core takes its
// next command. Cycles are non-decreasing, each beat at least one cycle after the one before,
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

class CoreModel {
public:
  virtual ~CoreModel() = default;
  virtual std::string_view name() const = 0;
  // Where the timing comes from (a stated model, a design target, a measurement), for reports.
  virtual std::string_view timing_source() const = 0;
  virtual const CoreConfig& config() const = 0;
  // Back to a fresh core: empty books, numbering from 1.
  virtual void reset() = 0;
  // Runs one command into a cleared `step`.
  virtual void execute(const Command& command, CoreStep& step) = 0;
};

} // namespace twinmatch::link
