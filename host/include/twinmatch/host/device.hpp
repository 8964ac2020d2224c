// What the host driver needs from the card: two MMIO registers, a command window and a way to
// wait. The SystemC card model (sim/link) implements it over its PCIe link model; a real card
// would implement it with BAR writes (the window write-combined) and a polling loop.
#pragma once

#include <cstdint>
#include <span>

#include "twinmatch/protocol.hpp"

namespace twinmatch::host {

class Device {
public:
  virtual ~Device() = default;
  // MMIO write of the submission tail: records up to `tail` (free-running) are valid.
  virtual void ring_doorbell(std::uint32_t submission_tail) = 0;
  // Posted write of `records`, the commands of consecutive submission indices from
  // `first_index`, into the card's command window at slots first_index & (window - 1) onward
  // (DriverConfig::pio_window_entries). The card takes them without reading host memory. The
  // driver never writes across the window's end, and only indices less than the window's size
  // ahead of its oldest open command, so the card never finds a slot still occupied.
  virtual void write_window(std::uint32_t first_index, std::span<const Command> records) = 0;
  // MMIO write of the completion head: slots before `head` (free-running) may be overwritten.
  virtual void write_completion_head(std::uint32_t completion_head) = 0;
  // Returns true once the card may have written completion slots since the last call (an
  // interrupt, or one turn of a polling loop); false when the card will not answer any more
  // (a timeout, a removed device), which the driver turns into a fault.
  virtual bool wait_for_completions() = 0;
};

} // namespace twinmatch::host
