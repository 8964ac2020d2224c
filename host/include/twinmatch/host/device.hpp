// What the host driver needs from the card: two MMIO registers and a way to wait.
// The SystemC card model (sim/link) implements it over its PCIe link model; a real card
// would implement it with BAR writes and an interrupt or a polling loop.
#pragma once

#include <cstdint>

namespace twinmatch::host {

class Device {
public:
  virtual ~Device() = default;
  // MMIO write of the submission tail: records up to `tail` (free-running) are valid.
  virtual void ring_doorbell(std::uint32_t submission_tail) = 0;
  // MMIO write of the completion head: slots before `head` (free-running) may be overwritten.
  virtual void write_completion_head(std::uint32_t completion_head) = 0;
  // Returns true once the card may have written completion slots since the last call (an
  // interrupt, or one turn of a polling loop); false when the card will not answer any more
  // (a timeout, a removed device), which the driver turns into a fault.
  virtual bool wait_for_completions() = 0;
};

} // namespace twinmatch::host
