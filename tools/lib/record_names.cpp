#include "twinmatch/tools/record_names.hpp"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace twinmatch::tools {
namespace {

// names[value], value 0 being undefined for every enum but Side.
template <std::size_t N>
std::string name_or_raw(const std::array<std::string_view, N>& names, std::uint8_t value,
                        std::string_view enum_name) {
  if (value < N && !names[value].empty()) return std::string(names[value]);
  return fmt::format("{}({})", enum_name, value);
}

constexpr std::array<std::string_view, 7> kOpcodeNames{
    "", "NewOrder", "Cancel", "Modify", "MassCancel", "Snapshot", "SetBand"};

constexpr std::array<std::string_view, kLastEventType + 1> kEventTypeNames{
    "",         "Accepted",    "Fill",        "Cancelled",     "Modified",
    "Rejected", "LevelUpdate", "SnapshotRow", "SnapshotEnd",   "MassCancelDone",
    "BandSet"};

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
    "PriceOutsideBand"};

constexpr std::array<std::string_view, kLastCancelReason + 1> kCancelReasonNames{
    "", "User", "ImmediateOrCancel", "FillOrKill", "MarketRemainder", "Mass", "SelfTrade", "BandMoved"};

constexpr std::array<std::string_view, 2> kSideNames{"Buy", "Sell"};

} // namespace

std::string opcode_name(std::uint8_t opcode) { return name_or_raw(kOpcodeNames, opcode, "opcode"); }

std::string event_type_name(std::uint8_t type) {
  return name_or_raw(kEventTypeNames, type, "type");
}

std::string reject_reason_name(std::uint8_t reason) {
  return name_or_raw(kRejectReasonNames, reason, "reject");
}

std::string cancel_reason_name(std::uint8_t reason) {
  return name_or_raw(kCancelReasonNames, reason, "cancel");
}

std::string side_name(std::uint8_t side) { return name_or_raw(kSideNames, side, "side"); }

} // namespace twinmatch::tools
