// Builders of expected events for hand-written tests: every field the builder does not name is
// zero, as the protocol requires. seq, cmd_seq, cmd_opcode and the last flag belong to the
// command an event answers; number_events fills them in.
#pragma once

#include <cstdint>
#include <vector>

#include "twinmatch/protocol.hpp"

namespace twinmatch::test {

Event accepted(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity);
Event fill(std::uint32_t taker, Side side, std::uint16_t symbol, std::uint32_t maker,
           std::uint32_t price, std::uint32_t quantity, std::uint32_t remaining,
           std::uint32_t maker_remaining);
Event cancelled(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                std::uint32_t quantity, CancelReason reason);
Event modified(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity);
Event rejected(std::uint32_t handle, std::uint16_t symbol, RejectReason reason);
// The reject of `command`: its handle and symbol come back.
Event rejected(const Command& command, RejectReason reason);
Event level_update(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders);
Event snapshot_row(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders);
Event snapshot_end(std::uint16_t symbol, std::uint32_t rows);
Event mass_cancel_done(std::uint16_t symbol, std::uint32_t orders);
Event band_set(std::uint16_t symbol, std::uint32_t base, std::uint32_t cancelled);

// The events of one command, as the core numbers them: seq counts on from `last_seq` (which is
// left at the last one), cmd_seq and cmd_opcode name the command, kEventLast marks the last.
void number_events(std::vector<Event>& events, const Command& command, std::uint64_t& last_seq,
                   std::uint64_t cmd_seq);

} // namespace twinmatch::test
