#include "twinmatch/tools/record_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace twinmatch::tools {
namespace {

// names[value]; "" where a value is undefined (0 for the enums that start at 1). Tables sized by
// a kLast* constant of record_names.hpp need it raised with a new name; the others size
// themselves.
constexpr auto kOpcodeNames = std::to_array<std::string_view>(
    {"", "NewOrder", "Cancel", "Modify", "MassCancel", "Snapshot", "SetBand"});

constexpr std::array<std::string_view, kLastEventType + 1> kEventTypeNames{
    "",         "Accepted",    "Fill",        "Cancelled",     "Modified",
    "Rejected", "LevelUpdate", "SnapshotRow", "SnapshotEnd",   "MassCancelDone",
    "BandSet",  "StopAccepted", "StopTriggered", "Replenished"};

constexpr std::array<std::string_view, kLastRejectReason + 1> kRejectReasonNames{
    "",
    "Malformed",
    "UnknownSymbol",
    "HandleOutOfRange",
    "HandleInUse",
    "UnknownHandle",
    "ZeroQuantity",
    "QuantityTooLarge",
    "PriceOutOfRange",
    "InvalidCombination",
    "PostOnlyWouldCross",
    "CapacityExhausted",
    "DuplicateOrderId",
    "PriceOutsideBand",
    "StopCapacity"};

constexpr std::array<std::string_view, kLastCancelReason + 1> kCancelReasonNames{
    "", "User", "ImmediateOrCancel", "FillOrKill", "MarketRemainder", "Mass", "SelfTrade", "BandMoved"};

constexpr auto kSideNames = std::to_array<std::string_view>({"Buy", "Sell"});
constexpr auto kOrderTypeNames = std::to_array<std::string_view>({"Limit", "Market", "Stop", "StopLimit"});
constexpr auto kTimeInForceNames = std::to_array<std::string_view>({"Gtc", "Ioc", "Fok"});
constexpr auto kStpModeNames = std::to_array<std::string_view>(
    {"None", "CancelResting", "CancelIncoming", "CancelBoth"});

std::string name_or_raw(NamedEnum which, std::uint8_t value, std::string_view enum_name) {
  if (const auto name = defined_name(which, value)) return std::string(*name);
  return fmt::format("{}({})", enum_name, value);
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

} // namespace

std::span<const std::string_view> enum_names(NamedEnum which) {
  switch (which) {
  case NamedEnum::Opcode: return kOpcodeNames;
  case NamedEnum::EventType: return kEventTypeNames;
  case NamedEnum::RejectReason: return kRejectReasonNames;
  case NamedEnum::CancelReason: return kCancelReasonNames;
  case NamedEnum::Side: return kSideNames;
  case NamedEnum::OrderType: return kOrderTypeNames;
  case NamedEnum::TimeInForce: return kTimeInForceNames;
  case NamedEnum::StpMode: return kStpModeNames;
  }
  return {};
}

std::optional<std::string_view> defined_name(NamedEnum which, std::uint8_t value) {
  const std::span<const std::string_view> names = enum_names(which);
  if (value < names.size() && !names[value].empty()) return names[value];
  return std::nullopt;
}

std::optional<std::uint8_t> value_of_name(NamedEnum which, std::string_view name) {
  const std::span<const std::string_view> names = enum_names(which);
  for (std::size_t value = 0; value < names.size(); ++value) {
    if (!names[value].empty() && same_ignoring_case(names[value], name)) {
      return static_cast<std::uint8_t>(value);
    }
  }
  return std::nullopt;
}

std::string opcode_name(std::uint8_t opcode) { return name_or_raw(NamedEnum::Opcode, opcode, "opcode"); }

std::string event_type_name(std::uint8_t type) {
  return name_or_raw(NamedEnum::EventType, type, "type");
}

std::string reject_reason_name(std::uint8_t reason) {
  return name_or_raw(NamedEnum::RejectReason, reason, "reject");
}

std::string cancel_reason_name(std::uint8_t reason) {
  return name_or_raw(NamedEnum::CancelReason, reason, "cancel");
}

std::string side_name(std::uint8_t side) { return name_or_raw(NamedEnum::Side, side, "side"); }

} // namespace twinmatch::tools
