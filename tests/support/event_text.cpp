#include "event_text.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fmt/format.h>

namespace twinmatch::test {
namespace {

constexpr std::array<const char*, 14> kTypeNames = {
    "?", "Accepted", "Fill", "Cancelled", "Modified", "Rejected",
    "LevelUpdate", "SnapshotRow", "SnapshotEnd", "MassCancelDone", "BandSet",
    "StopAccepted", "StopTriggered", "Replenished"};

void field(std::string& text, const char* name, std::uint64_t value) {
  if (value != 0) text += fmt::format(" {}={}", name, value);
}

} // namespace

std::string event_text(const Event& e) {
  std::string text = e.type < kTypeNames.size() ? kTypeNames[e.type] : fmt::format("type{}", e.type);
  text += e.side == static_cast<std::uint8_t>(Side::Sell) ? " S" : e.side == 0 ? " B" : " side?";
  field(text, "reason", e.reason);
  field(text, "sym", e.symbol);
  field(text, "h", e.handle);
  field(text, "maker", e.maker_handle);
  field(text, "px", e.price);
  field(text, "qty", e.quantity);
  field(text, "rem", e.remaining);
  field(text, "mrem", e.maker_remaining);
  field(text, "lvlqty", e.level_quantity);
  field(text, "n", e.order_count);
  field(text, "flags", e.flags & ~kEventLast);
  field(text, "res0", e.reserved0);
  field(text, "aux", e.aux);
  if (e.flags & kEventLast) text += " last";
  return text;
}

std::vector<std::string> event_texts(const std::vector<Event>& events) {
  std::vector<std::string> texts;
  texts.reserve(events.size());
  for (const Event& event : events) texts.push_back(event_text(event));
  return texts;
}

std::string describe(const Event& e) {
  return fmt::format("{{type {} flags {} side {} reason {} symbol {} opcode {} res0 {} seq {} "
                     "cmd_seq {} handle {} maker {} price {} qty {} rem {} maker_rem {} "
                     "level_qty {} count {} aux {}}}",
                     e.type, e.flags, e.side, e.reason, e.symbol, e.cmd_opcode, e.reserved0,
                     e.seq, e.cmd_seq, e.handle, e.maker_handle, e.price, e.quantity, e.remaining,
                     e.maker_remaining, e.level_quantity, e.order_count, e.aux);
}

std::string first_difference(std::span<const Event> got, std::span<const Event> want) {
  const std::size_t common = std::min(got.size(), want.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (std::memcmp(&got[i], &want[i], sizeof(Event)) != 0) {
      return fmt::format("event {}:\n  got  {}\n  want {}", i, describe(got[i]), describe(want[i]));
    }
  }
  if (got.size() != want.size()) {
    return fmt::format("stream lengths differ: got {} want {}", got.size(), want.size());
  }
  return {};
}

} // namespace twinmatch::test
