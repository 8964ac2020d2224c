// The card's two FIFOs as the core between them sees them: commands the DMA engine fetched, and
// room for events the completion writer will carry to the host. The card implements it; the
// stepped-core runner and the clocked RTL core use it.
#pragma once

#include <systemc>

#include "twinmatch/protocol.hpp"

namespace twinmatch::link {

class CoreSide {
public:
  virtual bool command_waiting() const = 0;
  // The oldest fetched command; only while command_waiting().
  virtual const Command& next_command() const = 0;
  // The core took next_command() now.
  virtual void take_command() = 0;
  virtual bool event_space() const = 0;
  // The core put out `event` now; only while event_space().
  virtual void put_event(const Event& event) = 0;
  // Notified when fetched commands land, and when the writer frees event space.
  virtual const sc_core::sc_event& commands_landed() const = 0;
  virtual const sc_core::sc_event& event_space_freed() const = 0;

protected:
  ~CoreSide() = default;
};

} // namespace twinmatch::link
