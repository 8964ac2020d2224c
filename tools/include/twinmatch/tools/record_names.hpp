// Readable names of the protocol's enum values, for diffs, reports and the demo table.
// Each takes the raw byte, so an undefined value gets a name too ("opcode(7)").
#pragma once

#include <cstdint>
#include <string>

namespace twinmatch::tools {

std::string opcode_name(std::uint8_t opcode);
std::string event_type_name(std::uint8_t type);
std::string reject_reason_name(std::uint8_t reason);
std::string cancel_reason_name(std::uint8_t reason);
std::string side_name(std::uint8_t side);

// Highest defined value of each enum, for tables indexed by the raw byte.
inline constexpr std::uint8_t kLastEventType = 10;
inline constexpr std::uint8_t kLastRejectReason = 13;
inline constexpr std::uint8_t kLastCancelReason = 7;

} // namespace twinmatch::tools
