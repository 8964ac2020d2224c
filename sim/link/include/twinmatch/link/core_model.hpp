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

// How long one command occupies the core, in core clock cycles counted from taking it:
// its first event beat after `first_event_cycles`, one more every `cycles_per_event`, and the
// next command taken at `next_command_cycles` (or one cycle after the last beat, if later).
// A beat waits longer while the event FIFO is full (back-pressure).
struct CoreTiming {
  std::uint32_t first_event_cycles;
  std::uint32_t cycles_per_event;
  std::uint32_t next_command_cycles;
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
  // Runs one command, appends every event it causes to `events`, returns its timing.
  virtual CoreTiming execute(const Command& command, std::vector<Event>& events) = 0;
};

} // namespace twinmatch::link
