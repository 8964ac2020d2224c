// Readable names of the protocol's enum values, for diffs, reports, the demo table and the text
// form of records (record_text.hpp). One table per enum, indexed by the raw byte, is the only
// place a name is spelled: adding an enum value is one line in record_names.cpp (and the
// kLast* constant below when the enum has one).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace twinmatch::tools {

enum class NamedEnum : std::uint8_t {
  Opcode,
  EventType,
  RejectReason,
  CancelReason,
  Side,
  OrderType,
  TimeInForce,
  StpMode,
};

// The names of `which`, indexed by raw value; "" where the value is undefined.
std::span<const std::string_view> enum_names(NamedEnum which);
// The name of a defined value, or nothing.
std::optional<std::string_view> defined_name(NamedEnum which, std::uint8_t value);
// The value a name stands for (case-insensitive), or nothing.
std::optional<std::uint8_t> value_of_name(NamedEnum which, std::string_view name);

// Each takes the raw byte, so an undefined value gets a name too ("opcode(7)").
std::string opcode_name(std::uint8_t opcode);
std::string event_type_name(std::uint8_t type);
std::string reject_reason_name(std::uint8_t reason);
std::string cancel_reason_name(std::uint8_t reason);
std::string side_name(std::uint8_t side);

// Highest defined value of each enum, for tables indexed by the raw byte.
inline constexpr std::uint8_t kLastEventType = 13;
inline constexpr std::uint8_t kLastRejectReason = 14;
inline constexpr std::uint8_t kLastCancelReason = 7;

} // namespace twinmatch::tools
